import { ATTACHMENT_TYPES, LIMITS, PROBLEM_TYPES, validate, type ValidationIssue } from '@vuln-report/contract';
import type * as z from 'zod/mini';
import type { StoredAttachment } from '../core/records.ts';
import { randomId } from '../core/ids.ts';
import { invalid, problem } from './problem.ts';
import { mismatch, type AttachmentType } from './sniff.ts';

/** The largest request body the stub reads at all: the JSON part plus every attachment and multipart framing. */
export const MAX_REQUEST_BYTES = LIMITS.jsonBodyBytesMax + LIMITS.attachmentsTotalBytesMax + 64 * 1024;

const tooLarge = (detail: string) => problem(413, detail, { type: PROBLEM_TYPES.tooLarge });

function declaredLength(request: Request): number | undefined {
  const header = request.headers.get('content-length');
  return header && /^\d+$/.test(header) ? Number(header) : undefined;
}

/** How deep arrays and objects may nest in a body: far beyond any the contract describes, far below a stack. */
export const MAX_JSON_DEPTH = 32;

/** Whether `value` nests deeper than `max`, found without recursion (so no input can overflow the stack). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** A UTF-16 surrogate without its pair: what a `\ud800` escape in JSON makes, and no text can be stored as. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string of `value` (a member name included) is not well-formed Unicode; walked without recursion. */
export function hasLoneSurrogate(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') {
      if (LONE_SURROGATE.test(node)) return true;
    } else if (node !== null && typeof node === 'object') {
      for (const [name, child] of Object.entries(node)) stack.push(name, child);
    }
  }
  return false;
}

/** Parses JSON text, or answers why not; refuses nesting past {@link MAX_JSON_DEPTH} before anything walks it. */
function parseJson(text: string, what: string): { ok: true; value: unknown } | { ok: false; response: Response } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, response: invalid(`The ${what} is not valid JSON.`, [{ path: '', message: 'Must be valid JSON', code: 'invalid_format' }]) };
  }
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    return { ok: false, response: invalid(`The ${what} nests deeper than ${MAX_JSON_DEPTH} levels.`, [{ path: '', message: `Must nest at most ${MAX_JSON_DEPTH} levels`, code: 'too_deep' }]) };
  }
  // Invalid UTF-8 is refused as bytes; the same text escaped (`\ud800`) is refused here, as no store could keep it.
  if (hasLoneSurrogate(value)) {
    return { ok: false, response: invalid(`The ${what} holds a \\u escape of half a surrogate pair, which is not text.`, [{ path: '', message: 'Must be well-formed Unicode', code: 'invalid_format' }]) };
  }
  return { ok: true, value };
}

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;
const bodyTooLarge = () => tooLarge(`The body is over ${LIMITS.jsonBodyBytesMax} bytes.`);

/** Strict UTF-8: a malformed sequence throws instead of becoming U+FFFD, so what is stored is what was sent. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

const notUtf8 = (what: string, path: string) => invalid(`The ${what} is not valid UTF-8.`, [{ path, message: 'Must be valid UTF-8', code: 'invalid_encoding' }]);

/** Decodes `bytes` as strict UTF-8, or answers 400 naming `path` (the whole body when empty). */
function decodeUtf8(bytes: Uint8Array, what: string, path = ''): { ok: true; value: string } | { ok: false; response: Response } {
  try {
    return { ok: true, value: utf8.decode(bytes) };
  } catch {
    return { ok: false, response: notUtf8(what, path) };
  }
}

/** The body's bytes, or `undefined` when the stream fails midway (a client that went away, a malformed chunked body). */
async function readBytes(request: Request): Promise<Uint8Array<ArrayBuffer> | undefined> {
  try {
    return new Uint8Array(await request.arrayBuffer());
  } catch {
    return undefined;
  }
}

const unreadable = () => invalid('The body cannot be read.', [{ path: '', message: 'Must be a complete request body', code: 'invalid_format' }]);

/** The body as text, refused (before reading it, when the length is declared) past the JSON limit, and refused when not UTF-8. */
async function readText(request: Request): Promise<{ ok: true; value: string } | { ok: false; response: Response }> {
  const length = declaredLength(request);
  if (length !== undefined && length > LIMITS.jsonBodyBytesMax) return { ok: false, response: bodyTooLarge() };
  const bytes = await readBytes(request);
  if (!bytes) return { ok: false, response: unreadable() };
  if (bytes.length > LIMITS.jsonBodyBytesMax) return { ok: false, response: bodyTooLarge() };
  return decodeUtf8(bytes, 'body');
}

/**
 * Reads a JSON body within the JSON limit and validates it with `schema`; an empty body
 * counts as `{}` for routes whose body is all optional.
 */
export async function readJson<S extends z.ZodMiniType>(request: Request, schema: S): Promise<{ ok: true; value: z.output<S> } | { ok: false; response: Response }> {
  const body = await readText(request);
  if (!body.ok) return body;
  const text = body.value;
  if (text.trim() !== '' && !JSON_TYPE.test(request.headers.get('content-type') ?? '')) {
    return { ok: false, response: problem(415, 'Send the body as application/json.') };
  }
  const parsed = text.trim() === '' ? { ok: true as const, value: {} } : parseJson(text, 'body');
  if (!parsed.ok) return parsed;
  const result = validate(schema, parsed.value);
  if (!result.ok) return { ok: false, response: invalid('The body does not match the contract.', result.issues) };
  return { ok: true, value: result.value };
}

/** A report submission as received: the draft as sent (before validation) and the files. */
export interface RawSubmission {
  report: unknown;
  attachments: StoredAttachment[];
  /** Stable digests of the files, for the idempotency hash. */
  attachmentDigests: string[];
}

/**
 * Removed from attachment names: C0 and C1 controls and DEL, the line and paragraph
 * separators, and every bidirectional formatting character, marks included (U+061C,
 * U+200E, U+200F, U+202A–U+202E, U+2066–U+2069). A right-to-left override makes
 * `report\u202Egnp.exe` show as `reportexe.png`; a file name has no use for any of them.
 */
const NAME_REMOVED = /[\0-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** Characters Windows does not allow in a file name (`/` and `\` are path separators, dropped before). */
const WINDOWS_RESERVED_CHARS = /[<>:"|?*]/g;
/** Device names Windows reserves, with or without an extension (`CON`, `nul.txt`, `COM1.log`). */
const WINDOWS_RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\.|$)/i;
/** The longest name kept, in bytes of UTF-8: the limit of most file systems. */
const NAME_BYTES_MAX = 255;

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** `name` cut to `max` bytes of UTF-8 between code points, its extension (up to 16 characters) kept. */
function truncateName(name: string, max: number): string {
  if (utf8Length(name) <= max) return name;
  const extension = /\.[^.]{1,16}$/.exec(name)?.[0] ?? '';
  let budget = max - utf8Length(extension);
  let stem = '';
  for (const char of name.slice(0, name.length - extension.length)) {
    budget -= utf8Length(char);
    if (budget < 0) break;
    stem += char;
  }
  return stem + extension;
}

/**
 * A file name safe to show, to put in a `Content-Disposition` header and to save on any
 * system, from the name the client sent. Names are neutralised, never refused: the name
 * comes from the reporter's system and is not worth losing a security report over. The
 * last path segment is kept; the characters of `NAME_REMOVED` are removed and Windows'
 * reserved characters become `_`; spaces around it, and dots and spaces at its end (which
 * Windows drops, so `evil.exe.` is `evil.exe`), are trimmed; a name left empty or made of
 * dots and spaces only (`.`, `..`) becomes `attachment`; a Windows device name gets a `_`
 * in front; and the result is cut to 255 bytes of UTF-8, keeping the extension.
 */
export function safeFileName(name: string): string {
  const base = name.replace(NAME_REMOVED, '').split(/[\\/]/).pop() ?? '';
  const trimEnd = (text: string) => text.trim().replace(/[. ]+$/, '');
  const clean = trimEnd(base.replace(WINDOWS_RESERVED_CHARS, '_'));
  const safe = clean && trimEnd(truncateName(WINDOWS_RESERVED_NAMES.test(clean) ? `_${clean}` : clean, NAME_BYTES_MAX));
  return safe || 'attachment';
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const isAttachmentType = (type: string): type is AttachmentType => (ATTACHMENT_TYPES as readonly string[]).includes(type);

const encode = (text: string) => new TextEncoder().encode(text);
/** Header bytes as text, one character per byte. */
const latin1 = new TextDecoder('latin1');

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  for (let i = haystack.indexOf(first!, from); i !== -1 && i + needle.length <= haystack.length; i = haystack.indexOf(first!, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/**
 * The raw bytes of the first multipart part named `name` that is not a file. `FormData`
 * decodes such a part as UTF-8 with replacement, so the bytes as sent are found here.
 */
function rawField(body: Uint8Array, contentType: string, name: string): Uint8Array | undefined {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) return undefined;
  const delimiter = encode(`\r\n--${boundary[1] ?? boundary[2]}`);
  const headerEnd = encode('\r\n\r\n');
  // The first delimiter may open the body, without the line break before it.
  let at = indexOf(body, delimiter.subarray(2), 0);
  while (at !== -1) {
    const headersStart = at + delimiter.length - 2;
    const headersEnd = indexOf(body, headerEnd, headersStart);
    if (headersEnd === -1) return undefined;
    const next = indexOf(body, delimiter, headersEnd + headerEnd.length);
    if (next === -1) return undefined;
    const headers = latin1.decode(body.subarray(headersStart, headersEnd));
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
    if (/;\s*name="?([^";]*)"?/i.exec(disposition)?.[1] === name && !/;\s*filename\*?=/i.test(disposition)) {
      return body.subarray(headersEnd + headerEnd.length, next);
    }
    at = next + 2;
  }
  return undefined;
}

/**
 * A text part (`report`, `message`) as text: a file part's bytes, or a field's bytes as
 * sent, decoded as strict UTF-8 and within the JSON limit.
 */
async function partText(part: File | string, body: Uint8Array, contentType: string, name: string): Promise<{ ok: true; value: string } | { ok: false; response: Response }> {
  let bytes: Uint8Array | undefined;
  if (typeof part !== 'string') bytes = new Uint8Array(await part.arrayBuffer());
  // With no U+FFFD in the field, nothing was replaced: the bytes were valid UTF-8.
  else if (!part.includes('\uFFFD')) bytes = encode(part);
  else bytes = rawField(body, contentType, name);
  if (!bytes) return { ok: false, response: notUtf8(`${name} part`, name) };
  if (bytes.length > LIMITS.jsonBodyBytesMax) return { ok: false, response: tooLarge(`The ${name} part is over ${LIMITS.jsonBodyBytesMax} bytes.`) };
  return decodeUtf8(bytes, `${name} part`, name);
}

/**
 * The file parts of a multipart form (every part but `field` that is a file), checked
 * against the contract's limits, their declared types and their bytes' signatures, and
 * named safely. Nothing is kept from a refused request.
 */
async function readFileParts(
  form: FormData,
  field: string,
  digest: (bytes: Uint8Array) => string,
): Promise<{ ok: true; value: Omit<RawSubmission, 'report'> } | { ok: false; response: Response }> {
  const files = [...form.entries()].filter((entry): entry is [string, File] => entry[0] !== field && typeof entry[1] !== 'string');
  const errors: ValidationIssue[] = [];
  if (files.length > LIMITS.attachmentsMax) errors.push({ path: 'attachments', message: `At most ${LIMITS.attachmentsMax} files`, code: 'too_big' });
  let total = 0;
  for (const [i, [, file]] of files.entries()) {
    total += file.size;
    if (file.size > LIMITS.attachmentBytesMax) return { ok: false, response: tooLarge(`Attachment ${i + 1} is over ${LIMITS.attachmentBytesMax} bytes.`) };
    if (!isAttachmentType(file.type)) {
      errors.push({ path: `attachments.${i}.type`, message: `Must be one of ${ATTACHMENT_TYPES.join(', ')}`, code: 'invalid_value' });
    }
  }
  if (total > LIMITS.attachmentsTotalBytesMax) return { ok: false, response: tooLarge(`The attachments are over ${LIMITS.attachmentsTotalBytesMax} bytes in all.`) };
  if (errors.length > 0) return { ok: false, response: invalid('The attachments do not match the contract.', errors) };

  const contents = await Promise.all(files.map(async ([, file]) => new Uint8Array(await file.arrayBuffer())));
  for (const [i, [, file]] of files.entries()) {
    // Same code as a type outside the list: either way, the file is not one the contract takes.
    const why = mismatch(file.type as AttachmentType, contents[i]!);
    if (why) errors.push({ path: `attachments.${i}.type`, message: `${why} (declared ${file.type})`, code: 'invalid_value' });
  }
  if (errors.length > 0) return { ok: false, response: invalid('An attachment’s content does not match its declared type.', errors) };

  const attachments: StoredAttachment[] = [];
  const attachmentDigests: string[] = [];
  for (const [i, [, file]] of files.entries()) {
    const bytes = contents[i]!;
    const name = safeFileName(file.name);
    attachmentDigests.push(`${name}|${file.type}|${digest(bytes)}`);
    attachments.push({ id: randomId('att'), name, type: file.type as StoredAttachment['type'], size: bytes.length, dataBase64: toBase64(bytes) });
  }
  return { ok: true, value: { attachments, attachmentDigests } };
}

/** Reads a multipart body within {@link MAX_REQUEST_BYTES}: the form, the bytes as sent and the content type. */
async function readForm(request: Request): Promise<{ ok: true; value: { form: FormData; body: Uint8Array; contentType: string } } | { ok: false; response: Response }> {
  const length = declaredLength(request);
  const overLimits = () => tooLarge('The request is over the attachment limits.');
  if (length !== undefined && length > MAX_REQUEST_BYTES) return { ok: false, response: overLimits() };
  const body = await readBytes(request);
  if (!body) return { ok: false, response: unreadable() };
  if (body.length > MAX_REQUEST_BYTES) return { ok: false, response: overLimits() };
  const contentType = request.headers.get('content-type') ?? '';
  try {
    const form = await new Response(body, { headers: { 'Content-Type': contentType } }).formData();
    return { ok: true, value: { form, body, contentType } };
  } catch {
    return { ok: false, response: invalid('The multipart body cannot be read.', [{ path: '', message: 'Must be valid multipart/form-data', code: 'invalid_format' }]) };
  }
}

/** A reporter's message as received: its text, checked by the caller, and the files sent with it. */
export interface RawMessage {
  /** `{ message }` as sent, for the caller to validate. */
  body: unknown;
  attachments: StoredAttachment[];
}

/**
 * Reads `POST /v1/reports/{id}/messages`: JSON (`{ message }`), or multipart with a
 * `message` text field (strict UTF-8) and file parts, each checked as a report's are.
 */
export async function readMessage(request: Request, digest: (bytes: Uint8Array) => string): Promise<{ ok: true; value: RawMessage } | { ok: false; response: Response }> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) {
    if (!JSON_TYPE.test(type)) return { ok: false, response: problem(415, 'Send the message as application/json, or as multipart/form-data with a message field.') };
    const text = await readText(request);
    if (!text.ok) return text;
    const parsed = parseJson(text.value, 'body');
    if (!parsed.ok) return parsed;
    return { ok: true, value: { body: parsed.value, attachments: [] } };
  }
  const read = await readForm(request);
  if (!read.ok) return read;
  const { form, body, contentType } = read.value;
  const part = form.get('message');
  if (part === null) return { ok: false, response: invalid('The multipart body has no message field.', [{ path: 'message', message: 'Required', code: 'invalid_type' }]) };
  const text = await partText(part, body, contentType, 'message');
  if (!text.ok) return text;
  const files = await readFileParts(form, 'message', digest);
  if (!files.ok) return files;
  return { ok: true, value: { body: { message: text.value }, attachments: files.value.attachments } };
}

/**
 * Reads `POST /v1/reports`: JSON, or multipart with a `report` JSON part and file parts.
 * Checks sizes before anything is kept; the draft itself is validated by the caller.
 */
export async function readSubmission(
  request: Request,
  digest: (bytes: Uint8Array) => string,
): Promise<{ ok: true; value: RawSubmission } | { ok: false; response: Response }> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const read = await readForm(request);
    if (!read.ok) return read;
    const { form, body, contentType } = read.value;
    const reportPart = form.get('report');
    if (reportPart === null) return { ok: false, response: invalid('The multipart body has no report part.', [{ path: 'report', message: 'Required', code: 'invalid_type' }]) };
    const reportText = await partText(reportPart, body, contentType, 'report');
    if (!reportText.ok) return reportText;
    const report = parseJson(reportText.value, 'report part');
    if (!report.ok) return report;

    const files = await readFileParts(form, 'report', digest);
    if (!files.ok) return files;
    return { ok: true, value: { report: report.value, ...files.value } };
  }

  if (!JSON_TYPE.test(type)) {
    return { ok: false, response: problem(415, 'Send the report as application/json, or as multipart/form-data with a report part.') };
  }
  const text = await readText(request);
  if (!text.ok) return text;
  const report = parseJson(text.value, 'body');
  if (!report.ok) return report;
  return { ok: true, value: { report: report.value, attachments: [], attachmentDigests: [] } };
}
