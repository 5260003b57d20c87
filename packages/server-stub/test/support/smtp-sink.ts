import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/**
 * A real SMTP server on loopback for this file's tests: it keeps each message it accepts,
 * parsed, and refuses every recipient (451, try again later) while `refusing` is set.
 * Every RCPT TO it is sent counts as one delivery attempt reaching it. Reset before each
 * test, unless `acrossTests` (a file whose tests follow one another's emails).
 */
export function useSmtpSink({ acrossTests = false } = {}) {
  const sink = {
    received: [] as ParsedMail[],
    refusing: false,
    rcptCalls: 0,
    port: 0,
    /** The URL the stub delivers to. */
    get url() {
      return `smtp://127.0.0.1:${sink.port}`;
    },
    /** How many times each outbox email arrived, by its id (the `X-Vuln-Report-Email` header). */
    counts(): Map<string, number> {
      const counts = new Map<string, number>();
      for (const mail of sink.received) {
        const id = String(mail.headers.get('x-vuln-report-email'));
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
  };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      sink.rcptCalls += 1;
      if (!sink.refusing) return callback();
      return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => sink.received.push(mail))
        .then(() => callback(), callback);
    },
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    sink.port = (smtp.server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
  beforeEach(() => {
    if (acrossTests) return;
    sink.refusing = false;
    sink.rcptCalls = 0;
    sink.received.length = 0;
  });
  return sink;
}
