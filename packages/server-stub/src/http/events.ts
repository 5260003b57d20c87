import type { ReportView } from '@vuln-report/contract';
import type { Result } from '../core/result.ts';

/** How often an open stream says it is alive: a comment line, which proxies and clients skip. */
export const PING_INTERVAL_MS = 15_000;

/** States after which a report never changes again on its own: its stream ends. */
const FINAL_STATES: ReadonlySet<string> = new Set(['resolved', 'closed']);

/**
 * Who is following which report: the stub publishes each committed change to a report
 * (after it is durable), and every open event stream of that report reads the view again.
 */
export function createReportFeed() {
  const listeners = new Map<string, Set<() => void>>();
  return {
    /** Calls `listener` after each committed change to report `id`; returns a function that stops it. */
    subscribe(id: string, listener: () => void): () => void {
      const set = listeners.get(id) ?? new Set();
      listeners.set(id, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(id);
      };
    },
    /** Tells the followers of `id` that it changed. */
    changed(id: string) {
      for (const listener of [...(listeners.get(id) ?? [])]) listener();
    },
    /** Tells every follower (the records were reset or reloaded). */
    changedAll() {
      for (const set of [...listeners.values()]) for (const listener of [...set]) listener();
    },
    /** How many streams are open, for tests. */
    get size() {
      let count = 0;
      for (const set of listeners.values()) count += set.size;
      return count;
    },
  };
}

/** A feed made by {@link createReportFeed}. */
export type ReportFeed = ReturnType<typeof createReportFeed>;

const encoder = new TextEncoder();
const eventText = (view: ReportView) => `event: report\nid: ${view.updatedAt}\ndata: ${JSON.stringify(view)}\n\n`;

/** What {@link reportEventStream} needs: how to read the view, where changes are told, and how often to ping. */
export interface EventStreamOptions {
  /** Reads the reporter's view (with the request's token): a failure ends the stream. */
  read: () => Promise<Result<ReportView>>;
  /** Subscribes to changes of the report. */
  subscribe: (listener: () => void) => () => void;
  /** The view the client has already (its `Last-Event-ID`): not sent again on connect. */
  lastEventId?: string | null;
  pingIntervalMs?: number;
  /** In how many ms the credential that opened the stream ends: the stream ends with it. */
  endsInMs?: number | undefined;
}

/**
 * The body of `GET /v1/reports/{id}/events`: the view on connect (unless the client's
 * `Last-Event-ID` says it has it) and after every change that altered it; `: ping` every
 * 15 s; closed after a final state, when the report can no longer be read (a reset), or
 * when the credential that opened it ends (a customer token's `exp`).
 * Changes are read in turn, so events never overtake one another.
 */
export function reportEventStream(first: ReportView, options: EventStreamOptions): ReadableStream<Uint8Array> {
  let stop = () => undefined as void;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let last = options.lastEventId === first.updatedAt ? JSON.stringify(first) : '';
      let open = true;
      let reading = Promise.resolve();
      const close = () => {
        if (!open) return;
        open = false;
        stop();
        controller.close();
      };
      const send = (view: ReportView) => {
        const json = JSON.stringify(view);
        if (json !== last) {
          last = json;
          controller.enqueue(encoder.encode(eventText(view)));
        }
        if (FINAL_STATES.has(view.state)) close();
      };
      const unsubscribe = options.subscribe(() => {
        reading = reading.then(async () => {
          if (!open) return;
          const result = await options.read();
          if (!open) return;
          if (result.ok) send(result.value);
          else close();
        });
      });
      const ping = setInterval(() => open && controller.enqueue(encoder.encode(': ping\n\n')), options.pingIntervalMs ?? PING_INTERVAL_MS);
      // In Node, a waiting timer must not keep a process alive that is otherwise done.
      (ping as { unref?: () => void }).unref?.();
      const expiry = options.endsInMs === undefined ? undefined : setTimeout(close, Math.max(0, options.endsInMs));
      (expiry as { unref?: () => void } | undefined)?.unref?.();
      stop = () => {
        unsubscribe();
        clearInterval(ping);
        clearTimeout(expiry);
      };
      send(first);
    },
    cancel() {
      stop();
    },
  });
}
