import { type ReportContext, type Problem, type Receipt, type ReportDraft, type ReportView, MessageBody, ReportFields, type ReportFieldsInput, validate } from '@vuln-report/contract';
import { checkAttachments, type AttachmentFile } from './attachments.ts';
import { captureContext, type ExtraContext } from './capture/context.ts';
import { watchErrors } from './capture/errors.ts';
import { ValidationError, type VulnReportError } from './errors.ts';
import { randomUuid } from './id.ts';
import { normalizeOptions, type ClientOptions } from './options.ts';
import { createQueue, type PendingReport } from './queue/queue.ts';
import type { QueuedReport } from './queue/store.ts';
import { createTransport, formOf, type ReportRef } from './transport.ts';

/**
 * What `report()` resolves to. `sent`: the intake stored it, here is the receipt.
 * `queued`: the intake could not be reached (or asked to wait); the report is kept and
 * sent later, and the client emits `delivered` when it is. `rejected`: the intake refused
 * it, with its reasons. `dropped`: `beforeSend` dropped it.
 */
export type ReportResult =
  | { status: 'sent'; receipt: Receipt }
  | { status: 'queued'; localId: string }
  | { status: 'rejected'; problem: Problem; error: VulnReportError }
  | { status: 'dropped' };

/** Per-report options. */
export interface ReportOptions {
  /** Files to send with the report (screenshots, logs): checked against the contract's limits first. */
  attachments?: readonly AttachmentFile[];
  /** Context for this report only, merged over the client's `extra`. */
  extra?: ExtraContext;
  /** Parts of the context not to send: those the reporter removed after {@link Client.previewContext} showed them. */
  omitContext?: readonly (keyof ReportContext)[];
  /**
   * The `fetch` for this report's first attempt (not for a later one from the queue):
   * `progressFetch` from `@vuln-report/sdk/upload` tells how much of its files is sent.
   */
  fetch?: typeof fetch;
}

/** Events of a client, for reports that were queued. */
export interface ClientEvents {
  /** A queued report reached the intake. */
  delivered: { localId: string; receipt: Receipt };
  /** The intake refused a queued report; it is no longer kept. */
  rejected: { localId: string; problem: Problem; error: VulnReportError };
}

/** Options of {@link Client.reply}. */
export interface ReplyOptions {
  /** Files to send with the message, within the report's limits (its earlier files count too, at the intake). */
  attachments?: readonly AttachmentFile[];
  /** The `fetch` for this request: `progressFetch` from `@vuln-report/sdk/upload` tells how much is sent. */
  fetch?: typeof fetch;
}

/** A client of one intake and project key. Make one with {@link createClient}. */
export interface Client {
  /**
   * Captures the context, redacts it, validates the draft and sends it, or queues it when
   * the intake is unavailable. Throws a {@link ValidationError} for an invalid draft or
   * attachment, and {@link QueueFullError} when it can be neither sent nor kept.
   */
  report(draft: ReportFieldsInput, options?: ReportOptions): Promise<ReportResult>;
  /**
   * The context a report would carry if sent now, captured and redacted, so a form can show
   * the reporter what goes with their report (and let them remove parts, see `omitContext`).
   */
  previewContext(extra?: ExtraContext): ReportContext;
  /** The reporter's view of a report: state, severity, timeline. To follow it live, see `watchReport` in `@vuln-report/sdk/watch`. */
  status(receipt: ReportRef): Promise<ReportView>;
  /** Withdraws a report that is not yet triaged (it is closed as `withdrawn`). */
  withdraw(receipt: ReportRef): Promise<ReportView>;
  /**
   * Adds information to a report, such as an answer to the vendor's question, with files if
   * given. Throws a {@link ValidationError} for an empty message or a file over the limits.
   */
  reply(receipt: ReportRef, message: string, options?: ReplyOptions): Promise<ReportView>;
  /** Tries to send every queued report now. */
  flush(): Promise<void>;
  /** The reports waiting in the queue, oldest first. */
  pending(): Promise<PendingReport[]>;
  /** Listens to an event; returns a function that stops listening. */
  on<K extends keyof ClientEvents>(type: K, listener: (event: ClientEvents[K]) => void): () => void;
  /** Stops timers and listeners. Queued reports stay in the queue for the next client. */
  close(): void;
}

const ignore = () => undefined;

/** Parses with a contract schema, or throws a {@link ValidationError} naming each field. */
function check<T>(result: { ok: true; value: T } | { ok: false; issues: ValidationError['issues'] }): T {
  if (!result.ok) throw new ValidationError(result.issues);
  return result.value;
}

/**
 * Creates a client. In a browser it sends what is queued right away (reports left by an
 * earlier page), again when the browser comes back online and when the page is hidden,
 * and on a backoff timer while the intake is unavailable.
 */
export function createClient(options: ClientOptions): Client {
  const settings = normalizeOptions(options);
  const transport = createTransport(settings);
  const events = new EventTarget();
  const emit = <K extends keyof ClientEvents>(type: K, detail: ClientEvents[K]) =>
    events.dispatchEvent(new CustomEvent(type, { detail }));
  // Another tab (or another client on this page) may deliver a report this one queued:
  // what happens to queued reports is told to every client of the same intake and key.
  const channel =
    typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(`vuln-report:${settings.endpoint}:${settings.projectKey}`);
  if (channel) {
    // In Node, an open channel would keep the process alive.
    (channel as { unref?: () => void }).unref?.();
    channel.onmessage = ({ data }: MessageEvent<{ localId?: unknown; receipt?: Receipt }>) => {
      if (typeof data?.localId === 'string' && data.receipt) emit('delivered', { localId: data.localId, receipt: data.receipt });
    };
  }
  const queue = createQueue({
    store: settings.queue,
    limits: settings.queueLimits,
    backoff: settings.queueBackoff,
    send: transport.sendReport,
    delivered: (item, receipt) => {
      emit('delivered', { localId: item.localId, receipt });
      channel?.postMessage({ localId: item.localId, receipt });
    },
    rejected: (item, error) => emit('rejected', { localId: item.localId, problem: error.problem as Problem, error }),
  });
  const errors = settings.errorBufferSize > 0 ? watchErrors(settings.errorBufferSize) : undefined;
  const contextWith = (extra?: ExtraContext) =>
    captureContext({ ...settings, errors, extra: settings.extra || extra ? { ...settings.extra, ...extra } : undefined });
  const drainSoon = () => void queue.drain().catch(ignore);
  const browser = typeof document !== 'undefined';
  const hidden = () => browser && document.visibilityState === 'hidden';
  // A page being closed is hidden first: last chance to send, with keepalive.
  const onVisibility = () => hidden() && void queue.drain(true).catch(ignore);
  if (browser) {
    addEventListener('online', drainSoon);
    document.addEventListener('visibilitychange', onVisibility);
  }
  drainSoon();

  const client: Client = {
    async report(draft, reportOptions = {}) {
      const fields = check(validate(ReportFields, draft));
      const attachments = checkAttachments(reportOptions.attachments ?? []);
      const context = contextWith(reportOptions.extra);
      for (const part of reportOptions.omitContext ?? []) delete context[part];
      let report: ReportDraft = { ...fields, context };
      if (settings.beforeSend) {
        const changed = await settings.beforeSend(report);
        if (!changed) return { status: 'dropped' };
        // The hook may edit the reporter's fields too: they must still be valid.
        const { context: changedContext, ...changedFields } = changed;
        report = { ...check(validate(ReportFields, changedFields)), context: changedContext };
      }
      const item: QueuedReport = {
        localId: randomUuid(),
        report,
        attachments,
        bytes: JSON.stringify(report).length + attachments.reduce((sum, file) => sum + file.data.size, 0),
        queuedAt: Date.now(),
        attempts: 0,
        notBefore: 0,
      };
      const outcome = await transport.sendReport(item, hidden(), reportOptions.fetch);
      if ('receipt' in outcome) {
        // The intake is reachable: a good time for anything still queued.
        drainSoon();
        return { status: 'sent', receipt: outcome.receipt };
      }
      if (!outcome.error.retryable) return { status: 'rejected', problem: outcome.error.problem as Problem, error: outcome.error };
      await queue.add({ ...item, notBefore: outcome.retryAfterMs ? Date.now() + outcome.retryAfterMs : 0 });
      return { status: 'queued', localId: item.localId };
    },

    previewContext: contextWith,

    status: (receipt) => transport.reportRequest(receipt, ''),

    withdraw: (receipt) => transport.reportRequest(receipt, 'withdraw'),

    async reply(receipt, message, { attachments = [], fetch } = {}) {
      const text = check(validate(MessageBody, { message })).message;
      const files = checkAttachments(attachments);
      return transport.reportRequest(receipt, 'messages', files.length ? { body: formOf('message', text, files) } : { json: { message: text } }, fetch);
    },

    flush: () => queue.drain(),

    pending: () => queue.pending(),

    on(type, listener) {
      const handler = (event: Event) => listener((event as CustomEvent).detail);
      events.addEventListener(type, handler);
      return () => events.removeEventListener(type, handler);
    },

    close() {
      queue.close();
      channel?.close();
      errors?.stop();
      if (browser) {
        removeEventListener('online', drainSoon);
        document.removeEventListener('visibilitychange', onVisibility);
      }
    },
  };
  return client;
}
