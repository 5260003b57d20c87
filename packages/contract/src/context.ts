import * as z from 'zod/mini';
import { LIMITS } from './limits.ts';
import { Timestamp } from './primitives.ts';

const short = () => z.string().check(z.maxLength(LIMITS.shortMax));
const url = () => z.string().check(z.maxLength(LIMITS.urlMax));
const dimension = () => z.number().check(z.int(), z.gte(0), z.lte(100_000));

/** A console error, uncaught error or unhandled rejection seen before the report. */
export const CapturedError = z.object({
  type: z.enum(['console', 'error', 'rejection']),
  message: z.string().check(z.maxLength(LIMITS.messageMax)),
  stack: z.optional(z.string().check(z.maxLength(LIMITS.messageMax))),
  at: Timestamp,
});
/** @see CapturedError */
export type CapturedError = z.infer<typeof CapturedError>;

/**
 * What the SDK captured about where the report came from, after redaction. Every part
 * is optional and can be switched off; unknown members are dropped, not refused, so an
 * older server accepts a newer SDK.
 */
export const ReportContext = z.object({
  url: z.optional(url()),
  referrer: z.optional(url()),
  title: z.optional(short()),
  userAgent: z.optional(short()),
  clientHints: z.optional(
    z.object({
      brands: z.optional(z.array(z.object({ brand: short(), version: short() })).check(z.maxLength(20))),
      mobile: z.optional(z.boolean()),
      platform: z.optional(short()),
    }),
  ),
  languages: z.optional(z.array(z.string().check(z.maxLength(35))).check(z.maxLength(20))),
  timeZone: z.optional(z.string().check(z.maxLength(64))),
  viewport: z.optional(z.object({ width: dimension(), height: dimension() })),
  screen: z.optional(
    z.object({
      width: dimension(),
      height: dimension(),
      pixelRatio: z.number().check(z.gt(0), z.lte(16)),
    }),
  ),
  colorScheme: z.optional(z.enum(['light', 'dark'])),
  reducedMotion: z.optional(z.boolean()),
  online: z.optional(z.boolean()),
  app: z.optional(
    z.object({
      name: z.optional(short()),
      version: z.optional(short()),
      environment: z.optional(short()),
      release: z.optional(short()),
    }),
  ),
  user: z.optional(
    z.object({
      id: z.optional(short()),
      email: z.optional(short()),
    }),
  ),
  runtime: z.optional(
    z.object({
      name: short(),
      version: short(),
      platform: z.optional(short()),
    }),
  ),
  errors: z.optional(z.array(CapturedError).check(z.maxLength(LIMITS.contextErrorsMax))),
  /** The host's own context: flat values only. */
  extra: z.optional(
    z
      .record(
        z.string().check(z.maxLength(64)),
        z.union([z.string().check(z.maxLength(LIMITS.urlMax)), z.number(), z.boolean(), z.null()]),
      )
      .check(
        z.refine(
          (extra) => Object.keys(extra).length <= LIMITS.contextExtraKeysMax,
          `At most ${LIMITS.contextExtraKeysMax} keys`,
        ),
      ),
  ),
  capturedAt: z.optional(Timestamp),
});
/** @see ReportContext */
export type ReportContext = z.infer<typeof ReportContext>;
