import type { ReportContext, ReportDraft } from '@vuln-report/contract';
import type { ExtraContext } from './capture/context.ts';
import type { CapturePart } from './capture/environment.ts';
import { indexedDbQueue } from './queue/indexeddb.ts';
import { memoryQueue } from './queue/memory.ts';
import type { QueueBackoff, QueueLimits } from './queue/queue.ts';
import type { QueueStore } from './queue/store.ts';
import type { Redactor } from './redact.ts';
import type { RetryPolicy } from './transport.ts';

/**
 * Called with each report after capture and redaction, before it is sent or queued.
 * Return it (changed or not) to send it; return `null` or `undefined` to drop it.
 */
export type BeforeSend = (
  report: ReportDraft,
) => ReportDraft | null | undefined | Promise<ReportDraft | null | undefined>;

/** Options of {@link createClient} and {@link init}. Only `endpoint` and `projectKey` are required. */
export interface ClientOptions {
  /** The intake API's base URL, such as `https://intake.example.com` (a path prefix is kept). */
  endpoint: string;
  /** The publishable project key (`pk_...`), sent as `X-Project-Key`. */
  projectKey: string;
  /** How reports are made, recorded as their channel (`X-Report-Channel`): `sdk` (the default) or `widget` (the button says so). */
  channel?: 'widget' | 'sdk';
  /** The host application: name, version, environment, release. Sent in the context. */
  app?: ReportContext['app'];
  /** The signed-in user, if the host wants the vendor to know: id, email. Sent in the context. */
  user?: ReportContext['user'];
  /** The host's own context: flat values, at most 50 keys. Merged with a report's own `extra`. */
  extra?: ExtraContext;
  /** Which parts of the environment to capture: all by default; `false` for none, or switch parts off by name. */
  capture?: false | Partial<Record<CapturePart, boolean>>;
  /**
   * Keep the last console errors, uncaught errors and unhandled rejections and send them in
   * the context: `true` for the last 20, or how many (at most 50). Off by default.
   */
  captureErrors?: boolean | number;
  /** Redacts more: runs on every captured string after the built-in patterns, with its path (`url`, `errors.0.stack`). */
  redact?: Redactor;
  /** Changes or drops a report before it leaves. */
  beforeSend?: BeforeSend;
  /** Timeout of each HTTP attempt, in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Retries in place, before a report is queued. Default: 3 retries from 300 ms to 5 s; `Retry-After` waited up to 10 s. */
  retry?: Partial<RetryPolicy>;
  /** Where unsent reports wait. Default: IndexedDB database `vuln-report:<projectKey>` in browsers, memory elsewhere. */
  queue?: QueueStore;
  /** Bounds of the queue. Default: 100 reports, 25 MiB. */
  queueLimits?: Partial<QueueLimits>;
  /** How a failing queue is retried. Default: from 5 s, doubling, up to 5 minutes. */
  queueBackoff?: Partial<QueueBackoff>;
  /** The `fetch` to use, for runtimes or tests that bring their own. */
  fetch?: typeof fetch;
}

/** Options with every default applied, checked once at the edge. */
export function normalizeOptions(options: ClientOptions) {
  let endpoint: URL | undefined;
  try {
    endpoint = new URL(options.endpoint);
  } catch {
    // reported below
  }
  if (!endpoint || !/^https?:$/.test(endpoint.protocol)) {
    throw new TypeError(`endpoint must be an absolute http or https URL, got ${JSON.stringify(options.endpoint)}`);
  }
  if (!/^pk_\w+$/.test(options.projectKey)) {
    // A secret key is never repeated: the console may be read by more than the host's developers.
    throw new TypeError(
      /^sk_/.test(options.projectKey)
        ? 'projectKey is a secret key (sk_...): use the publishable one (pk_...), and rotate the secret one'
        : `projectKey must be a publishable key (pk_...), got ${JSON.stringify(String(options.projectKey).slice(0, 40))}`,
    );
  }
  const capture = options.capture;
  const errors = options.captureErrors;
  return {
    ...options,
    endpoint: endpoint.href,
    wanted: (part: CapturePart) => capture !== false && capture?.[part] !== false,
    errorBufferSize: errors === true ? 20 : Math.min(Number(errors) || 0, 50),
    timeoutMs: options.timeoutMs ?? 10_000,
    retry: { limit: 3, delayMs: 300, maxDelayMs: 5_000, maxRetryAfterMs: 10_000, ...options.retry },
    queue:
      options.queue ??
      (typeof indexedDB === 'undefined' ? memoryQueue() : indexedDbQueue(`vuln-report:${options.projectKey}`)),
    queueLimits: { maxItems: 100, maxBytes: 25 * 1024 * 1024, ...options.queueLimits },
    queueBackoff: { delayMs: 5_000, maxDelayMs: 5 * 60_000, ...options.queueBackoff },
  };
}
