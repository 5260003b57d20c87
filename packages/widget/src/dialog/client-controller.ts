import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createClient, type Client, type ReportOptions, type ReportResult, type VulnReportError } from '@vuln-report/sdk';
import { watchReport } from '@vuln-report/sdk/watch';
import type { Problem, Receipt, ReportFieldsInput, ReportView } from '@vuln-report/contract';
import type { ClientSettings } from './dialog-host.ts';

/** What becomes of the report the dialog saved offline, once the client sends it. */
export interface QueuedOutcomes {
  /** The intake stored it. */
  delivered(receipt: Receipt): void;
  /** The intake refused it for good. */
  rejected(problem: Problem): void;
}

/** A report to follow: what a receipt gives. */
type Followed = Pick<Receipt, 'id' | 'trackingToken'>;

/**
 * Owns the SDK client of a dialog: the host's own client, or one made from the button's
 * settings once its endpoint and key are known; sends reports and hears what becomes of
 * the one the dialog saved offline; follows one report live at a time (the intake's events
 * stream, see `@vuln-report/sdk/watch`); and lets go of all of it when the dialog leaves
 * the page, closing only a client it made (a host's client is the host's to close).
 */
export class ClientController implements ReactiveController {
  readonly #settings: () => ClientSettings;
  readonly #outcomes: QueuedOutcomes;
  #own: Client | undefined;
  /** The settings `#own` was made from. */
  #made = '';
  #stopListening: (() => void) | undefined;
  #stopWatching: (() => void) | undefined;
  /** The local id of the report this dialog saved offline, until it is sent or refused. */
  #queued: string | undefined;

  constructor(host: ReactiveControllerHost, settings: () => ClientSettings, outcomes: QueuedOutcomes) {
    this.#settings = settings;
    this.#outcomes = outcomes;
    host.addController(this);
  }

  /**
   * The client, made on first use and made again when the settings it was made from
   * change (a host may set the endpoint after the dialog was prefetched); throws while the
   * button has no endpoint or key.
   */
  get client(): Client {
    const settings = this.#settings();
    if (settings.client) return settings.client;
    const made = [settings.endpoint, settings.projectKey, settings.appVersion, settings.environment, settings.userEmail, settings.captureErrors].join('\n');
    if (this.#own && made !== this.#made) {
      this.#stopListening?.();
      this.#stopListening = undefined;
      this.#own.close();
      this.#own = undefined;
    }
    this.#made = made;
    this.#own ??= createClient({
      endpoint: settings.endpoint,
      projectKey: settings.projectKey,
      channel: 'widget',
      ...(settings.appVersion || settings.environment
        ? { app: { ...(settings.appVersion ? { version: settings.appVersion } : {}), ...(settings.environment ? { environment: settings.environment } : {}) } }
        : {}),
      ...(settings.userEmail ? { user: { email: settings.userEmail } } : {}),
      ...(settings.captureErrors ? { captureErrors: true } : {}),
    });
    return this.#own;
  }

  hostConnected() {
    // Making the client starts its error buffer and sends what an earlier page queued;
    // a button not yet given its endpoint and key gets its client when it opens.
    const { client, endpoint, projectKey } = this.#settings();
    if (client || (endpoint && projectKey)) this.listen();
  }

  /** Sends a report with the client as the button is set up now; one saved offline is followed until the client sends it. */
  async report(fields: ReportFieldsInput, options: ReportOptions): Promise<ReportResult> {
    this.listen();
    const result = await this.client.report(fields, options);
    if (result.status === 'queued') this.#queued = result.localId;
    return result;
  }

  /** Starts hearing about queued reports, making the client if need be; once per client. */
  listen() {
    // First the client: one made again for new settings stops the listening to the old one.
    const client = this.client;
    if (this.#stopListening) return;
    // Other reports in the queue (an earlier page's, say) are not this dialog's to tell of.
    const ours = (localId: string) => {
      if (localId !== this.#queued) return false;
      this.#queued = undefined;
      return true;
    };
    const stops = [
      client.on('delivered', ({ localId, receipt }) => {
        if (ours(localId)) this.#outcomes.delivered(receipt);
      }),
      client.on('rejected', ({ localId, problem }) => {
        if (ours(localId)) this.#outcomes.rejected(problem);
      }),
    ];
    this.#stopListening = () => stops.forEach((stop) => stop());
  }

  /**
   * Follows `report` live in place of any report followed before: its view now and at each
   * change. Without an endpoint (a host's own client only) the view is read once.
   */
  watch(report: Followed, onView: (view: ReportView) => void, onError: (error: VulnReportError) => void) {
    this.unwatch();
    const { endpoint } = this.#settings();
    if (endpoint) this.#stopWatching = watchReport({ endpoint, report, onView, onError });
    else this.client.status(report).then(onView, onError);
  }

  /** Stops following a report. */
  unwatch() {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
  }

  hostDisconnected() {
    this.unwatch();
    this.#stopListening?.();
    this.#stopListening = undefined;
    this.#own?.close();
    this.#own = undefined;
  }
}
