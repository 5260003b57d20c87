import type { RouteSpec } from '@vuln-report/contract/routes';
import type * as z from 'zod/mini';
import { problem } from './problem.ts';

/**
 * What the router needs of a route: the contract's {@link RouteSpec}, with the credential
 * and audience open, so that an intake's own routes (the stub's controls) mount the same way.
 */
export interface MountableRoute extends Omit<RouteSpec, 'credential' | 'audience' | 'method' | 'roles'> {
  method: string;
  credential: string;
  audience: string;
  roles?: readonly string[];
}

/** The outcome of a check: the value, or the response that refuses the request. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; response: Response };

type Output<S> = S extends z.ZodMiniType ? z.output<S> : undefined;
type BodyOf<A> = A extends { body: infer S extends z.ZodMiniType } ? z.output<S> : null;

/** What a handler receives: the request, and what the table says to check, checked. */
export interface RouteRequest<R extends MountableRoute, Credentials> {
  request: Request;
  /** Path parameters, decoded. */
  params: { [K in keyof R['params']]: string };
  /** The query, validated with the route's schema. */
  query: Output<R['query']>;
  /** The JSON body, validated with the route's schema; multipart routes read their own. */
  body: R['multipart'] extends true ? undefined : Output<R['body']>;
  /** What the route's credential resolved to. */
  auth: R['credential'] extends keyof Credentials ? Credentials[R['credential']] : never;
}

/** A success answer whose status and body the route's table entry allows; or any response (a problem). */
export type Reply<R extends MountableRoute> =
  | Response
  | { [S in keyof R['responses']]: { status: S; body: BodyOf<R['responses'][S]>; headers?: Record<string, string> } }[keyof R['responses']];

/** The handler of one route. */
export type RouteHandler<R extends MountableRoute, Credentials> = (input: RouteRequest<R, Credentials>) => Reply<R> | Promise<Reply<R>>;

/** One handler for every route of `Routes`: a missing or extra one fails the type check. */
export type RouteHandlers<Routes extends Record<string, MountableRoute>, Credentials> = {
  [K in keyof Routes]: RouteHandler<Routes[K], Credentials>;
};

/** How an intake checks credentials and reads bodies; the router stays out of both. */
export interface RouterOptions<Routes extends Record<string, MountableRoute>, Credentials> {
  routes: Routes;
  handlers: RouteHandlers<Routes, Credentials>;
  /** Resolves a route's credential (and, for staff, checks its roles), or refuses the request. */
  authenticate: (route: MountableRoute, request: Request) => Outcome<unknown> | Promise<Outcome<unknown>>;
  /** Reads and validates a JSON body. */
  readJson: (request: Request, schema: z.ZodMiniType) => Promise<Outcome<unknown>>;
  /** Wraps every matched route (clock, CORS, faults, rate limits): it may answer itself or call `next`. */
  around?: (route: Routes[keyof Routes], request: Request, next: () => Promise<Response>) => Promise<Response>;
  /** Validates a query (`Object.fromEntries` of the search parameters). */
  readQuery: (request: Request, schema: z.ZodMiniType) => Outcome<unknown>;
  /** Answers a CORS preflight (`OPTIONS`) to a path of the table. */
  preflight: (route: Routes[keyof Routes], request: Request) => Response;
  /** Told of every answer to a request whose credential was accepted (the activity log records refused staff calls); awaited before it is sent. */
  settled?: (route: Routes[keyof Routes], request: Request, auth: unknown, response: Response) => void | Promise<void>;
}

interface Compiled {
  name: string;
  route: MountableRoute;
  pattern: RegExp;
  names: string[];
}

/** A path template (`/v1/reports/{id}`) as a pattern over the end of a path, any mount before it. */
function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{(.+)\}$/.exec(part);
      if (!param) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^((?:/[^/]+)*?)${source}$`), names };
}

/** Checks that the handlers and the table name the same routes: one list cannot drift from the other. */
function checkHandlers(routes: Record<string, unknown>, handlers: Record<string, unknown>) {
  const missing = Object.keys(routes).filter((name) => typeof handlers[name] !== 'function');
  const extra = Object.keys(handlers).filter((name) => !Object.hasOwn(routes, name));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      [missing.length > 0 ? `routes with no handler: ${missing.join(', ')}` : '', extra.length > 0 ? `handlers with no table entry: ${extra.join(', ')}` : '']
        .filter(Boolean)
        .join('; '),
    );
  }
}

function toResponse(reply: Reply<MountableRoute>): Response {
  if (reply instanceof Response) return reply;
  const { status, body, headers } = reply as { status: number; body: unknown; headers?: Record<string, string> };
  if (body === null) return new Response(null, { status, ...(headers ? { headers } : {}) });
  return Response.json(body, { status, ...(headers ? { headers } : {}) });
}

/**
 * A fetch-style router over a route table: `handle(request)` answers a `Response`, or
 * `undefined` when no route of the table has that path (so a service worker lets the
 * request through). A known path with another method is `405` with `Allow`. Before the
 * handler runs, the route's credential, query and JSON body are checked as the table says.
 */
export function createRouter<Routes extends Record<string, MountableRoute>, Credentials>(options: RouterOptions<Routes, Credentials>) {
  checkHandlers(options.routes, options.handlers);
  const compiled: Compiled[] = Object.entries(options.routes).map(([name, route]) => ({ name, route, ...compile(route.path) }));

  async function run(entry: Compiled, request: Request, values: string[]): Promise<Response> {
    const { route } = entry;
    const params: Record<string, string> = {};
    for (const [i, name] of entry.names.entries()) params[name] = values[i]!;
    const auth = await options.authenticate(route, request);
    if (!auth.ok) return auth.response;
    const response = await checkedAndHandled(entry, request, params, auth.value);
    await options.settled?.(route as Routes[keyof Routes], request, auth.value, response);
    return response;
  }

  async function checkedAndHandled(entry: Compiled, request: Request, params: Record<string, string>, auth: unknown): Promise<Response> {
    const { route } = entry;
    const query = route.query ? options.readQuery(request, route.query) : { ok: true as const, value: undefined };
    if (!query.ok) return query.response;
    const body = route.body && !route.multipart ? await options.readJson(request, route.body) : { ok: true as const, value: undefined };
    if (!body.ok) return body.response;
    const handler = options.handlers[entry.name as keyof Routes] as RouteHandler<MountableRoute, unknown>;
    return toResponse(await handler({ request, params, query: query.value, body: body.value, auth } as RouteRequest<MountableRoute, unknown>));
  }

  return {
    /** The table this router serves. */
    routes: options.routes,
    /** Answers `request`, or `undefined` when its path is not in the table. */
    async handle(request: Request): Promise<Response | undefined> {
      const url = new URL(request.url);
      const allowed: string[] = [];
      for (const entry of compiled) {
        const match = entry.pattern.exec(url.pathname);
        if (!match) continue;
        let values: string[];
        try {
          values = match.slice(2).map((value) => decodeURIComponent(value));
        } catch {
          return problem(400, 'The request path is not valid percent-encoding.');
        }
        const route = entry.route as Routes[keyof Routes];
        if (request.method === 'OPTIONS') return options.preflight(route, request);
        if (entry.route.method !== request.method) {
          allowed.push(entry.route.method);
          continue;
        }
        const next = () => run(entry, request, values);
        return options.around ? options.around(route, request, next) : next();
      }
      if (allowed.length === 0) return undefined;
      const allow = [...new Set(allowed)].join(', ');
      return problem(405, `${request.method} is not allowed here; use ${allow}.`, { headers: { Allow: allow } });
    },
    /** The methods the table has for `pathname` (none when it has no such path). */
    methodsFor(pathname: string): string[] {
      return [...new Set(compiled.filter((entry) => entry.pattern.test(pathname)).map((entry) => entry.route.method))];
    },
    /** The mount path of a request the router serves: what comes before the route's own path. */
    mountOf(request: Request): string {
      const { pathname } = new URL(request.url);
      for (const entry of compiled) {
        const match = entry.pattern.exec(pathname);
        if (match) return match[1] ?? '';
      }
      return '';
    },
  };
}

/** A router made by {@link createRouter}. */
export type Router = ReturnType<typeof createRouter>;
