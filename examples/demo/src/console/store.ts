import type { ActivityLogEntry, AdminTenant, NewKey, SignedTreeHead, EvidenceRequest, Incident, IncidentState, OutboxEmail, Policy, Release, SlaItem, StaffIdentity, StaffReportView } from '@vuln-report/contract';
import { verifyActivityLog, type ChainCheck } from '@vuln-report/server-stub/verify';
import { verifyLog, type Verification } from '@vuln-report/sdk/verify';
import type { ApiError, ApiResult, ConsoleApi } from './api.ts';
import * as forms from './forms.ts';
import { tenantIds } from './format.ts';

/**
 * The console's state and every action it can take. Views read the state and call the
 * actions; after each action the whole page is read again from the intake, so every
 * panel shows what the action changed.
 */

/** One panel's data: absent until the first answer; the last good value is kept while an error shows. */
export interface Panel<T> {
  value?: T;
  error?: ApiError;
}

export type Filters = { state: string; severity: string; tenant: string };

/** The forms and buttons that can fail, each showing its own problem. */
export type FormKey =
  | 'clock'
  | 'attachment'
  | 'assess'
  | 'reassess'
  | 'deadline'
  | 'request-info'
  | 'close'
  | 'reopen'
  | 'resolve'
  | 'data-loss'
  | 'data-loss-update'
  | 'incident'
  /** An incident's notify button. */
  | `incident:${string}`
  /** An incident's move to its next state. */
  | `incident-move:${string}`
  /** An incident's later notice. */
  | `incident-update:${string}`
  /** An evidence request's fulfil button. */
  | `evidence:${string}`
  /** An evidence request's decline form. */
  | `evidence-decline:${string}`
  /** The new-tenant form. */
  | 'tenant'
  /** A tenant's new-key form. */
  | `key:${string}`
  /** A key's revoke button. */
  | `revoke:${string}`;

export interface ConsoleState {
  /** The web session's token; empty when signed out. */
  token: string;
  /** Who is signed in, once known. */
  staff?: StaffIdentity;
  /** Why the last sign-in failed. */
  signInError?: ApiError;
  filters: Filters;
  /** The stub's clock, as last read. */
  now?: string;
  clockError?: ApiError;
  reports: Panel<StaffReportView[]>;
  /** Every deadline due, overdue or met late, from every page of the SLA view. */
  sla: Panel<SlaItem[]>;
  /** The published policy: read once, it does not change while the intake runs. */
  policy: Panel<Policy>;
  selected?: { id: string; title: string };
  detail: Panel<StaffReportView>;
  incidents: Panel<Incident[]>;
  outbox: Panel<OutboxEmail[]>;
  releases: Panel<Release[]>;
  activity: Panel<ActivityLogEntry[]>;
  chain?: ChainCheck;
  /** The latest signed tree head, and whether the log up to it rebuilds its root under the vendor's key. */
  head?: { value: SignedTreeHead; check: Verification };
  evidence: Panel<EvidenceRequest[]>;
  /** Tenants and their keys, for an admin. */
  admin: Panel<AdminTenant[]>;
  /** The key just made, with its secret: shown until the next action, never read again. */
  newKey?: { tenant: string; made: NewKey };
  /** The last failure of each form, shown beside it. */
  errors: Partial<Record<FormKey, ApiError>>;
  /** What the assess form says, once staff changed it; before, the view follows the report. */
  assessLive?: forms.LiveAssessment;
  /** The same for the reassess form. */
  reassessLive?: forms.LiveAssessment;
  /** The next state chosen in each incident's move form, by incident id. */
  nextStates: Record<string, IncidentState>;
  /** "Detected at" as staff typed it; absent, the field follows the clock. */
  detectedAt?: string;
  /** The outcome of the last action, for the live region. */
  notice: string;
}

/** How an assessment came out, for the notice: `is blocker`, or `is not a vulnerability`. */
const assessed = (report: StaffReportView) => (report.severity ? `is ${report.severity}` : report.assessment?.vulnerability === false ? 'is not a vulnerability' : 'is assessed');

const panel = <T>(result: ApiResult<T>, previous: Panel<T>): Panel<T> => (result.ok ? { value: result.value } : { ...previous, error: result.error });

export class ConsoleStore {
  state: ConsoleState = {
    token: '',
    filters: { state: '', severity: '', tenant: '' },
    reports: {},
    sla: {},
    policy: {},
    detail: {},
    incidents: {},
    outbox: {},
    releases: {},
    activity: {},
    evidence: {},
    admin: {},
    errors: {},
    nextStates: {},
    notice: '',
  };

  /** Bumped by every refresh, so an older refresh that ends late does not overwrite a newer one. */
  private generation = 0;

  constructor(
    private readonly api: ConsoleApi,
    private readonly changed: () => void,
  ) {}

  private set(patch: Partial<ConsoleState>) {
    this.state = { ...this.state, ...patch };
    this.changed();
  }

  /** Every tenant id the console knows: the seed's and any it has seen. */
  tenants(): string[] {
    const { reports, incidents, evidence } = this.state;
    return tenantIds([
      ...(reports.value ?? []).map((report) => report.tenant),
      ...(incidents.value ?? []).flatMap((incident) => incident.affectedTenants ?? []),
      ...(evidence.value ?? []).map((request) => request.tenant),
    ]);
  }

  /** Reads every panel again. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const { filters, selected } = this.state;
    const [clock, reports, sla, detail, incidents, outbox, releases, evidence, policy, admin] = await Promise.all([
      this.api.clock(),
      this.api.reports({
        ...(filters.state ? { state: filters.state as never } : {}),
        ...(filters.severity ? { severity: filters.severity as never } : {}),
        ...(filters.tenant ? { tenant: filters.tenant } : {}),
      }),
      this.api.sla(),
      selected ? this.api.report(selected.id) : undefined,
      this.api.incidents(),
      this.api.outbox(),
      this.api.releaseNotes(),
      this.api.evidenceRequests(),
      this.state.policy.value ? undefined : this.api.policy(),
      this.isAdmin ? this.api.tenants() : undefined,
    ]);
    if (generation !== this.generation) return;
    const s = this.state;
    this.set({
      ...(clock.ok ? { now: clock.value.now, clockError: undefined } : { clockError: clock.error }),
      reports: panel(reports, s.reports),
      sla: panel(sla, s.sla),
      detail: detail ? panel(detail, s.detail) : {},
      incidents: panel(incidents, s.incidents),
      outbox: panel(outbox, s.outbox),
      releases: panel(releases, s.releases),
      evidence: panel(evidence, s.evidence),
      ...(policy ? { policy: panel(policy, s.policy) } : {}),
      admin: admin ? panel(admin, s.admin) : {},
    });
    // Read last, so the log holds this refresh's own reads and the chain covers them.
    const [activity, head, keys] = await Promise.all([this.api.activityLog(), this.api.treeHead(), this.api.treeHeadKeys()]);
    // The head may be older than the last entries: the log up to its size must rebuild its root.
    const check = activity.ok && head.ok && keys.ok ? await verifyLog(activity.value.slice(0, head.value.size), head.value, keys.value.items) : undefined;
    if (generation !== this.generation) return;
    this.set({
      activity: panel(activity, this.state.activity),
      ...(activity.ok ? { chain: verifyActivityLog(activity.value) } : {}),
      ...(head.ok && check ? { head: { value: head.value, check } } : {}),
    });
  }

  /** Whether the signed-in member may use the admin routes. */
  get isAdmin(): boolean {
    return this.state.staff?.roles.includes('admin') ?? false;
  }

  /** Signs in for a web session, then reads every panel. */
  async signIn(email: string, password: string): Promise<boolean> {
    const session = await this.api.signIn(email, password);
    if (!session.ok) {
      this.set({ signInError: session.error });
      return false;
    }
    this.set({ token: session.value.token, signInError: undefined });
    const who = await this.api.whoAmI();
    this.set({ ...(who.ok ? { staff: who.value } : {}), notice: who.ok ? `Signed in as ${who.value.name}.` : '' });
    await this.refresh();
    return true;
  }

  /** Ends the session: the token stops working at the intake, and the console forgets it. */
  async signOut() {
    await this.api.signOut();
    this.set({ token: '', staff: undefined, admin: {}, newKey: undefined, notice: 'Signed out.' });
  }

  setFilter(name: keyof Filters, value: string) {
    this.set({ filters: { ...this.state.filters, [name]: value } });
    void this.refresh();
  }

  /** Opens a report's detail; the title shows at once, the rest once read. */
  async select(id: string, title: string) {
    this.set({ selected: { id, title }, detail: {}, assessLive: undefined, reassessLive: undefined, errors: {} });
    const detail = await this.api.report(id);
    if (this.state.selected?.id !== id) return;
    this.set({ detail: panel(detail, this.state.detail) });
  }

  /** Downloads an attachment of the open report under its own name; a problem shows beside the report. */
  async download(attachmentId: string, name: string) {
    const result = await this.api.attachment(this.reportId, attachmentId);
    if (!result.ok) {
      this.set({ errors: { ...this.state.errors, attachment: result.error } });
      return;
    }
    this.set({ errors: { ...this.state.errors, attachment: undefined } });
    const url = URL.createObjectURL(result.value);
    const link = Object.assign(document.createElement('a'), { href: url, download: name });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  /** Runs one action: its problem shows beside `key`, or the form is reset, the notice set and every panel read again. */
  private async act<T>(key: FormKey, run: () => Promise<ApiResult<T>>, notice: (value: T) => string, form?: HTMLFormElement): Promise<boolean> {
    this.set({ notice: '', newKey: undefined });
    const result = await run();
    if (!result.ok) {
      this.set({ errors: { ...this.state.errors, [key]: result.error } });
      return false;
    }
    form?.reset();
    this.set({ errors: { ...this.state.errors, [key]: undefined }, notice: notice(result.value) });
    await this.refresh();
    return true;
  }

  /** The assess form's boxes changed: recompute the severity. */
  assessChanged(form: HTMLFormElement) {
    this.set({ assessLive: forms.liveAssessment(form) });
  }

  /** The reassess form's boxes changed: recompute the severity. */
  reassessChanged(form: HTMLFormElement) {
    this.set({ reassessLive: forms.liveAssessment(form) });
  }

  private get reportId(): string {
    return this.state.selected?.id ?? '';
  }

  async assess(form: HTMLFormElement) {
    const done = await this.act('assess', () => this.api.assess(this.reportId, forms.assessBody(form)), (report) => `Assessment recorded: ${report.title} ${assessed(report)}.`, form);
    // The form was reset: it follows the report again.
    if (done) this.set({ assessLive: undefined, reassessLive: undefined });
  }

  async reassess(form: HTMLFormElement) {
    const done = await this.act('reassess', () => this.api.reassess(this.reportId, forms.reassessBody(form)), (report) => `Reassessment recorded: ${report.title} ${assessed(report)}.`, form);
    if (done) this.set({ reassessLive: undefined });
  }

  setDeadline(form: HTMLFormElement) {
    return this.act('deadline', () => this.api.setDeadline(this.reportId, forms.deadlineBody(form)), (report) => `Remediation deadline set: ${report.remediateBy ?? 'none'}.`, form);
  }

  requestInfo(form: HTMLFormElement) {
    return this.act('request-info', () => this.api.requestInfo(this.reportId, forms.messageOf(form)), () => 'Request for information sent.', form);
  }

  close(form: HTMLFormElement) {
    return this.act('close', () => this.api.close(this.reportId, forms.closeBody(form)), (report) => `Report closed as ${report.closeReason ?? 'closed'}.`, form);
  }

  reopen() {
    return this.act('reopen', () => this.api.reopen(this.reportId), () => 'Report reopened.');
  }

  resolve(form: HTMLFormElement) {
    return this.act('resolve', () => this.api.resolve(this.reportId, forms.resolveBody(form)), (report) => `Report resolved in ${report.fixedIn ?? 'a release'}.`, form);
  }

  declareDataLoss(form: HTMLFormElement) {
    return this.act('data-loss', () => this.api.declareDataLoss(this.reportId, forms.dataLossBody(form)), () => 'Data loss declared: the affected tenants were notified.', form);
  }

  updateDataLoss(form: HTMLFormElement) {
    return this.act('data-loss-update', () => this.api.updateDataLoss(this.reportId, forms.dataLossUpdateBody(form)), () => 'Data-loss follow-up sent to the affected tenants.', form);
  }

  /** "Detected at" was edited by hand: stop following the clock. */
  editDetectedAt(value: string) {
    this.state = { ...this.state, detectedAt: value };
  }

  async openIncident(form: HTMLFormElement) {
    const opened = await this.act('incident', () => this.api.openIncident(forms.incidentBody(form)), (incident) => `Incident opened: ${incident.title}.`, form);
    if (opened) this.set({ detectedAt: undefined });
  }

  notifyIncident(id: string) {
    return this.act(`incident:${id}`, () => this.api.notifyIncident(id), (incident) => `Customers notified of ${incident.title}.`);
  }

  /** The next state chosen in an incident's move form: the form shows what that state asks for. */
  chooseNextState(id: string, state: IncidentState) {
    this.set({ nextStates: { ...this.state.nextStates, [id]: state } });
  }

  async moveIncident(id: string, form: HTMLFormElement) {
    const moved = await this.act(`incident-move:${id}`, () => this.api.moveIncident(id, forms.transitionBody(form)), (incident) => `${incident.title} is now ${incident.state}.`, form);
    if (moved) {
      const { [id]: _chosen, ...others } = this.state.nextStates;
      this.set({ nextStates: others });
    }
  }

  updateIncident(id: string, form: HTMLFormElement) {
    return this.act(`incident-update:${id}`, () => this.api.updateIncident(id, forms.incidentUpdateBody(form)), (incident) => `Later notice of ${incident.title} sent to the affected tenants.`, form);
  }

  fulfilEvidence(id: string) {
    return this.act(`evidence:${id}`, () => this.api.fulfilEvidence(id), (request) => `Evidence sent to ${request.tenant}: ${request.entries?.length ?? 0} entries.`);
  }

  declineEvidence(id: string, form: HTMLFormElement) {
    return this.act(`evidence-decline:${id}`, () => this.api.declineEvidence(id, forms.declineBody(form)), (request) => `Evidence request of ${request.tenant} declined.`, form);
  }

  createTenant(form: HTMLFormElement) {
    return this.act('tenant', () => this.api.createTenant(forms.tenantDraft(form)), (tenant) => `Tenant ${tenant.id} created: make it a key.`, form);
  }

  /** Makes a key; its secret shows once, beside the tenant, until the next action. */
  async makeKey(tenant: string, form: HTMLFormElement) {
    let made: NewKey | undefined;
    const run = async () => {
      const result = await this.api.makeKey(tenant, forms.keyDraft(form));
      if (result.ok) made = result.value;
      return result;
    };
    if (await this.act(`key:${tenant}`, run, (key) => `A ${key.key.mode} ${key.key.kind} key was made for ${tenant}: copy its secret now.`, form)) {
      this.set({ newKey: { tenant, made: made! } });
    }
  }

  revokeKey(tenant: string, keyId: string) {
    return this.act(`revoke:${keyId}`, () => this.api.revokeKey(tenant, keyId), () => `The key of ${tenant} was revoked: it no longer works.`);
  }

  advanceClock(seconds: number) {
    return this.act('clock', () => this.api.advanceClock(seconds), (clock) => `The clock is now ${clock.now}.`);
  }
}
