import nodemailer from 'nodemailer';
import type { OutboxEmail } from '@vuln-report/contract';

/** Where SMTP delivery failures go; delivery never blocks or fails a request. */
export type DeliveryErrorHandler = (email: OutboxEmail, error: Error) => void;

/**
 * Delivers outbox emails over SMTP (`smtp://user:pass@host:port`). Plain text only:
 * reporter text never becomes markup, and nodemailer encodes headers, so a subject can
 * carry no injected header (the planner already made it one line).
 */
export function createSmtpDelivery(url: string, from = 'vuln-report stub <security@vendor.example>', onError: DeliveryErrorHandler = () => {}) {
  const transport = nodemailer.createTransport(url);
  const inFlight = new Set<Promise<unknown>>();
  return {
    deliver(email: OutboxEmail) {
      const sending = transport
        .sendMail({
          from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          headers: { 'X-Vuln-Report-Kind': email.kind, 'X-Vuln-Report-Related': email.relatedId, 'X-Vuln-Report-Email': email.id },
        })
        .catch((error: Error) => onError(email, error))
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    },
    /** Waits for every delivery started so far. */
    async drain() {
      await Promise.all([...inFlight]);
    },
    close() {
      transport.close();
    },
  };
}
