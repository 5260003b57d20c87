import type { ReactiveControllerHost } from 'lit';
import type { Client } from '@vuln-report/sdk';
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
 * "My reports": what this browser sent to one intake with one project key, newest first,
 * kept in localStorage with their tracking tokens (the reporter's own credential, on their
 * own device, so they can follow a report without an account). Read when the dialog opens,
 * kept in step with storage after, and refreshed from the intake when shown; the dialog
 * renders again whenever the list changes.
 */
export class MyReports {
  /** Newest first. */
  list: MyReport[] = [];
  readonly #host: ReactiveControllerHost;
  readonly #scope: () => { endpoint: string; projectKey: string };

  constructor(host: ReactiveControllerHost, scope: () => { endpoint: string; projectKey: string }) {
    this.#host = host;
    this.#scope = scope;
  }

  /** Reads the list again: another tab or an earlier page may have changed it. */
  load() {
    this.#write(undefined);
  }

  /** Keeps a report that was just received. */
  add(receipt: Receipt, title: string) {
    this.#write([{ id: receipt.id, trackingToken: receipt.trackingToken, title, receivedAt: receipt.receivedAt, state: receipt.state }, ...this.#read().filter((r) => r.id !== receipt.id)]);
  }

  /** Records a report's latest state. */
  setState(id: string, state: ReportState) {
    this.#write(this.#read().map((report) => (report.id === id ? { ...report, state } : report)));
  }

  /** Asks the intake for the state of each report not yet final; a failed request leaves the last known state. */
  refresh(client: Pick<Client, 'status'>) {
    for (const report of this.list) {
      if (report.state === 'resolved' || report.state === 'closed') continue;
      client.status(report).then(
        (view) => this.setState(report.id, view.state),
        () => undefined,
      );
    }
  }

  get #key() {
    const { endpoint, projectKey } = this.#scope();
    return `vuln-report:my-reports:${endpoint}:${projectKey}`;
  }

  #read(): MyReport[] {
    try {
      const parsed = JSON.parse(localStorage.getItem(this.#key) ?? '[]');
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }

  /** Stores `reports` (if given), then lists what storage holds. */
  #write(reports: MyReport[] | undefined) {
    try {
      if (reports) localStorage.setItem(this.#key, JSON.stringify(reports.slice(0, MAX_KEPT)));
    } catch {
      // Storage full or blocked: the receipt on screen still holds the reference.
    }
    this.list = this.#read();
    this.#host.requestUpdate();
  }
}
