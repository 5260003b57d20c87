import { readProblem, type Receipt } from '@vuln-report/contract';
import { errorForProblem, NetworkError, ServerError, type VulnReportError } from './errors.ts';
import type { QueuedAttachment, QueuedReport } from './queue/store.ts';

/** How requests are retried in place, before a report goes to the queue. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  /** The first backoff delay; it doubles with each retry, with full jitter. */
  delayMs: number;
  /** The longest backoff delay. */
  maxDelayMs: number;
  /** The longest `Retry-After` waited for in place; a longer one sends the report to the queue. */
  maxRetryAfterMs: number;
}

/** Where and how to send. */
export interface TransportSettings {
  endpoint: string;
  projectKey: string;
  /** Sent as `X-Report-Channel` when set; the intake records `sdk` otherwise. */
  channel?: 'widget' | 'sdk' | undefined;
  timeoutMs: number;
  retry: RetryPolicy;
  fetch?: typeof fetch;
}

/** The outcome of sending a report: a receipt, or the error and how long the server asked to wait. */
export type SendOutcome = { receipt: Receipt } | { error: VulnReportError; retryAfterMs?: number };

/** A tracking token and the report it reads: what a receipt gives. */
export type ReportRef = Pick<Receipt, 'id' | 'trackingToken'>;

/** Keepalive requests share a 64 KiB budget per page; stay under it. */
const KEEPALIVE_MAX = 60_000;

/** `Retry-After` in milliseconds: seconds or an HTTP date. */
function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('Retry-After');
  if (!header) return undefined;
  const ms = /^\d+$/.test(header) ? Number(header) * 1000 : Date.parse(header) - Date.now();
  return Number.isNaN(ms) ? undefined : Math.max(ms, 0);
}

/** One request of the transport. */
interface Call {
  method: 'GET' | 'POST';
  /** The path under the endpoint, without a leading slash. */
  path: string;
  headers: Record<string, string>;
  body?: BodyInit;
  /** Whether failures that may pass are tried again (POSTs without an Idempotency-Key are not). */
  retry: boolean;
  keepalive?: boolean;
  /** A `fetch` for this request only. */
  fetch?: typeof fetch;
}

/** The answer, or the typed error and how long the server asked to wait. */
type Answer = { response: Response } | { error: VulnReportError; retryAfterMs?: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A `multipart/form-data` body: the text under `name` (`report`, `message`) and `attachments` file parts. */
export function formOf(name: 'report' | 'message', text: string, files: readonly QueuedAttachment[]): FormData {
  const form = new FormData();
  form.append(name, text);
  for (const file of files) form.append('attachments', file.data, file.name);
  return form;
}

/**
 * The HTTP side of the client, on `fetch`: a timeout per attempt; retries with exponential
 * backoff and full jitter on network errors, timeouts, 408, 429 and 5xx; `Retry-After`
 * honoured up to `maxRetryAfterMs` (a longer wait ends the attempts, and the queue waits
 * instead); `X-Project-Key` on reports and the tracking token on the rest.
 */
export function createTransport(settings: TransportSettings) {
  const { retry } = settings;
  const base = settings.endpoint.replace(/\/?$/, '/');

  /** One request, with its retries. Never throws for a failed request. */
  async function call({ method, path, headers, body, retry: retrying, keepalive, fetch: own }: Call): Promise<Answer> {
    const doFetch = own ?? settings.fetch ?? fetch;
    for (let attempt = 0; ; attempt++) {
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), settings.timeoutMs);
      let answer: Answer;
      try {
        const response = await doFetch(base + path, { method, headers, body, keepalive, signal: timeout.signal });
        if (response.ok) return { response };
        const problem = await readProblem(response);
        const wait = retryAfterMs(response) ?? (problem.retryAfter === undefined ? undefined : problem.retryAfter * 1000);
        answer = { error: errorForProblem(problem, wait), retryAfterMs: wait };
      } catch (error) {
        // fetch rejects with a TypeError when no answer came (offline, refused, dropped), and aborts on the timeout.
        answer = { error: new NetworkError(`No answer from the intake: ${timeout.signal.aborted ? 'timed out' : (error as Error).message}`, undefined, { cause: error }) };
      } finally {
        clearTimeout(timer);
      }
      const wait = answer.retryAfterMs;
      if (!retrying || attempt >= retry.limit || !answer.error.retryable || (wait ?? 0) > retry.maxRetryAfterMs) return answer;
      await sleep(wait ?? Math.random() * Math.min(retry.delayMs * 2 ** attempt, retry.maxDelayMs));
    }
  }

  return {
    /**
     * Sends one report with its Idempotency-Key: JSON, or `multipart/form-data` with a
     * `report` part and `attachments` file parts. Never throws for a failed request.
     */
    async sendReport(item: QueuedReport, keepalive = false, fetch?: typeof globalThis.fetch): Promise<SendOutcome> {
      const json = JSON.stringify(item.report);
      const headers: Record<string, string> = { 'X-Project-Key': settings.projectKey, 'Idempotency-Key': item.localId };
      if (settings.channel) headers['X-Report-Channel'] = settings.channel;
      const files = item.attachments.length > 0;
      if (!files) headers['Content-Type'] = 'application/json';
      // POSTs of reports are retried: every one carries an Idempotency-Key, so a replay is stored once.
      const answer = await call({
        method: 'POST',
        path: 'v1/reports',
        headers,
        body: files ? formOf('report', json, item.attachments) : json,
        retry: true,
        keepalive: keepalive && !files && json.length < KEEPALIVE_MAX,
        fetch,
      });
      if ('error' in answer) return answer;
      const receipt = (await answer.response.json().catch(() => undefined)) as Receipt | undefined;
      if (typeof receipt?.id !== 'string' || typeof receipt.trackingToken !== 'string') {
        return { error: new ServerError('The intake answered without a receipt') };
      }
      return { receipt };
    },

    /**
     * A tracking-token request on a report (`''` for the report itself, `withdraw`,
     * `messages` with a `body`). POSTs are not retried: they carry no Idempotency-Key.
     * Throws the typed error.
     */
    async reportRequest<T>(ref: ReportRef, path: '' | 'withdraw' | 'messages', body?: { json: unknown } | { body: FormData }, fetch?: typeof globalThis.fetch): Promise<T> {
      const headers: Record<string, string> = { Authorization: `Bearer ${ref.trackingToken}` };
      if (body && 'json' in body) headers['Content-Type'] = 'application/json';
      const answer = await call({
        method: path ? 'POST' : 'GET',
        path: `v1/reports/${encodeURIComponent(ref.id)}${path && `/${path}`}`,
        headers,
        body: body && ('json' in body ? JSON.stringify(body.json) : body.body),
        retry: !path,
        fetch,
      });
      if ('error' in answer) throw answer.error;
      return (await answer.response.json()) as T;
    },
  };
}

/** The transport a client uses. */
export type Transport = ReturnType<typeof createTransport>;
