/**
 * `@vuln-report/sdk/watch`: follows a report live. An entry of its own, so a page that
 * only sends reports carries none of it.
 *
 * @packageDocumentation
 */
import { readProblem, type ReportView } from '@vuln-report/contract';
import { errorForProblem, NetworkError, type VulnReportError } from '../errors.ts';
import type { ReportRef } from '../transport.ts';
import { readEvents } from './sse.ts';

/** Options of {@link watchReport}. */
export interface WatchReportOptions {
  /** The intake API's base URL, as given to `createClient`. */
  endpoint: string;
  /** The report to follow: its id and tracking token, from the receipt. */
  report: ReportRef;
  /** Called with the view on start, and again each time it changes. */
  onView: (view: ReportView) => void;
  /**
   * Told of each failure. Watching goes on after those that may pass (no answer, 429,
   * 5xx), and stops after the others (401, 404).
   */
  onError?: (error: VulnReportError) => void;
  /**
   * `false`: follow the events stream only, never polling (a stream that fails is tried
   * again with backoff). Otherwise polling takes over where the stream fails, at this
   * interval. Default 15 s.
   */
  pollIntervalMs?: number | false;
  /** The `fetch` to use. */
  fetch?: typeof fetch;
}

/** States after which a report does not change on its own: watching ends there. */
const FINAL = ['resolved', 'closed'];
/** How long a stream may stay silent (no event, no ping) before it counts as dropped: three missed pings. */
const SILENCE_MS = 45_000;
/** Streams that fail in a row (with no event between) before polling takes over. */
const STREAM_TRIES = 3;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/** The one watcher that holds this page's events stream (a page has few connections per host). */
let streaming: { demote(): void } | undefined;
const page = typeof document === 'undefined' ? undefined : document;

/**
 * Follows a report: reads `GET /v1/reports/{id}/events` with `fetch` streaming (the
 * tracking token in `Authorization`, `Last-Event-ID` on reconnect), polls
 * `GET /v1/reports/{id}` only where the stream fails, and stops after a final state.
 * One stream per page: a newer watcher takes it, and an older one polls until it is free.
 * In a browser the stream is closed while the page is hidden and opened again (which
 * refreshes the view) when it is shown. Returns a function that stops watching.
 */
export function watchReport(options: WatchReportOptions): () => void {
  const { report, onView, onError, pollIntervalMs = 15_000 } = options;
  const doFetch = options.fetch ?? fetch;
  const base = `${options.endpoint.replace(/\/+$/, '')}/v1/reports/${encodeURIComponent(report.id)}`;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The request under way; replaced (after aborting it) whenever watching starts over. */
  let current: AbortController | undefined;
  let lastId = '';
  let lastJson = '';
  /** Streams that failed in a row. */
  let failures = 0;
  /** Why this watcher polls: the stream failed here, or another watcher took the page's stream. */
  let polling: 'failed' | 'demoted' | undefined;
  const self = {
    demote() {
      polling ??= 'demoted';
      restart();
    },
  };

  const show = (view: ReportView) => {
    const json = JSON.stringify(view);
    if (json !== lastJson) {
      lastJson = json;
      onView(view);
    }
    if (FINAL.includes(view.state)) stop();
  };
  const later = (run: () => void, ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  const hidden = () => page?.visibilityState === 'hidden';

  /** A request with the tracking token; a failure is told (and ends watching unless it may pass). */
  async function request(url: string, signal: AbortSignal, extra: Record<string, string> = {}): Promise<Response | undefined> {
    let error: VulnReportError;
    try {
      const response = await doFetch(url, { headers: { Authorization: `Bearer ${report.trackingToken}`, ...extra }, signal });
      if (response.ok) return response;
      error = errorForProblem(await readProblem(response));
    } catch (cause) {
      error = new NetworkError(`No answer from the intake: ${(cause as Error).message}`, undefined, { cause });
    }
    if (!stopped && !signal.aborted) {
      onError?.(error);
      if (!error.retryable) stop();
    }
    return undefined;
  }

  async function poll(controller: AbortController) {
    const response = await request(base, controller.signal);
    const view = response && ((await response.json().catch(() => undefined)) as ReportView | undefined);
    if (stopped || current !== controller) return;
    if (view) show(view);
    if (!stopped && pollIntervalMs !== false) later(restart, pollIntervalMs);
  }

  async function stream(controller: AbortController) {
    if (streaming !== self) streaming?.demote();
    streaming = self;
    const response = await request(`${base}/events`, controller.signal, { Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) });
    if (stopped || current !== controller) return;
    let gotEvent = false;
    if (response?.body && /^text\/event-stream/.test(response.headers.get('content-type') ?? '')) {
      // A stream that goes silent (a proxy holding it, a network that dropped it) is given up.
      let silence: ReturnType<typeof setTimeout> | undefined;
      const alive = () => {
        clearTimeout(silence);
        silence = setTimeout(() => controller.abort(), SILENCE_MS);
      };
      alive();
      try {
        await readEvents(
          response.body,
          (event) => {
            if (event.type !== 'report') return;
            gotEvent = true;
            failures = 0;
            lastId = event.id ?? lastId;
            show(JSON.parse(event.data) as ReportView);
          },
          alive,
        );
      } catch {
        // Dropped, or silent too long: as an ended stream, below.
      }
      clearTimeout(silence);
    } else if (response) {
      // Something between here and the intake does not pass the stream on.
      failures = STREAM_TRIES;
    }
    if (stopped || current !== controller) return;
    if (!gotEvent) failures++;
    if (failures >= STREAM_TRIES && pollIntervalMs !== false) {
      polling = 'failed';
      if (streaming === self) streaming = undefined;
      return restart();
    }
    later(restart, gotEvent ? RETRY_MIN_MS : Math.min(RETRY_MIN_MS * 2 ** failures, RETRY_MAX_MS));
  }

  /**
   * Closes what is open and starts over: on start, when the page is shown again (which
   * reads the view again), after a stream ends, at each poll. Nothing runs while hidden.
   */
  function restart() {
    clearTimeout(timer);
    current?.abort();
    current = undefined;
    if (stopped || hidden()) return;
    // A watcher that gave the stream up to another takes it back once it is free.
    if (polling === 'demoted' && !streaming) polling = undefined;
    const controller = (current = new AbortController());
    void (polling ? poll(controller) : stream(controller));
  }

  function stop() {
    stopped = true;
    clearTimeout(timer);
    current?.abort();
    if (streaming === self) streaming = undefined;
    page?.removeEventListener('visibilitychange', restart);
  }

  page?.addEventListener('visibilitychange', restart);
  restart();
  return stop;
}

export type { ReportRef } from '../transport.ts';
export type { ReportView } from '@vuln-report/contract';
