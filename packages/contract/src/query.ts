import * as z from 'zod/mini';
import { LIMITS } from './limits.ts';

/** The query of every paginated list: `?cursor=...&limit=...`. */
export const PageQuery = z.strictObject({
  /** The `nextCursor` of the previous page. */
  cursor: z.optional(z.string().check(z.maxLength(256))),
  /** Page size, 1 to {@link LIMITS.pageSizeMax}; 20 when absent. */
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(LIMITS.pageSizeMax))),
});
/** @see PageQuery */
export type PageQuery = z.infer<typeof PageQuery>;
