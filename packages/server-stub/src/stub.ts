import type { OutboxEmail } from '@vuln-report/contract';
import type { FaultConfig } from './http/controls-schemas.ts';
import { createOffsetClock, type MovableClock } from './core/clock.ts';
import { createIntake } from './core/intake.ts';
import { http } from 'msw';
import { PROBLEM_TYPES, validate } from '@vuln-report/contract';
import { ROUTES } from '@vuln-report/contract/routes';
import { authenticator } from './http/auth.ts';
import { readJson } from './http/body.ts';
import { controlHandlers, STUB_ROUTES } from './http/controls.ts';
import { corsHeaders, originMatches, preflight, withHeaders } from './http/cors.ts';
import { invalid, problem } from './http/problem.ts';
import { createRateLimiter, type BucketConfig } from './http/rate-limit.ts';
import { reporterHandlers } from './http/reporter.ts';
import { createReportFeed } from './http/events.ts';
import { createRouter } from './http/router.ts';
import type { Runtime } from './http/runtime.ts';
import { triageHandlers } from './http/triage.ts';
import { buildOpenApiDocument } from './openapi/document.ts';
import { narrowPolicy } from './core/policy.ts';
import { DEFAULT_SEED, type Seed } from './seed.ts';
import { createMemoryStore, type Change, type StubState } from './store/memory.ts';

/**
 * Rate limits, as token buckets; `false` turns them off (for load tests). A client is
 * its address as the standalone server sees it, so one client cannot use up the
 * allowance of another, even of the same tenant.
 */
export interface RateLimitOptions {
  /** Reporter requests per publishable project key and client. Default: bursts of 60, then 1 per second. */
  perKeyAndClient?: BucketConfig;
  /** Reporter requests per client, whatever the key. Default: bursts of 120, then 2 per second. */
  perClient?: BucketConfig;
  /** Staff requests per client. Default: bursts of 120, then 5 per second. */
  staff?: BucketConfig;
  /** Refused staff credentials per client: guessing tokens stops here. Default: 10, then 1 a minute. */
  staffFailures?: BucketConfig;
}

/** Options of {@link createStub}. Every one has a default. */
export interface StubOptions {
  /** Tenants, keys and staff. Default: the documented seed (acme, globex, initech). */
  seed?: Seed;
  /** The one clock. Default: real time, movable through `/__stub/clock`. */
  clock?: MovableClock;
  /** A saved state to start from (the standalone server's `--data`). */
  state?: StubState;
  /** The only origin the stub answers, such as `http://127.0.0.1:4010`. Default: any origin (and any mount path). */
  baseUrl?: string;
  /**
   * Where the intake is reachable: every link it hands out (receipts, emails) starts with
   * it, never with what a request says. Default: the request's origin and mount path,
   * which only an in-process stub (MSW, a service worker) may rely on.
   */
  publicUrl?: string;
  /** Where a tenant's signed-in users follow incidents: the support center's URL, linked from incident emails. Default: the public URL plus `/support`. */
  supportCenterUrl?: string;
  /** The test controls (`/__stub/*`): their bearer token (default `stub_control_token`), or `false` for none at all. */
  controls?: { token?: string } | false;
  rateLimit?: RateLimitOptions | false;
  /** Origins whose browser pages may call staff routes. Default: any port on localhost and 127.0.0.1. */
  staffOrigins?: string[];
  /** Each new email (`queued`) once the change that caused it is committed; not its later delivery updates. */
  onEmail?: (email: OutboxEmail) => void;
  /**
   * As each unit of work commits, with its writes: persistence hooks in here. What it
   * returns is awaited before the request that made the change is answered.
   */
  onCommit?: (changes: readonly Change[], state: StubState) => void | Promise<void>;
  /** How often report event streams send `: ping`, in ms. Default 15 000. */
  eventPingMs?: number;
  /** When the clock is moved through `/__stub/clock`, by how much; awaited like `onCommit`. */
  onClockMove?: (advanceSeconds: number, state: StubState) => void | Promise<void>;
}

const NO_FAULTS: FaultConfig = { rate: 0 };
const anyOrigin = () => true;

/** Every route the stub serves: the contract's, then its own. */
export const STUB_ROUTE_TABLE = { ...ROUTES, ...STUB_ROUTES };

/** The table and handlers without the test controls (`/__stub/*`). */
function withoutControls<R extends Record<string, { audience: string }>, H extends Record<keyof R, unknown>>(routes: R, handlers: H) {
  const kept = Object.keys(routes).filter((name) => routes[name]!.audience !== 'stub');
  return {
    routes: Object.fromEntries(kept.map((name) => [name, routes[name]])) as R,
    handlers: Object.fromEntries(kept.map((name) => [name, handlers[name]])) as H,
  };
}

/** The control token when none is configured: documented, for local work and tests. */
export const DEFAULT_CONTROL_TOKEN = 'stub_control_token';

/**
 * The stub intake: a fetch-style handler for every route of the contract over the pure
 * domain core. `stub.handle(request)` answers a `Response`; `stub.handlers` mounts it in
 * MSW (`setupServer` in Node tests, `setupWorker` in a browser); `startStubServer` puts it
 * on `node:http`.
 */
export function createStub(options: StubOptions = {}) {
  const seed = options.seed ?? DEFAULT_SEED;
  const clock = options.clock ?? createOffsetClock();
  const feed = createReportFeed();
  const store = createMemoryStore({
    ...(options.state ? { state: options.state } : {}),
    onCommit: async (changes) => {
      for (const change of changes) if (change.kind === 'email' && change.value.attempts === 0 && change.value.status === 'queued') options.onEmail?.(change.value);
      await options.onCommit?.(changes, store.state);
      // Streamed only once durable, like any answer.
      for (const change of changes) {
        if (change.kind === 'report') feed.changed(change.value.id);
        else if (change.kind === 'reset') feed.changedAll();
      }
    },
  });
  const intake = createIntake({ store, directory: { tenants: seed.tenants, staffAlerts: seed.staffAlerts ?? [] }, clock, policy: narrowPolicy(seed.policy?.notifications) });
  const nowMs = () => clock.now().getTime();
  const limits = options.rateLimit === false ? undefined : options.rateLimit;
  const staffOrigins = options.staffOrigins ?? ['http://localhost:*', 'http://127.0.0.1:*'];
  const origin = options.baseUrl ? new URL(options.baseUrl).origin : undefined;
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');
  // The controls answer browsers only from the origins the seed's keys allow (a demo console, a test page).
  const controlOrigins = [...new Set(seed.tenants.flatMap((tenant) => tenant.projectKeys.flatMap((key) => key.allowedOrigins)))];
  const controlOriginAllowed = (candidate: string) => controlOrigins.some((pattern) => originMatches(candidate, pattern));
  let openapi: unknown;
  const runtime: Runtime = {
    intake,
    seed,
    clock,
    faults: NO_FAULTS,
    limiters:
      options.rateLimit === false
        ? {}
        : {
            perKeyAndClient: createRateLimiter(limits?.perKeyAndClient ?? { capacity: 60, refillPerSecond: 1 }, nowMs),
            perClient: createRateLimiter(limits?.perClient ?? { capacity: 120, refillPerSecond: 2 }, nowMs),
            staff: createRateLimiter(limits?.staff ?? { capacity: 120, refillPerSecond: 5 }, nowMs),
            staffFailures: createRateLimiter(limits?.staffFailures ?? { capacity: 10, refillPerSecond: 1 / 60 }, nowMs),
          },
    staffOriginAllowed: (candidate) => staffOrigins.some((pattern) => originMatches(candidate, pattern)),
    openapi: () => (openapi ??= buildOpenApiDocument()),
    links: (request) => {
      const baseUrl = publicUrl ?? `${new URL(request.url).origin}${router.mountOf(request)}`;
      return { baseUrl, supportCenterUrl: options.supportCenterUrl ?? `${baseUrl}/support` };
    },
    controlToken: options.controls === false ? '' : (options.controls?.token ?? DEFAULT_CONTROL_TOKEN),
    clockMoved: (seconds) => options.onClockMove?.(seconds, store.state),
    feed,
    ...(options.eventPingMs ? { pingIntervalMs: options.eventPingMs } : {}),
  };
  const reset = async () => {
    intake.forgetClock();
    await store.reset();
    runtime.faults = NO_FAULTS;
    for (const limiter of Object.values(runtime.limiters)) limiter.reset();
  };
  const allowedFor = (audience: string) => (audience === 'triage' ? runtime.staffOriginAllowed : audience === 'stub' ? controlOriginAllowed : anyOrigin);
  const handlers = { ...reporterHandlers(runtime), ...triageHandlers(runtime), ...controlHandlers(runtime, reset) };
  // Without controls, their routes are not mounted at all: `/__stub/*` is a 404 like any unknown path.
  const mounted = options.controls === false ? withoutControls(STUB_ROUTE_TABLE, handlers) : { routes: STUB_ROUTE_TABLE, handlers };
  const router = createRouter({
    ...mounted,
    authenticate: authenticator(runtime),
    readJson,
    readQuery: (request, schema) => {
      const parsed = validate(schema, Object.fromEntries(new URL(request.url).searchParams));
      return parsed.ok ? parsed : { ok: false, response: invalid('The query does not match the contract.', parsed.issues) };
    },
    preflight: (route, request) => preflight(request.headers.get('origin'), allowedFor(route.audience)),
    around: async (route, request, next) => {
      await intake.tick();
      const cors = corsHeaders(request.headers.get('origin'), allowedFor(route.audience));
      if (route.audience === 'triage') return withHeaders(await next(), { ...cors, 'Cache-Control': 'no-store' });
      if (route.audience !== 'reporter') return withHeaders(await next(), cors);
      // Injected faults: a failed status before the work, a dropped connection after it (the client never learns it was stored).
      const fault = runtime.faults;
      const faulty = fault.rate > 0 && Math.random() < fault.rate;
      if (faulty && fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (faulty && !fault.drop) {
        const status = fault.status ?? 503;
        const retry = status === 503 || status === 429 ? { headers: { 'Retry-After': '1' } } : {};
        return withHeaders(problem(status, 'A fault injected through /__stub/faults.', { type: PROBLEM_TYPES.fault, ...retry }), cors);
      }
      const response = await next();
      return faulty && fault.drop ? Response.error() : withHeaders(response, cors);
    },
  });

  /** Answers any request to the stub; `undefined` for a path outside its routes and its `/v1/` and `/__stub/` trees. */
  async function handle(request: Request): Promise<Response | undefined> {
    if (origin && new URL(request.url).origin !== origin) return undefined;
    const response = await router.handle(request);
    if (response || !/\/(v1|__stub)\//.test(new URL(request.url).pathname)) return response;
    return withHeaders(problem(404, `No route ${request.method} ${new URL(request.url).pathname}.`), corsHeaders(request.headers.get('origin'), anyOrigin));
  }

  return {
    /** Answers a Fetch request: the stub as one function, for any server or worker. */
    handle,
    /** The methods the stub takes on `pathname`, for an `Allow` header. */
    methodsFor: (pathname: string) => router.methodsFor(pathname),
    /** The stub for MSW: `setupServer(...stub.handlers)`, `setupWorker(...stub.handlers)`. */
    handlers: [http.all('*', ({ request }) => handle(request))],
    /** The domain core. */
    intake,
    /** The records as they stand: read them directly in tests. */
    get state() {
      return store.state;
    },
    seed,
    clock,
    /** How many report event streams are open. */
    get eventStreams() {
      return feed.size;
    },
    /** Starts over from the seed, with no faults and full rate-limit buckets. */
    reset,
    /** Sets injected faults, as `POST /__stub/faults` does. */
    setFaults(faults: FaultConfig) {
      runtime.faults = faults;
    },
  };
}

/** A stub made by {@link createStub}. */
export type Stub = ReturnType<typeof createStub>;
