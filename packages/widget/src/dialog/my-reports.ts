import type { ReactiveControllerHost } from 'lit';
import type { Receipt, ReportState } from '@vuln-report/contract';

/** A report sent from this browser, as "my reports" lists it. */
export interface MyReport {
  id: string;
  trackingToken: string;
  title: string;
  receivedAt: string;
  /** When the vendor will have acknowledged it (kept since live status came; older entries lack it). */
  acknowledgeBy?: string;
  state: ReportState;
}

const MAX_KEPT = 50;

/**
 * "My reports": what this browser sent to one intake with one project key, newest first,
 * kept in localStorage with their tracking tokens (the reporter's own credential, on their
 * own device, so they can follow and answer a report without an account). Read when the
 * dialog opens, kept in step with storage after, each state as last seen (opening a report
 * follows it live and updates it); the dialog renders again whenever the list changes.
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
    const { id, trackingToken, receivedAt, acknowledgeBy, state } = receipt;
    this.#write([{ id, trackingToken, title, receivedAt, acknowledgeBy, state }, ...this.#read().filter((r) => r.id !== id)]);
  }

  /** Records a report's latest state (written only when it changed). */
  setState(id: string, state: ReportState) {
    if (this.list.some((report) => report.id === id && report.state !== state)) this.#write(this.#read().map((report) => (report.id === id ? { ...report, state } : report)));
  }

  /** The report `id`, as kept. */
  find(id: string): MyReport | undefined {
    return this.list.find((report) => report.id === id);
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
