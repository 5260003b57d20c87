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

/** The store of one intake and project key. */
export type MyReportsStore = ReturnType<typeof myReportsStore>;

/**
 * "My reports" as a dialog shows them: read from storage when the dialog opens, kept in
 * step with it after, and refreshed from the intake when the list is shown. The dialog
 * renders again whenever the list changes.
 */
export class MyReports {
  /** Newest first. */
  list: MyReport[] = [];
  readonly #host: ReactiveControllerHost;
  readonly #store: () => MyReportsStore;

  constructor(host: ReactiveControllerHost, store: () => MyReportsStore) {
    this.#host = host;
    this.#store = store;
  }

  /** Reads the list again: another tab or an earlier page may have changed it. */
  load() {
    this.#update(() => undefined);
  }

  /** Keeps a report that was just received. */
  add(receipt: Receipt, title: string) {
    this.#update((store) => store.add(receipt, title));
  }

  /** Records a report's latest state. */
  setState(id: string, state: ReportState) {
    this.#update((store) => store.setState(id, state));
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

  #update(change: (store: MyReportsStore) => void) {
    const store = this.#store();
    change(store);
    this.list = store.list();
    this.#host.requestUpdate();
  }
}
