import type { OutboxEmail } from '@vuln-report/contract';
import { http } from 'msw';
import { createIntakeApp, type RateLimitOptions } from './app.ts';
import { createOffsetClock, type MovableClock } from './core/clock.ts';
import { deriveLedgerKeys } from './core/ledger.ts';
import { createReportFeed } from './http/events.ts';
import { DEFAULT_SEED, type Seed } from './seed.ts';
import { createMemoryStore, type Change, type StubState } from './store/memory.ts';

export { STUB_ROUTE_TABLE, type RateLimitOptions } from './app.ts';

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
  /**
   * The secret the activity log's keys derive from (the Ed25519 key that signs tree heads,
   * the key that blinds tenant ids). Default: the documented {@link DEFAULT_LEDGER_SECRET},
   * so the stub's heads verify across restarts; anyone can sign as it, as befits a stub.
   */
  ledgerSecret?: string;
}

/** The stub's documented ledger secret: test keys, like the seed's. */
export const DEFAULT_LEDGER_SECRET = 'vuln-report-stub-ledger';

/** The control token when none is configured: documented, for local work and tests. */
export const DEFAULT_CONTROL_TOKEN = 'stub_control_token';

/**
 * The stub intake: a fetch-style handler for every route of the contract over the pure
 * domain core, its records in memory. `stub.handle(request)` answers a `Response`;
 * `stub.handlers` mounts it in MSW (`setupServer` in Node tests, `setupWorker` in a
 * browser); `startStubServer` puts it on `node:http`.
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
  const app = createIntakeApp({
    store,
    seed,
    clock,
    feed,
    baseUrl: options.baseUrl,
    publicUrl: options.publicUrl,
    supportCenterUrl: options.supportCenterUrl,
    rateLimit: options.rateLimit,
    staffOrigins: options.staffOrigins,
    eventPingMs: options.eventPingMs,
    ledgerKeys: deriveLedgerKeys(options.ledgerSecret ?? DEFAULT_LEDGER_SECRET),
    controls:
      options.controls === false
        ? false
        : { token: options.controls?.token ?? DEFAULT_CONTROL_TOKEN, reset: () => store.reset(), clockMoved: (seconds) => options.onClockMove?.(seconds, store.state) },
  });
  const { handle } = app;

  return {
    /** Answers a Fetch request: the stub as one function, for any server or worker. */
    handle,
    /** The methods the stub takes on `pathname`, for an `Allow` header. */
    methodsFor: app.methodsFor,
    /** The stub for MSW: `setupServer(...stub.handlers)`, `setupWorker(...stub.handlers)`. */
    handlers: [http.all('*', ({ request }) => handle(request))],
    /** The domain core. */
    intake: app.intake,
    /** The records as they stand: read them directly in tests. */
    get state() {
      return store.state;
    },
    seed,
    clock,
    /** Requests refused for having no valid credential (401): counted, never logged. */
    get unauthenticatedRequests() {
      return app.unauthenticatedRequests;
    },
    /** How many report event streams are open. */
    get eventStreams() {
      return feed.size;
    },
    /** Starts over from the seed, with no faults and full rate-limit buckets. */
    reset: app.reset,
    /** Sets injected faults, as `POST /__stub/faults` does. */
    setFaults: app.setFaults,
  };
}

/** A stub made by {@link createStub}. */
export type Stub = ReturnType<typeof createStub>;
