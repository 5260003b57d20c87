import { createOffsetClock } from '../core/clock.ts';
import { startDelivery } from '../mail/delivery.ts';
import { createSmtpSender } from '../mail/smtp.ts';
import { createStub, DEFAULT_CONTROL_TOKEN, type StubOptions } from '../stub.ts';
import { listenHttp, SERVER_LIMITS } from './http-adapter.ts';
import type { JournalOptions } from './journal.ts';
import { openDataFile } from './persistence.ts';

export { SERVER_LIMITS } from './http-adapter.ts';

/** Options of {@link startStubServer}, on top of the stub's own. */
export interface StubServerOptions extends Omit<StubOptions, 'baseUrl' | 'state' | 'onCommit' | 'onClockMove'> {
  /** Port to listen on; 0 picks a free one. Default 4010. */
  port?: number;
  /** Address to bind. Default 127.0.0.1: loopback only. */
  host?: string;
  /** A file that keeps every report across restarts (a snapshot, with a journal beside it). */
  dataFile?: string;
  /** How the data file writes (for tests: a failing flush). */
  journal?: JournalOptions;
  /**
   * Deliver the outbox over SMTP, e.g. `smtp://127.0.0.1:2525`: each email once its unit
   * of work is committed, retried after 1, 5, 30, 120 and 600 seconds on the stub's clock
   * (moving it with `/__stub/clock` runs what falls due). Without it emails stay `queued`.
   */
  smtpUrl?: string;
  /** The `From` of every email sent over SMTP. Default `vuln-report stub <security@vendor.example>`. */
  smtpFrom?: string;
  /** Where failed delivery attempts are reported. Default: standard error. */
  onDeliveryError?: (error: Error) => void;
  /** Host names the stub answers besides its bound address, `localhost` and the public URL's. */
  allowedHosts?: string[];
  /** Tighter limits, for tests. */
  limits?: Partial<typeof SERVER_LIMITS>;
}

/**
 * The stub as a real HTTP server on `node:http`, answering through the stub's fetch
 * handler, as MSW does in tests and the service worker. Binds to loopback unless told
 * otherwise; answers only its own host names; links come from its public URL; every
 * change is on disk (with `dataFile`) before it is acknowledged.
 */
export async function startStubServer(options: StubServerOptions = {}) {
  const host = options.host ?? '127.0.0.1';
  const data = options.dataFile ? openDataFile(options.dataFile, options.journal) : undefined;
  const clock = options.clock ?? createOffsetClock();
  if (data && data.clockSeconds > 0) clock.advance(data.clockSeconds);
  const smtp = options.smtpUrl ? createSmtpSender(options.smtpUrl, options.smtpFrom) : undefined;

  const http = await listenHttp({
    port: options.port ?? 4010,
    host,
    publicUrl: options.publicUrl,
    allowedHosts: options.allowedHosts,
    limits: options.limits,
    name: 'vuln-report-stub',
    failureDetail: 'The stub failed to answer this request.',
  });
  const { url, publicUrl, port } = http;

  const stub = createStub({
    ...options,
    clock,
    publicUrl,
    ...(data ? { state: data.state } : {}),
    onCommit: async (changes, state) => {
      await data?.commit(changes, state);
      // Only once the unit that made them is durable: an email never goes out about a change a crash could lose.
      if (changes.some((change) => change.kind === 'email' && change.value.status === 'queued' && change.value.attempts === 0)) void delivery?.kick();
    },
    onClockMove: async (seconds, state) => {
      await data?.moveClock(seconds, state);
      // The answer to a clock move waits for what fell due: a test moves the clock, then reads the outbox.
      await delivery?.kick();
    },
  });
  const delivery = smtp
    ? startDelivery({
        intake: stub.intake,
        clock,
        send: (email, to) => smtp.send(email, to),
        describe: (error) => smtp.describe(error),
        onError: (error, email) =>
          (options.onDeliveryError ?? ((e) => console.error(`vuln-report-stub: ${email ? `SMTP delivery of ${email.id} (attempt ${email.attempts}) failed` : 'email delivery failed'}: ${smtp.describe(e)}`)))(error),
      })
    : undefined;
  // Emails left queued by an earlier run (the data file) go out now.
  void delivery?.kick();

  http.serve(stub, { beforeRequest: () => void delivery?.tick() });

  return {
    /** The server's base URL, such as `http://127.0.0.1:4010`. */
    url,
    /** Where links point: the public URL, or the base URL. */
    publicUrl,
    port,
    stub,
    /** The control token of `/__stub/*` (undefined with `controls: false`). */
    controlToken: options.controls === false ? undefined : (options.controls?.token ?? DEFAULT_CONTROL_TOKEN),
    /** Stops accepting, finishes open requests and the delivery run under way, then closes the data file and SMTP. */
    async close() {
      await http.close();
      await delivery?.stop();
      await data?.close(stub.state);
      smtp?.close();
    },
  };
}

/** A running standalone stub. */
export type StubServer = Awaited<ReturnType<typeof startStubServer>>;
