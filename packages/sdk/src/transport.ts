import ky, { HTTPError, TimeoutError } from 'ky';
import { readProblem, type Problem, type Receipt } from '@vuln-report/contract';
import { errorForProblem, isRetryableStatus, NetworkError, ServerError, type VulnReportError } from './errors.ts';
import type { QueuedReport } from './queue/store.ts';

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
  timeoutMs: number;
  retry: RetryPolicy;
  fetch?: typeof fetch;
}

/** The outcome of sending a report: a receipt, or the error and how long the server asked to wait. */
export type SendOutcome = { receipt: Receipt } | { error: VulnReportError; retryAfterMs?: number };

/** A tracking token and the report it reads: what a receipt gives. */
export type ReportRef = Pick<Receipt, 'id' | 'trackingToken'>;

/** ky wants the statuses to retry as a list: every one the errors call retryable. */
const RETRY_STATUSES = Array.from({ length: 500 }, (_, i) => 100 + i).filter(isRetryableStatus);

/** Keepalive requests share a 64 KiB budget per page; stay under it. */
const KEEPALIVE_MAX = 60_000;

/** `Retry-After` in milliseconds: seconds or an HTTP date. */
function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('Retry-After');
  if (!header) return undefined;
  const ms = /^\d+$/.test(header) ? Number(header) * 1000 : Date.parse(header) - Date.now();
  return Number.isNaN(ms) ? undefined : Math.max(ms, 0);
}

/** The typed error, and the server's `Retry-After`, for whatever ky threw. */
async function describeFailure(error: unknown): Promise<{ error: VulnReportError; retryAfterMs?: number }> {
  if (error instanceof HTTPError) {
    const problem = await readProblem(error.response);
    const wait = retryAfterMs(error.response) ?? (problem.retryAfter === undefined ? undefined : problem.retryAfter * 1000);
    return { error: errorForProblem(problem, wait), retryAfterMs: wait };
  }
  // fetch rejects with a TypeError when no answer came: offline, refused, dropped
  if (error instanceof TimeoutError || error instanceof TypeError) {
    return { error: new NetworkError(`No answer from the intake: ${error.message}`, undefined, { cause: error }) };
  }
  throw error;
}

/**
 * The HTTP side of the client, on ky: a timeout; retries with exponential backoff and full
 * jitter on network errors, timeouts, 408, 429 and 5xx; `Retry-After` honoured up to
 * `maxRetryAfterMs`; `X-Project-Key` on reports and the tracking token on the rest.
 */
export function createTransport(settings: TransportSettings) {
  const { retry } = settings;
  const api = ky.create({
    prefixUrl: settings.endpoint,
    timeout: settings.timeoutMs,
    fetch: settings.fetch,
    retry: {
      limit: retry.limit,
      // POST too: every report carries an Idempotency-Key, so a replay is stored once.
      methods: ['get', 'post'],
      statusCodes: RETRY_STATUSES,
      afterStatusCodes: RETRY_STATUSES,
      delay: (attempt) => retry.delayMs * 2 ** (attempt - 1),
      backoffLimit: retry.maxDelayMs,
      jitter: true,
      retryOnTimeout: true,
      // A wait longer than we hold a caller for ends the attempts here; the queue waits instead.
      shouldRetry: ({ error }) =>
        error instanceof HTTPError && (retryAfterMs(error.response) ?? 0) > retry.maxRetryAfterMs ? false : undefined,
    },
  });

  return {
    /**
     * Sends one report with its Idempotency-Key: JSON, or `multipart/form-data` with a
     * `report` part and `attachments` file parts. Never throws for a failed request.
     */
    async sendReport(item: QueuedReport, keepalive = false): Promise<SendOutcome> {
      const json = JSON.stringify(item.report);
      let body: BodyInit = json;
      const headers: Record<string, string> = { 'X-Project-Key': settings.projectKey, 'Idempotency-Key': item.localId };
      if (item.attachments.length > 0) {
        const form = new FormData();
        form.append('report', json);
        for (const file of item.attachments) form.append('attachments', file.data, file.name);
        body = form;
      } else {
        headers['Content-Type'] = 'application/json';
      }
      try {
        const response = await api.post('v1/reports', {
          body,
          headers,
          keepalive: keepalive && item.attachments.length === 0 && json.length < KEEPALIVE_MAX,
        });
        const receipt: Receipt | undefined = await response.json<Receipt>().catch(() => undefined);
        if (typeof receipt?.id !== 'string' || typeof receipt.trackingToken !== 'string') {
          return { error: new ServerError('The intake answered without a receipt') };
        }
        return { receipt };
      } catch (error) {
        return describeFailure(error);
      }
    },

    /**
     * A tracking-token request on a report (`''` for the report itself, `withdraw`,
     * `messages`). POSTs are not retried: they carry no Idempotency-Key. Throws the typed error.
     */
    async reportRequest<T>(ref: ReportRef, path: '' | 'withdraw' | 'messages', json?: unknown): Promise<T> {
      const url = `v1/reports/${encodeURIComponent(ref.id)}${path && `/${path}`}`;
      const headers = { Authorization: `Bearer ${ref.trackingToken}` };
      try {
        return await (path ? api.post(url, { headers, json, retry: 0 }) : api.get(url, { headers })).json<T>();
      } catch (error) {
        throw (await describeFailure(error)).error;
      }
    },
  };
}

/** The transport a client uses. */
export type Transport = ReturnType<typeof createTransport>;
