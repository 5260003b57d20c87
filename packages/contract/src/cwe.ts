import * as z from 'zod/mini';
import { LIMITS } from './limits.ts';

/** The shape of a CWE id: `CWE-` and a number without leading zeros. */
export const CWE_PATTERN = /^CWE-[1-9][0-9]{0,5}$/;

/** One CWE id, such as `CWE-79`. */
export const CweId = z.string().check(z.regex(CWE_PATTERN, 'Must be a CWE id such as CWE-79'));

/** The CWE ids of a report or assessment: at most {@link LIMITS.cweMax}, no repeats. */
export const CweList = z.array(CweId).check(
  z.maxLength(LIMITS.cweMax),
  z.refine((ids) => new Set(ids).size === ids.length, 'Must not repeat a CWE id'),
);
