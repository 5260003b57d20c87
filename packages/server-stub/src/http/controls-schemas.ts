import * as z from 'zod/mini';
import { Timestamp } from '@vuln-report/contract';

/** `GET /__stub/clock` (stub only): the stub's current time. */
export const ClockView = z.object({ now: Timestamp });
/** @see ClockView */
export type ClockView = z.infer<typeof ClockView>;

/** `POST /__stub/clock` (stub only): move the clock forward, or set it. Time never goes back. */
export const ClockUpdate = z.union([
  z.strictObject({ advanceSeconds: z.number().check(z.gte(0), z.lte(10 * 365 * 24 * 3600)) }),
  z.strictObject({ now: Timestamp }),
]);
/** @see ClockUpdate */
export type ClockUpdate = z.infer<typeof ClockUpdate>;

/**
 * `POST /__stub/faults` (stub only): make a share of reporter requests fail on purpose.
 * `{ "rate": 0 }` ends it.
 */
export const FaultConfig = z.strictObject({
  /** Share of reporter requests that fail, 0 to 1. */
  rate: z.number().check(z.gte(0), z.lte(1)),
  /** Status of a failed request (5xx, 408 or 429); 503 when absent. */
  status: z.optional(z.number().check(z.int(), z.gte(400), z.lte(599))),
  /** Delay before answering a failed request, in milliseconds. */
  delayMs: z.optional(z.number().check(z.int(), z.gte(0), z.lte(60_000))),
  /** Drop the connection instead of answering. */
  drop: z.optional(z.boolean()),
});
/** @see FaultConfig */
export type FaultConfig = z.infer<typeof FaultConfig>;
