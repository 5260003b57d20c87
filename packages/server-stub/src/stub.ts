import type { OutboxEmail } from '@vuln-report/contract';
import type { FaultConfig } from './http/controls-schemas.ts';
import { createOffsetClock, type MovableClock } from './core/clock.ts';
import { createIntake } from './core/intake.ts';
import type { StubState } from './core/state.ts';
import { controlHandlers, fallbackHandlers } from './http/controls.ts';
import { originMatches } from './http/cors.ts';
import { createRateLimiter, type BucketConfig } from './http/rate-limit.ts';
import { reporterHandlers } from './http/reporter.ts';
import type { Runtime } from './http/runtime.ts';
import { triageHandlers } from './http/triage.ts';
import { buildOpenApiDocument } from './openapi/document.ts';
import { DEFAULT_SEED, type Seed } from './seed.ts';

/** Rate limits on reporter routes; `false` turns them off (for load tests). */
export interface RateLimitOptions {
  /** Per publishable project key. Default: bursts of 60, then 1 per second. */
  perKey?: BucketConfig;
  /** Per client address (the standalone server only). Default: bursts of 120, then 2 per second. */
  perClient?: BucketConfig;
}

/** Options of {@link createStub}. Every one has a default. */
export interface StubOptions {
  /** Tenants, keys and staff. Default: the documented seed (acme, globex, initech). */
  seed?: Seed;
  /** The one clock. Default: real time, movable through `/__stub/clock`. */
  clock?: MovableClock;
  /** A saved state to start from (the standalone server's `--data`). */
  state?: StubState;
  /** The intake's origin, such as `http://127.0.0.1:4010`. Default: any origin. */
  baseUrl?: string;
  rateLimit?: RateLimitOptions | false;
  /** Origins whose browser pages may call staff routes. Default: any port on localhost and 127.0.0.1. */
  staffOrigins?: string[];
  /** Each email as it enters the outbox. */
  onEmail?: (email: OutboxEmail) => void;
  /** After every change to the state. */
  onChange?: () => void;
}

const NO_FAULTS: FaultConfig = { rate: 0 };

/**
 * The stub intake: MSW handlers for every route of the contract over the pure domain
 * core. Use `setupServer(...stub.handlers)` in Node tests, `setupWorker(...stub.handlers)`
 * in a browser, or `createStubServer` for a real HTTP server.
 */
export function createStub(options: StubOptions = {}) {
  const seed = options.seed ?? DEFAULT_SEED;
  const clock = options.clock ?? createOffsetClock();
  const intake = createIntake({
    seed,
    clock,
    ...(options.state ? { state: options.state } : {}),
    ...(options.onEmail ? { onEmail: options.onEmail } : {}),
    ...(options.onChange ? { onChange: options.onChange } : {}),
  });
  const nowMs = () => clock.now().getTime();
  const limits = options.rateLimit === false ? undefined : options.rateLimit;
  const staffOrigins = options.staffOrigins ?? ['http://localhost:*', 'http://127.0.0.1:*'];
  let openapi: unknown;
  const runtime: Runtime = {
    intake,
    seed,
    clock,
    base: options.baseUrl?.replace(/\/$/, '') ?? '*',
    faults: NO_FAULTS,
    limiters:
      options.rateLimit === false
        ? {}
        : {
            perKey: createRateLimiter(limits?.perKey ?? { capacity: 60, refillPerSecond: 1 }, nowMs),
            perClient: createRateLimiter(limits?.perClient ?? { capacity: 120, refillPerSecond: 2 }, nowMs),
          },
    staffOriginAllowed: (origin) => staffOrigins.some((pattern) => originMatches(origin, pattern)),
    openapi: () => (openapi ??= buildOpenApiDocument()),
  };
  const reset = () => {
    intake.reset();
    runtime.faults = NO_FAULTS;
    runtime.limiters.perKey?.reset();
    runtime.limiters.perClient?.reset();
  };
  return {
    /** The request handlers, for `setupServer`, `setupWorker` or `getResponse`. */
    handlers: [...controlHandlers(runtime, reset), ...reporterHandlers(runtime), ...triageHandlers(runtime), ...fallbackHandlers(runtime)],
    /** The domain core: read the state, outbox and log directly in tests. */
    intake,
    seed,
    clock,
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
