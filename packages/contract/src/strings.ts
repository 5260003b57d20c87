/**
 * The strings a reporter types: free text, one line, an email address, a link. Kept apart
 * from the server's identifiers and timestamps so a browser bundle that validates only
 * what the reporter wrote does not carry the rest.
 */
import * as z from 'zod/mini';
import { LIMITS } from './limits.ts';

const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LINE_BREAKS = /[\r\n\u2028\u2029]/;

/**
 * Free text: trimmed, non-empty unless `min` is 0, at most `max` characters, no control
 * characters but tab and line breaks. Markup is allowed: it is evidence, and every
 * renderer shows it as text.
 */
export function text(max: number, min = 1) {
  return z.string().check(
    z.trim(),
    z.minLength(min, min === 1 ? 'Required' : undefined),
    z.maxLength(max),
    z.refine((value) => !CONTROL_CHARS.test(value), 'Must not contain control characters'),
  );
}

/** One line of text: like {@link text}, and no line breaks (it may become an email subject). */
export function line(max: number, min = 1) {
  return text(max, min).check(
    z.refine((value) => !LINE_BREAKS.test(value), 'Must be a single line'),
  );
}

/** An email address. */
export const Email = z.email().check(z.maxLength(LIMITS.emailMax));

/** An absolute http or https URL. */
export const HttpUrl = z.url({ protocol: /^https?$/ }).check(z.maxLength(LIMITS.urlMax));
