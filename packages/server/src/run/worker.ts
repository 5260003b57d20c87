import type { OutboxEmail } from '@vuln-report/contract';
import { createSmtpSender, startDelivery } from '@vuln-report/server-stub';
import { createIntake, type Clock, type Intake, type IntakeOptions } from '@vuln-report/server-stub/core';
import { createOutboxClaims } from '../store/outbox-claims.ts';
import type { ServerStore } from '../store/server-store.ts';

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  store: ServerStore;
  clock: Clock;
  /** The app's domain core: who actually receives an email (`deliveryAddresses`: a test-mode email only the tenant's test recipients). */
  intake: Pick<Intake, 'deliveryAddresses'>;
  /** The domain's tenants and policy, as the app's core has them. */
  directory: IntakeOptions['directory'];
  policy: IntakeOptions['policy'];
  ledgerKeys: IntakeOptions['ledgerKeys'];
  /** `smtp://host:port`, `smtps://user:password@host:465`. */
  smtpUrl: string;
  /** The `From` of every email. */
  smtpFrom?: string | undefined;
  /** How long a claim holds an email, in seconds. Default 300: longer than any SMTP attempt (its timeouts add up to 50 s). */
  leaseSeconds?: number | undefined;
  /** How often to look for emails left by other processes (one whose worker died, a retry falling due), in ms. Default 5 000. */
  pollMs?: number | undefined;
  /** A failed attempt, or a failed run of the worker, for the operator. */
  onError: (error: Error, email?: OutboxEmail) => void;
}

/**
 * The outbox worker of one process: the stub's delivery runner (`startDelivery`: claim
 * due emails, send each over SMTP, record the outcome; retries with the core's backoff)
 * on claims that hold across processes (`createOutboxClaims`), so with several
 * processes each attempt is made once and each email is sent once.
 *
 * It runs when this process commits new emails ({@link kick}), when a retry of its own
 * falls due (the runner's timer), and every `pollMs` for what others left.
 */
export function startWorker(options: WorkerOptions) {
  const claims = createOutboxClaims(options.store, { clock: options.clock, leaseSeconds: options.leaseSeconds ?? 300 });
  const core = createIntake({ store: claims, directory: options.directory, clock: options.clock, policy: options.policy, ledgerKeys: options.ledgerKeys });
  const smtp = createSmtpSender(options.smtpUrl, options.smtpFrom);
  const delivery = startDelivery({
    intake: {
      claimDueEmails: core.claimDueEmails,
      recordDelivery: core.recordDelivery,
      nextEmailDue: core.nextEmailDue,
      deliveryAddresses: options.intake.deliveryAddresses,
    },
    clock: options.clock,
    send: (email, to) => smtp.send(email, to),
    describe: (error) => smtp.describe(error),
    onError: options.onError,
  });
  const poll = setInterval(() => void delivery.kick(), options.pollMs ?? 5_000);
  poll.unref();
  // Emails left queued by an earlier run go out now.
  void delivery.kick();
  return {
    /** Runs now (new emails were committed), or once more after the run under way. */
    kick: () => delivery.kick(),
    /** Describes a delivery error as `lastError` does (no credentials). */
    describe: (error: unknown) => smtp.describe(error),
    /** Stops polling and waits for the run under way: every email it claimed has its outcome recorded. */
    async stop() {
      clearInterval(poll);
      await delivery.stop();
      smtp.close();
    },
  };
}

/** A worker made by {@link startWorker}. */
export type Worker = ReturnType<typeof startWorker>;
