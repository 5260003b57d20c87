import { html, nothing } from 'lit';
import { checkAttachments, ValidationError } from '@vuln-report/sdk';
import { LIMITS } from '@vuln-report/contract';
import type { Translation } from '../i18n/translation.ts';

const MEGABYTE = 1024 * 1024;

/** Files attached so far, and why any just picked was left out. */
export interface Attached {
  files: File[];
  /** The files the file input chose last: a new choice there replaces them. */
  picked: File[];
  error: string;
}

export const NO_FILES: Attached = { files: [], picked: [], error: '' };

/** Why `file` (which would be at `index`) cannot be attached, in the reporter's words. */
function refusal(error: ValidationError, file: File, index: number, t: Translation): string {
  const issue = error.issues.find((candidate) => candidate.path === `attachments.${index}`) ?? error.issues[0]!;
  if (issue.path !== 'attachments') return issue.code === 'invalid_value' ? t.errorFileType(file.name) : t.errorFileTooLarge(file.name, LIMITS.attachmentBytesMax / MEGABYTE);
  return index >= LIMITS.attachmentsMax ? t.errorTooManyFiles(LIMITS.attachmentsMax) : t.errorFilesTooLarge(LIMITS.attachmentsTotalBytesMax / MEGABYTE);
}

/**
 * Adds files, each checked with those before it: one the contract does not take is left
 * out and named, and the others are attached all the same. Files from the file input
 * (`fromInput`) replace the ones it chose before; pasted and dropped ones add to them.
 */
export function attach(current: Attached, incoming: Iterable<File>, t: Translation, fromInput = false): Attached {
  const files = fromInput ? current.files.filter((file) => !current.picked.includes(file)) : [...current.files];
  const picked: File[] = [];
  const errors: string[] = [];
  for (const file of incoming) {
    try {
      checkAttachments([...files, file]);
      files.push(file);
      picked.push(file);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors.push(refusal(error, file, files.length, t));
    }
  }
  return { files, picked: fromInput ? picked : current.picked, error: errors.join(' ') };
}

/** The same files without `file`, and no error. */
export const detach = (current: Attached, file: File): Attached => ({ files: current.files.filter((kept) => kept !== file), picked: current.picked.filter((kept) => kept !== file), error: '' });

/** Files pasted (a screenshot from the clipboard) or dropped: taken instead of the browser's default. */
export function filesOf(event: ClipboardEvent | DragEvent): File[] {
  const files = [...(('clipboardData' in event ? event.clipboardData : event.dataTransfer)?.files ?? [])];
  if (files.length) event.preventDefault();
  return files;
}

/**
 * An attachments field: a file input that takes several, the files attached with a button
 * each to remove it, and the reason any file was left out, beside it. Dropping files on the
 * field attaches them; the form it is in takes pasted ones. `update` is given each change
 * to apply to the files as they are then.
 */
export function renderFiles(id: string, attached: Attached, t: Translation, update: (change: (current: Attached) => Attached) => void) {
  const hint = `${id}-hint`;
  return html`<div part="field" class="field" @dragover=${(event: DragEvent) => event.preventDefault()} @drop=${(event: DragEvent) => update((current) => attach(current, filesOf(event), t))}>
    <label part="label" for=${id}>${t.attachmentsLabel}</label>
    <p class="hint" id=${hint}>${t.attachmentsHint(LIMITS.attachmentsMax, LIMITS.attachmentBytesMax / MEGABYTE)}</p>
    <input
      part="input"
      id=${id}
      type="file"
      multiple
      aria-invalid=${attached.error ? 'true' : 'false'}
      aria-describedby=${attached.error ? `${hint} ${id}-error` : hint}
      @change=${(event: Event) => {
        const input = event.target as HTMLInputElement;
        const files = [...(input.files ?? [])];
        update((current) => attach(current, files, t, true));
        input.value = '';
      }}
    />
    ${attached.files.length
      ? html`<ul class="files">
          ${attached.files.map((file) => html`<li><span>${file.name}</span> <button type="button" part="secondary" @click=${() => update((current) => detach(current, file))}>${t.removeAttachment(file.name)}</button></li>`)}
        </ul>`
      : nothing}
    ${attached.error ? html`<p part="error" class="error" id="${id}-error">${attached.error}</p>` : nothing}
  </div>`;
}

/** Upload progress, while files are on their way. */
export const renderProgress = (progress: number | undefined, t: Translation) =>
  progress === undefined ? nothing : html`<progress part="progress" .value=${progress} aria-label=${t.sending}></progress>`;
