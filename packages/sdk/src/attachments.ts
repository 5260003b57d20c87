import { ATTACHMENT_TYPES, LIMITS, type ValidationIssue } from '@vuln-report/contract';
import { ValidationError } from './errors.ts';
import type { QueuedAttachment } from './queue/store.ts';

/** A file to send with a report: a `File`, or a `Blob` (named `attachment-<n>`). */
export type AttachmentFile = Blob | File;

/**
 * Checks attachments against the contract's limits before anything is sent: count, media
 * type, bytes per file and in all. Throws a {@link ValidationError} naming each one.
 */
export function checkAttachments(files: readonly AttachmentFile[]): QueuedAttachment[] {
  const issues: ValidationIssue[] = [];
  const tooBig = (path: string, what: string, max: number) =>
    issues.push({ path, message: `${what} must be at most ${max}`, code: 'too_big' });
  if (files.length > LIMITS.attachmentsMax) tooBig('attachments', 'The number of files', LIMITS.attachmentsMax);
  let total = 0;
  const kept = files.map((data, index) => {
    const type = data.type.split(';')[0]!.trim().toLowerCase();
    if (!(ATTACHMENT_TYPES as readonly string[]).includes(type)) {
      issues.push({ path: `attachments.${index}`, message: `Must be one of ${ATTACHMENT_TYPES.join(', ')}`, code: 'invalid_value' });
    }
    if (data.size > LIMITS.attachmentBytesMax) tooBig(`attachments.${index}`, 'Its size in bytes', LIMITS.attachmentBytesMax);
    total += data.size;
    const name = 'name' in data && data.name ? data.name : `attachment-${index + 1}`;
    // Sent with the bare media type (no `;charset=`): that is what the contract lists.
    return { name, type, data: data.type === type ? data : data.slice(0, data.size, type) };
  });
  if (total > LIMITS.attachmentsTotalBytesMax) tooBig('attachments', 'The total size in bytes', LIMITS.attachmentsTotalBytesMax);
  if (issues.length > 0) throw new ValidationError(issues);
  return kept;
}
