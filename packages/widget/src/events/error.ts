import type { Problem } from '@vuln-report/contract';

/** Sending failed for good: the intake refused the report, or something unexpected happened. */
export class VulnReportErrorEvent extends CustomEvent<{ message: string; problem?: Problem }> {
  constructor(message: string, problem?: Problem) {
    super('vuln-report-error', { bubbles: true, composed: true, detail: { message, ...(problem ? { problem } : {}) } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vuln-report-error': VulnReportErrorEvent;
  }
}
