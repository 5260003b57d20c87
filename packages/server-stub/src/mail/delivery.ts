import type { OutboxEmail } from '@vuln-report/contract';
import type { Clock } from '../core/clock.ts';
import type { DeliveryOutcome } from '../core/delivery.ts';
import type { Intake } from '../core/intake.ts';

/** Options of {@link startDelivery}. */
export interface DeliveryOptions {
  /** The domain core: it claims due emails and records each attempt's outcome, one unit of work each. */
  intake: Pick<Intake, 'claimDueEmails' | 'recordDelivery' | 'nextEmailDue' | 'deliveryAddresses'>;
  /** The intake's clock: what "due" is measured on. */
  clock: Clock;
  /** One attempt, to the addresses it is delivered to: resolves once a mail server accepted the email. */
  send: (email: OutboxEmail, to: readonly string[]) => Promise<void>;
  /** What an error of `send` was, as one line for `lastError` (no credentials). */
  describe?: (error: unknown) => string;
  /** Each failed attempt and each failure of the runner itself, for the operator. */
  onError?: (error: Error, email?: OutboxEmail) => void;
  /** Emails claimed and sent at once. Default 10. */
  batch?: number;
}

/** The longest `setTimeout` Node takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How soon to look again after the runner itself failed (a unit of work refused). */
const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * Delivers the outbox: claims due emails (each claim counts the attempt before anything
 * is sent), sends them, and records each outcome, until nothing is due. One run at a
 * time: what asks for a run meanwhile gets one more after it, so no email is sent twice
 * for one attempt. It runs when asked ({@link kick}: emails committed, the clock moved),
 * on {@link tick} once something falls due, and on a timer for the soonest due email.
 */
export function startDelivery(options: DeliveryOptions) {
  const { intake, clock, send } = options;
  const describe = options.describe ?? ((error: unknown) => (error instanceof Error ? error.message : String(error)));
  const batch = options.batch ?? 10;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  /** When (ms, the intake's clock) the soonest queued email is due; undefined when unknown. */
  let nextDue: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const report = (error: unknown, email?: OutboxEmail) => options.onError?.(error instanceof Error ? error : new Error(String(error)), email);

  async function attempt(email: OutboxEmail) {
    let outcome: DeliveryOutcome;
    // A test-mode email for a tenant with no test recipients is recorded as sent to nobody.
    const to = intake.deliveryAddresses(email);
    try {
      if (to.length > 0) await send(email, to);
      outcome = { ok: true, deliveredTo: to };
    } catch (error) {
      outcome = { ok: false, error: describe(error) };
      report(error, email);
    }
    await intake.recordDelivery(email.id, email.attempts, outcome);
  }

  /** Attempts every due email once. */
  async function drain() {
    for (;;) {
      const claimed = await intake.claimDueEmails(batch);
      if (claimed.length === 0) return;
      await Promise.all(claimed.map(attempt));
    }
  }

  function schedule(delayMs: number) {
    clearTimeout(timer);
    timer = undefined;
    if (stopped) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        void tick();
      },
      Math.min(Math.max(delayMs, 0), MAX_TIMER_MS),
    );
    timer.unref?.();
  }

  /** Runs now, or once more after the run under way; resolves when that run is over. */
  function kick(): Promise<void> {
    if (stopped) return running ?? Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let next: string | undefined;
      try {
        do {
          again = false;
          await drain();
          next = await intake.nextEmailDue();
        } while (again && !stopped);
        nextDue = next === undefined ? Infinity : Date.parse(next);
        if (next !== undefined) schedule(nextDue - clock.now().getTime());
      } catch (error) {
        nextDue = undefined;
        report(error);
        schedule(RETRY_AFTER_FAILURE_MS);
      }
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  /** Runs if an email may be due by now (cheap otherwise: called before each request). */
  function tick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (nextDue !== undefined && clock.now().getTime() < nextDue) {
      // A clock that stands still (a test's) is looked at again later, as the timer does.
      if (nextDue !== Infinity && !timer) schedule(nextDue - clock.now().getTime());
      return Promise.resolve();
    }
    return kick();
  }

  return {
    kick,
    tick,
    /** Stops asking for runs and waits for the one under way: every email it claimed has its outcome recorded. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

/** A delivery runner made by {@link startDelivery}. */
export type Delivery = ReturnType<typeof startDelivery>;
