/**
 * The strings a reporter types: free text, one line, an email address, a link. Kept apart
 * from the server's identifiers and timestamps so a browser bundle that validates only
 * what the reporter wrote does not carry the rest.
 */
import * as z from 'zod/mini';
import { LIMITS } from './limits.ts';

/** Refused in free text: the C0 controls but tab, line feed and carriage return; DEL. */
const CONTROL_CHARS = /[\0-\b\v\f\x0e-\x1f\x7f]/;

/**
 * Refused in one line: every C0 control (tab and line breaks too), DEL, every C1 control
 * (U+0080–U+009F, next line among them), the line and paragraph separators, and the
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): one of
 * those can reorder the rest of a title in a list or an email subject, so that what a
 * reader sees is not what was sent. The bidirectional marks (U+200E, U+200F, U+061C) stay
 * allowed: they are how right-to-left names are written correctly, and a mark reorders
 * nothing beyond the neutral characters beside it.
 */
const NOT_ONE_LINE = /[\0-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]/;

/**
 * A field of trimmed text that refuses what `refused` matches: `(max, min = 1)` for at
 * least `min` and at most `max` characters.
 */
const field = (refused: RegExp, message: string) => (max: number, min = 1) =>
  z.string().check(
    z.trim(),
    // `validate` words a minimum of one as "Required".
    z.minLength(min),
    z.maxLength(max),
    z.refine((value) => !refused.test(value), message),
  );

/**
 * Free text: trimmed, non-empty unless `min` is 0, at most `max` characters, no control
 * characters but tab and line breaks. Markup is allowed: it is evidence, and every
 * renderer shows it as text. C1 controls and bidirectional formatting are allowed too
 * (pasted logs and right-to-left prose carry them); renderers neutralise them.
 */
export const text = /* @__PURE__ */ field(CONTROL_CHARS, 'Must not contain control characters');

/**
 * One line of text (it may become an email subject or a list entry): like {@link text},
 * and none of the characters of `NOT_ONE_LINE` above. The code is `custom`; its
 * message counts the bidirectional formatting characters as controls, as Unicode's
 * Bidi_Control property does.
 */
export const line = /* @__PURE__ */ field(NOT_ONE_LINE, 'Must be a single line without control characters');

/** An email address. */
export const Email = z.email().check(z.maxLength(LIMITS.emailMax));

/** An absolute http or https URL. */
export const HttpUrl = z.url({ protocol: /^https?$/ }).check(z.maxLength(LIMITS.urlMax));
