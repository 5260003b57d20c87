import { ATTACHMENT_TYPES, LIMITS, PROBLEM_TYPES, validate, type ValidationIssue } from '@vuln-report/contract';
import type * as z from 'zod/mini';
import type { StoredAttachment } from '../core/records.ts';
import { randomId } from '../core/ids.ts';
import { invalid, problem } from './problem.ts';

/** The largest request body the stub reads at all: the JSON part plus every attachment and multipart framing. */
export const MAX_REQUEST_BYTES = LIMITS.jsonBodyBytesMax + LIMITS.attachmentsTotalBytesMax + 64 * 1024;

const tooLarge = (detail: string) => problem(413, detail, { type: PROBLEM_TYPES.tooLarge });

function declaredLength(request: Request): number | undefined {
  const header = request.headers.get('content-length');
  return header && /^\d+$/.test(header) ? Number(header) : undefined;
}

/** Parses JSON text, or answers why not. */
function parseJson(text: string, what: string): { ok: true; value: unknown } | { ok: false; response: Response } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: invalid(`The ${what} is not valid JSON.`, [{ path: '', message: 'Must be valid JSON' }]) };
  }
}

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;
const overJsonLimit = (text: string) => new TextEncoder().encode(text).length > LIMITS.jsonBodyBytesMax;
const bodyTooLarge = () => tooLarge(`The body is over ${LIMITS.jsonBodyBytesMax} bytes.`);

/** The body as text, refused (before reading it, when the length is declared) past the JSON limit. */
async function readText(request: Request): Promise<{ ok: true; value: string } | { ok: false; response: Response }> {
  const length = declaredLength(request);
  if (length !== undefined && length > LIMITS.jsonBodyBytesMax) return { ok: false, response: bodyTooLarge() };
  const text = await request.text();
  return overJsonLimit(text) ? { ok: false, response: bodyTooLarge() } : { ok: true, value: text };
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

function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean || 'attachment';
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
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
    const length = declaredLength(request);
    if (length !== undefined && length > MAX_REQUEST_BYTES) return { ok: false, response: tooLarge('The request is over the attachment limits.') };
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return { ok: false, response: invalid('The multipart body cannot be read.', [{ path: '', message: 'Must be valid multipart/form-data' }]) };
    }
    const reportPart = form.get('report');
    if (reportPart === null) return { ok: false, response: invalid('The multipart body has no report part.', [{ path: 'report', message: 'Required' }]) };
    const reportText = typeof reportPart === 'string' ? reportPart : await reportPart.text();
    if (overJsonLimit(reportText)) return { ok: false, response: tooLarge(`The report part is over ${LIMITS.jsonBodyBytesMax} bytes.`) };
    const report = parseJson(reportText, 'report part');
    if (!report.ok) return report;

    const files = [...form.entries()].filter((entry): entry is [string, File] => entry[0] !== 'report' && typeof entry[1] !== 'string');
    const errors: ValidationIssue[] = [];
    if (files.length > LIMITS.attachmentsMax) errors.push({ path: 'attachments', message: `At most ${LIMITS.attachmentsMax} files` });
    let total = 0;
    for (const [i, [, file]] of files.entries()) {
      total += file.size;
      if (file.size > LIMITS.attachmentBytesMax) return { ok: false, response: tooLarge(`Attachment ${i + 1} is over ${LIMITS.attachmentBytesMax} bytes.`) };
      if (!(ATTACHMENT_TYPES as readonly string[]).includes(file.type)) {
        errors.push({ path: `attachments.${i}.type`, message: `Must be one of ${ATTACHMENT_TYPES.join(', ')}` });
      }
    }
    if (total > LIMITS.attachmentsTotalBytesMax) return { ok: false, response: tooLarge(`The attachments are over ${LIMITS.attachmentsTotalBytesMax} bytes in all.`) };
    if (errors.length > 0) return { ok: false, response: invalid('The attachments do not match the contract.', errors) };

    const attachments: StoredAttachment[] = [];
    const attachmentDigests: string[] = [];
    for (const [, file] of files) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const name = safeFileName(file.name);
      attachmentDigests.push(`${name}|${file.type}|${digest(bytes)}`);
      attachments.push({ id: randomId('att'), name, type: file.type as StoredAttachment['type'], size: bytes.length, dataBase64: toBase64(bytes) });
    }
    return { ok: true, value: { report: report.value, attachments, attachmentDigests } };
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

/** JSON with keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
