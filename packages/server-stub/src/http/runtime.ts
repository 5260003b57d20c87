import type { FaultConfig } from './controls-schemas.ts';
import type { MovableClock } from '../core/clock.ts';
import type { Intake } from '../core/intake.ts';
import type { Seed } from '../seed.ts';
import type { RateLimiter } from './rate-limit.ts';

/** What the handlers share: the domain, the seed, the clock, and the stub's own switches. */
export interface Runtime {
  intake: Intake;
  seed: Seed;
  clock: MovableClock;
  /** The origin the handlers match, or `*` for any. */
  base: string;
  faults: FaultConfig;
  limiters: { perKey?: RateLimiter; perClient?: RateLimiter };
  /** Origins allowed to call staff routes from a browser (the triage console). */
  staffOriginAllowed: (origin: string) => boolean;
  /** The OpenAPI document, built once on first request. */
  openapi: () => unknown;
}

/** The header the standalone server sets to the client's address (overwriting what a client sent). */
export const CLIENT_HEADER = 'x-vuln-report-client';

/**
 * Where the intake is, for the links it hands out: the request's origin plus any path
 * the stub is mounted under (everything before `/v1/`).
 */
export function linksOf(request: Request) {
  const url = new URL(request.url);
  const mount = url.pathname.indexOf('/v1/');
  return { baseUrl: `${url.origin}${mount > 0 ? url.pathname.slice(0, mount) : ''}` };
}
