import nodemailer from 'nodemailer';
import type { OutboxEmail } from '@vuln-report/contract';

/** The sender when none is configured (`--smtp-from`, `smtpFrom`). */
export const DEFAULT_SMTP_FROM = 'vuln-report stub <security@vendor.example>';

/** How long one SMTP attempt may take at each step: a stuck mail server costs an attempt, not the outbox. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * A sender that is usable as a `From` header: at most 320 characters, no control
 * characters (so no header can be injected through it), with an address in it.
 */
export function isSenderAddress(value: string): boolean {
  return value.length <= 320 && !/[\u0000-\u001f\u007f]/.test(value) && /[^\s<>@]+@[^\s<>@]+/.test(value);
}

/**
 * Sends outbox emails over SMTP (`smtp://user:pass@host:port`), one attempt per call.
 * Plain text only: reporter text never becomes markup, and nodemailer encodes headers,
 * so a subject can carry no injected header (the planner already made it one line).
 */
export function createSmtpSender(url: string, from = DEFAULT_SMTP_FROM) {
  const transport = nodemailer.createTransport({ url, ...TIMEOUTS });
  const secrets = credentialsOf(url);
  return {
    /** One attempt to the addresses `to` (see `deliveryAddresses`): resolves once the mail server accepted the email, rejects otherwise. */
    async send(email: OutboxEmail, to: readonly string[]): Promise<void> {
      await transport.sendMail({
        from,
        to: [...to],
        subject: email.subject,
        text: email.text,
        headers: { 'X-Vuln-Report-Kind': email.kind, 'X-Vuln-Report-Related': email.relatedId, 'X-Vuln-Report-Email': email.id },
      });
    },
    /** What went wrong, for the outbox's `lastError`: the error's code and message, with the URL's credentials taken out. */
    describe(error: unknown): string {
      const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
      let line = `${typeof code === 'string' ? `${code}: ` : ''}${typeof message === 'string' ? message : String(error)}`;
      line = line.replace(/\/\/[^\s/@]*@/g, '//');
      for (const secret of secrets) line = line.split(secret).join('***');
      return line;
    },
    close() {
      transport.close();
    },
  };
}

/** The password of an SMTP URL and its user name (unless too short to tell from other text), as written and decoded; longest first. */
function credentialsOf(url: string): string[] {
  try {
    const parsed = new URL(url);
    const parts = [parsed.password, parsed.username.length >= 4 ? parsed.username : ''].filter((part) => part.length > 0);
    return [...new Set(parts.flatMap((part) => [part, safeDecode(part)]))].sort((a, b) => b.length - a.length);
  } catch {
    return [];
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** An SMTP sender made by {@link createSmtpSender}. */
export type SmtpSender = ReturnType<typeof createSmtpSender>;
