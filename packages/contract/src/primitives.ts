import * as z from 'zod/mini';

/** An ISO 8601 time in UTC, with a `Z` offset. */
export const Timestamp = z.iso.datetime({ offset: false });

/** An opaque identifier chosen by the server: letters, digits, `_` and `-`. */
export const Id = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/));

/** A tenant identifier, as in the seed (`acme`). */
export const TenantId = z.string().check(
  z.minLength(1),
  z.maxLength(64),
  z.regex(/^[a-z0-9][a-z0-9-]*$/, 'Must be a tenant id: lower-case letters, digits and -'),
);

/** A release version such as `2.4.1`, `v10.0.0-rc.1` or `2026.11.3`. */
export const Version = z.string().check(
  z.maxLength(64),
  z.regex(
    /^v?\d+(\.\d+){1,3}([-+][0-9A-Za-z.-]+)?$/,
    'Must be a version such as 2.4.1 or v2.4.1-hotfix.1',
  ),
);

/** A publishable project key: public, identifies one installation of a tenant. */
export const ProjectKey = z.string().check(
  z.regex(/^pk_[A-Za-z0-9_]{1,128}$/, 'Must be a project key: pk_ followed by letters, digits and _'),
);

/**
 * An `Idempotency-Key` header value: a UUID chosen by the client, one per report. Parsed
 * to lower case, its canonical form, so the same UUID in either case is the same key.
 */
export const IdempotencyKey = z.uuid().check(z.toLowerCase());

/** Wraps an item schema in the contract's list shape, `{ items, nextCursor? }`. */
export function listOf<T extends z.ZodMiniType>(item: T) {
  return z.object({
    items: z.array(item),
    /** Pass as `cursor` to read the next page; absent on the last page. */
    nextCursor: z.optional(z.string()),
  });
}
