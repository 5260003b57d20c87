import { PROBLEM_TYPES, validate } from '@vuln-report/contract';
import { ROUTES } from '@vuln-report/contract/routes';
import type { AccountsStore, PasswordHasher } from './core/accounts.ts';
import { createAdmin } from './core/admin.ts';
import { iso, type MovableClock } from './core/clock.ts';
import { createIntake } from './core/intake.ts';
import { testPasswordHasher } from './core/test-passwords.ts';
import { narrowPolicy } from './core/policy.ts';
import type { IntakeStore } from './core/store.ts';
import type { LedgerKeys } from './core/ledger.ts';
import { authenticator, callTarget } from './http/auth.ts';
import { readJson } from './http/body.ts';
import { controlHandlers, STUB_ROUTES } from './http/controls.ts';
import type { FaultConfig } from './http/controls-schemas.ts';
import { corsHeaders, originMatches, preflight, withHeaders } from './http/cors.ts';
import type { ReportFeed } from './http/events.ts';
import { invalid, problem } from './http/problem.ts';
import { createRateLimiter, type BucketConfig, type RateLimiter } from './http/rate-limit.ts';
import { reporterHandlers } from './http/reporter.ts';
import { createRouter } from './http/router.ts';
import type { Runtime } from './http/runtime.ts';
import { createStaffAccounts, type StaffPrincipal } from './http/staff-accounts.ts';
import { triageHandlers } from './http/triage.ts';
import { buildOpenApiDocument } from './openapi/document.ts';
import type { Seed } from './seed.ts';
import { createMemoryAccounts } from './store/memory-accounts.ts';

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

/** The test controls of an intake that has them (the stub): their token and how to start over. */
export interface ControlOptions {
  /** The bearer token the controls require. */
  token: string;
  /** Starts the records over from the seed. */
  reset: () => Promise<void>;
  /** Called when the clock was moved through the controls; the answer waits for it (persistence). */
  clockMoved?: (advanceSeconds: number) => void | Promise<void>;
}

/** What {@link createIntakeApp} composes: a store, people and keys, the clock and the change feed, and the HTTP options. */
export interface IntakeAppOptions {
  store: IntakeStore;
  /** The stub's seed: its people and keys (kept in memory) unless `accounts` is given, its staff alerts and policy. */
  seed?: Seed | undefined;
  /** Where people and keys are kept (the server's tables). Default: the seed's, in memory. */
  accounts?: (AccountsStore & { reset?: () => Promise<void> }) | undefined;
  /** How passwords are hashed. Default: the stub's fast salted SHA-256 (test credentials). */
  passwords?: PasswordHasher | undefined;
  /** The vendor's staff alert addresses. Default: the seed's. */
  staffAlerts?: readonly string[] | undefined;
  clock: MovableClock;
  /** Committed changes to reports, for their event streams: the store's owner tells it. */
  feed: ReportFeed;
  /** The only origin served, such as `http://127.0.0.1:4010`. Default: any origin (and any mount path). */
  baseUrl?: string | undefined;
  /** Where the intake is reachable: every link it hands out starts with it. Default: the request's origin and mount path. */
  publicUrl?: string | undefined;
  /** The support center's URL, linked from incident emails. Default: the public URL plus `/support`. */
  supportCenterUrl?: string | undefined;
  /** The test controls (`/__stub/*`), or `false` for none: their routes are then not mounted at all. */
  controls: ControlOptions | false;
  rateLimit?: RateLimitOptions | false | undefined;
  /** Where a limit keeps its buckets (the server: a table every process shares). Default: this process's memory. */
  rateLimiter?: ((name: string, config: BucketConfig, nowMs: () => number) => RateLimiter) | undefined;
  /** Origins whose browser pages may call staff routes. Default: any port on localhost and 127.0.0.1. */
  staffOrigins?: string[] | undefined;
  /** How often report event streams send `: ping`, in ms. Default 15 000. */
  eventPingMs?: number | undefined;
  /** The activity log's head-signing and tenant-blinding keys (`deriveLedgerKeys` from a secret). */
  ledgerKeys: LedgerKeys;
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

/**
 * The intake over HTTP, whatever keeps its records: the domain core on `store`, every
 * route of the contract mounted from the route table with its credentials, CORS and rate
 * limits, and (for the stub) the test controls. `handle(request)` answers a `Response`.
 */
export function createIntakeApp(options: IntakeAppOptions) {
  const { seed, clock, feed, store } = options;
  const passwords = options.passwords ?? testPasswordHasher;
  const accounts =
    options.accounts ??
    createMemoryAccounts({
      seed: seed ?? { tenants: [], staff: [] },
      hashPassword: passwords.hash,
      appendLog: (records) => store.transaction(async (tx) => records.forEach((record) => tx.appendActivity(record))),
      now: () => iso(clock.now()),
    });
  const staffAlerts = options.staffAlerts ?? seed?.staffAlerts ?? [];
  const intake = createIntake({
    store,
    // Read at each use: an admin's change to a tenant's contacts counts from the next notice.
    directory: {
      get tenants() {
        return accounts.tenants();
      },
      staffAlerts,
    },
    clock,
    policy: narrowPolicy(seed?.policy?.notifications),
    ledgerKeys: options.ledgerKeys,
  });
  const nowMs = () => clock.now().getTime();
  const limits = options.rateLimit === false ? undefined : options.rateLimit;
  const limiter = (name: string, config: BucketConfig): RateLimiter => (options.rateLimiter ? options.rateLimiter(name, config, nowMs) : createRateLimiter(config, nowMs));
  const staffOrigins = options.staffOrigins ?? ['http://localhost:*', 'http://127.0.0.1:*'];
  const origin = options.baseUrl ? new URL(options.baseUrl).origin : undefined;
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');
  // The controls answer browsers only from the origins the seed's keys allow (a demo console, a test page).
  const controlOrigins = [...new Set((seed?.tenants ?? []).flatMap((tenant) => tenant.projectKeys.flatMap((key) => key.allowedOrigins)))];
  const controlOriginAllowed = (candidate: string) => controlOrigins.some((pattern) => originMatches(candidate, pattern));
  const controls = options.controls;
  /** Counters for an operator: calls with no valid credential are counted here, never logged. */
  const metrics = { unauthenticated: 0 };
  let openapi: unknown;
  const runtime: Runtime = {
    intake,
    accounts,
    admin: createAdmin({ accounts, clock, blind: (tenant) => intake.blind(tenant), passwords }),
    // Sessions last hours of real time: the intake's clock moves deadlines (and jumps in tests and demos), not sign-ins.
    staff: createStaffAccounts(accounts, passwords, Date.now),
    clock,
    faults: NO_FAULTS,
    limiters:
      options.rateLimit === false
        ? {}
        : {
            perKeyAndClient: limiter('perKeyAndClient', limits?.perKeyAndClient ?? { capacity: 60, refillPerSecond: 1 }),
            perClient: limiter('perClient', limits?.perClient ?? { capacity: 120, refillPerSecond: 2 }),
            staff: limiter('staff', limits?.staff ?? { capacity: 120, refillPerSecond: 5 }),
            staffFailures: limiter('staffFailures', limits?.staffFailures ?? { capacity: 10, refillPerSecond: 1 / 60 }),
          },
    staffOriginAllowed: (candidate) => staffOrigins.some((pattern) => originMatches(candidate, pattern)),
    openapi: () => (openapi ??= buildOpenApiDocument()),
    links: (request) => {
      const baseUrl = publicUrl ?? `${new URL(request.url).origin}${router.mountOf(request)}`;
      return { baseUrl, supportCenterUrl: options.supportCenterUrl ?? `${baseUrl}/support` };
    },
    controlToken: controls === false ? '' : controls.token,
    clockMoved: (seconds) => (controls === false ? undefined : controls.clockMoved?.(seconds)),
    feed,
    ...(options.eventPingMs ? { pingIntervalMs: options.eventPingMs } : {}),
  };
  const reset = async () => {
    if (controls === false) return;
    intake.forgetClock();
    await controls.reset();
    intake.ledger.reset();
    runtime.faults = NO_FAULTS;
    for (const bucket of Object.values(runtime.limiters)) await bucket.reset();
    await accounts.reset?.();
  };
  const allowedFor = (audience: string) => (audience === 'triage' ? runtime.staffOriginAllowed : audience === 'stub' ? controlOriginAllowed : anyOrigin);
  const handlers = { ...reporterHandlers(runtime), ...triageHandlers(runtime), ...controlHandlers(runtime, reset) };
  // Without controls, their routes are not mounted at all: `/__stub/*` is a 404 like any unknown path.
  const mounted = controls === false ? withoutControls(STUB_ROUTE_TABLE, handlers) : { routes: STUB_ROUTE_TABLE, handlers };
  const router = createRouter({
    ...mounted,
    authenticate: authenticator(runtime),
    readJson,
    readQuery: (request, schema) => {
      const parsed = validate(schema, Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.ok) return { ok: false, response: invalid('The query does not match the contract.', parsed.issues) };
      // Every cursor this intake gives is a position (digits): anything else was not given by it, and reading from the start instead would hide that.
      const { cursor } = parsed.value as { cursor?: unknown };
      if (typeof cursor === 'string' && !/^\d{1,18}$/.test(cursor)) {
        return { ok: false, response: invalid('The cursor was not given by this list: pass a page’s nextCursor as it came.', [{ path: 'cursor', message: 'Must be a nextCursor this list gave', code: 'custom' }]) };
      }
      return parsed;
    },
    preflight: (route, request) => preflight(request.headers.get('origin'), allowedFor(route.audience)),
    settled: async (route, request, auth, response) => {
      // A staff call refused for what it asked is logged with its problem type; a done one logged itself.
      if (route.credential !== 'staff' || response.status < 400) return;
      const type = await response
        .clone()
        .json()
        .then((body: { type?: unknown }) => (typeof body.type === 'string' ? body.type : undefined))
        .catch(() => undefined);
      await intake.logCall(auth as StaffPrincipal, `${route.method} ${route.path}`, callTarget(route, request), { outcome: 'refused', ...(type ? { problemType: type } : {}) });
    },
    around: async (route, request, next) => {
      await intake.tick();
      const cors = corsHeaders(request.headers.get('origin'), allowedFor(route.audience));
      const counted = async () => {
        const response = await next();
        if (response.status === 401) metrics.unauthenticated += 1;
        return response;
      };
      if (route.audience === 'triage') return withHeaders(await counted(), { ...cors, 'Cache-Control': 'no-store' });
      if (route.audience !== 'reporter') return withHeaders(await counted(), cors);
      // Injected faults: a failed status before the work, a dropped connection after it (the client never learns it was stored).
      const fault = runtime.faults;
      const faulty = fault.rate > 0 && Math.random() < fault.rate;
      if (faulty && fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (faulty && !fault.drop) {
        const status = fault.status ?? 503;
        const retry = status === 503 || status === 429 ? { headers: { 'Retry-After': '1' } } : {};
        return withHeaders(problem(status, 'A fault injected through /__stub/faults.', { type: PROBLEM_TYPES.fault, ...retry }), cors);
      }
      const response = await counted();
      return faulty && fault.drop ? Response.error() : withHeaders(response, cors);
    },
  });

  /** Answers any request to the intake; `undefined` for a path outside its routes and its `/v1/` and `/__stub/` trees. */
  async function handle(request: Request): Promise<Response | undefined> {
    if (origin && new URL(request.url).origin !== origin) return undefined;
    const response = await router.handle(request);
    if (response || !/\/(v1|__stub)\//.test(new URL(request.url).pathname)) return response;
    return withHeaders(problem(404, `No route ${request.method} ${new URL(request.url).pathname}.`), corsHeaders(request.headers.get('origin'), anyOrigin));
  }

  return {
    handle,
    /** The methods served on `pathname`, for an `Allow` header. */
    methodsFor: (pathname: string) => router.methodsFor(pathname),
    /** The domain core. */
    intake,
    /** Requests refused for having no valid credential (401): the activity log does not record them. */
    get unauthenticatedRequests() {
      return metrics.unauthenticated;
    },
    /** People and keys. */
    accounts,
    /** Starts over from the seed, with no faults and full rate-limit buckets (only with controls). */
    reset,
    /** Sets injected faults, as `POST /__stub/faults` does. */
    setFaults(faults: FaultConfig) {
      runtime.faults = faults;
    },
  };
}

/** An intake made by {@link createIntakeApp}. */
export type IntakeApp = ReturnType<typeof createIntakeApp>;
