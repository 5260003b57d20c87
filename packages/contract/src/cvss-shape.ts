import * as z from 'zod/mini';
import { LIMITS } from './limits.ts';

/**
 * A CVSS v3.1 or v4.0 vector by its shape alone (`CVSS:3.1/` or `CVSS:4.0/`, then
 * `metric:value` pairs): what a report form checks in a browser. The intake validates the
 * metrics and scores the vector ({@link CvssVectorString} in `ReportDraft`), so the
 * browser carries no metric tables.
 */
export const CvssVectorShape = z.string().check(
  z.maxLength(LIMITS.cvssMax),
  z.regex(/^CVSS:(3\.1|4\.0)(\/[A-Za-z]+:[A-Za-z]+)+$/, 'Must be a CVSS vector such as CVSS:3.1/AV:N/AC:L/…'),
);
