import type { Receipt, ReportState } from '@vuln-report/contract';

/** A report sent from this browser, as "my reports" lists it. */
export interface MyReport {
  id: string;
  trackingToken: string;
  title: string;
  receivedAt: string;
  state: ReportState;
}

const MAX_KEPT = 50;

/**
 * The reports this browser sent to one intake with one project key, newest first, kept
 * in localStorage with their tracking tokens: the reporter's own credential, on their
 * own device, so they can follow a report without an account.
 */
export function myReportsStore(endpoint: string, projectKey: string) {
  const key = `vuln-report:my-reports:${endpoint}:${projectKey}`;
  const read = (): MyReport[] => {
    try {
      const parsed = JSON.parse(localStorage.getItem(key) ?? '[]');
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  };
  const write = (reports: MyReport[]) => {
    try {
      localStorage.setItem(key, JSON.stringify(reports.slice(0, MAX_KEPT)));
    } catch {
      // Storage full or blocked: the receipt on screen still holds the reference.
    }
  };
  return {
    list: read,
    add(receipt: Receipt, title: string) {
      write([{ id: receipt.id, trackingToken: receipt.trackingToken, title, receivedAt: receipt.receivedAt, state: receipt.state }, ...read().filter((r) => r.id !== receipt.id)]);
    },
    setState(id: string, state: ReportState) {
      write(read().map((report) => (report.id === id ? { ...report, state } : report)));
    },
  };
}
