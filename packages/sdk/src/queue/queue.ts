import type { Receipt } from '@vuln-report/contract';
import { QueueFullError, type VulnReportError } from '../errors.ts';
import type { SendOutcome } from '../transport.ts';
import { withLock } from './lock.ts';
import type { QueuedReport, QueueStore } from './store.ts';

/** The queue's bounds: past either, a report that cannot be sent is refused with {@link QueueFullError}. */
export interface QueueLimits {
  maxItems: number;
  maxBytes: number;
}

/** How often a failing queue is tried again: exponential backoff with jitter, between these. */
export interface QueueBackoff {
  delayMs: number;
  maxDelayMs: number;
}

/** A queued report, as `pending()` shows it. */
export interface PendingReport {
  localId: string;
  title: string;
  /** When it was queued (ms since the epoch). */
  queuedAt: number;
  /** Delivery attempts made from the queue so far. */
  attempts: number;
  /** The earliest next attempt (ms since the epoch), when the server asked to wait. */
  notBefore: number;
}

interface QueueSettings {
  store: QueueStore;
  limits: QueueLimits;
  backoff: QueueBackoff;
  send: (item: QueuedReport, keepalive: boolean) => Promise<SendOutcome>;
  delivered: (item: QueuedReport, receipt: Receipt) => void;
  rejected: (item: QueuedReport, error: VulnReportError) => void;
}

const oldestFirst = (a: QueuedReport, b: QueuedReport) => a.queuedAt - b.queuedAt;

/**
 * The offline queue: bounded storage, drained oldest first under a lock that tabs share
 * (so no two send one item), and tried again on a backoff timer while the intake is
 * unavailable. A report leaves it when the server answers with a receipt or a refusal.
 */
export function createQueue(settings: QueueSettings) {
  const { store, limits, backoff } = settings;
  const lockName = `vuln-report-queue:${store.name}`;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer fires, if it is set. */
  let wakeTime: number | undefined;
  let closed = false;

  function wakeAt(at: number | undefined) {
    clearTimeout(timer);
    wakeTime = closed ? undefined : at;
    if (wakeTime === undefined) return;
    timer = setTimeout(() => {
      wakeTime = undefined;
      void drain().catch(() => undefined);
    }, Math.max(wakeTime - Date.now(), 0));
    // In Node the timer must not keep a process alive that has nothing else to do.
    (timer as { unref?: () => void }).unref?.();
  }

  /** Sends every item that may go now; returns when to try again, if anything is left. */
  async function drainLocked(keepalive: boolean): Promise<number | undefined> {
    for (const item of (await store.getAll()).sort(oldestFirst)) {
      if (item.notBefore > Date.now()) continue;
      const outcome = await settings.send(item, keepalive);
      if ('receipt' in outcome) {
        await store.delete(item.localId);
        settings.delivered(item, outcome.receipt);
      } else if (!outcome.error.retryable) {
        await store.delete(item.localId);
        settings.rejected(item, outcome.error);
      } else {
        // The intake is unavailable: keep this item and leave the rest for the next attempt.
        const wait = outcome.retryAfterMs ?? 0;
        await store.put({ ...item, attempts: item.attempts + 1, notBefore: wait && Date.now() + wait });
        failures += 1;
        const delay = Math.min(backoff.delayMs * 2 ** (failures - 1), backoff.maxDelayMs);
        return Date.now() + Math.max(delay / 2 + (Math.random() * delay) / 2, wait);
      }
    }
    failures = 0;
    const later = (await store.getAll()).map((item) => item.notBefore);
    return later.length > 0 ? Math.min(...later) : undefined;
  }

  /** Tries every queued report now (under the lock), then sets the timer for what is left. */
  async function drain(keepalive = false): Promise<void> {
    try {
      wakeAt(await withLock(lockName, () => drainLocked(keepalive)));
    } catch (error) {
      // Storage failed (or something else outside HTTP): try later rather than give up on what it holds.
      wakeAt(Date.now() + backoff.maxDelayMs);
      throw error;
    }
  }

  return {
    drain,

    /** Stores a report that could not be sent now, within the bounds, and sets the timer. */
    async add(item: QueuedReport): Promise<void> {
      const items = await store.getAll();
      const bytes = items.reduce((sum, queued) => sum + queued.bytes, item.bytes);
      if (items.length >= limits.maxItems || bytes > limits.maxBytes) {
        throw new QueueFullError(
          `The offline queue is full (${items.length} of ${limits.maxItems} reports, ${bytes} of ${limits.maxBytes} bytes with this one): the report was not kept`,
        );
      }
      try {
        await store.put(item);
      } catch (cause) {
        throw new QueueFullError(`The offline queue could not store the report: ${String(cause)}`, undefined, { cause });
      }
      const at = Math.max(Date.now() + backoff.delayMs, item.notBefore);
      if (wakeTime === undefined || at < wakeTime) wakeAt(at);
    },

    /** What is waiting, oldest first. */
    async pending(): Promise<PendingReport[]> {
      return (await store.getAll()).sort(oldestFirst).map(({ localId, report, queuedAt, attempts, notBefore }) => ({
        localId,
        title: report.title,
        queuedAt,
        attempts,
        notBefore,
      }));
    },

    /** Stops the timer; what is queued stays for the next client. */
    close() {
      closed = true;
      wakeAt(undefined);
    },
  };
}

/** The queue a client uses. */
export type Queue = ReturnType<typeof createQueue>;
