import type { ActivityLogEntry, OutboxEmail } from '@vuln-report/contract';
import { page } from '../core/context.ts';
import type { IdempotencyRecord, MissedDeadline, StoredEvidenceRequest, StoredIncident, StoredReport } from '../core/records.ts';
import type { IntakeStore, PageRequest, ReportFilter, StoreTx } from '../core/store.ts';
import { chainActivity, READ_ACTION } from '../core/activity-log.ts';

/** Everything the in-memory store keeps. Plain data, so it serializes to JSON as is. */
export interface StubState {
  reports: Record<string, StoredReport>;
  /** Attachment bytes, base64, by `reportId + " " + attachmentId`. */
  attachments: Record<string, string>;
  /** By `projectKey + " " + Idempotency-Key`. */
  idempotency: Record<string, IdempotencyRecord>;
  incidents: Record<string, StoredIncident>;
  evidenceRequests: Record<string, StoredEvidenceRequest>;
  outbox: OutboxEmail[];
  activityLog: ActivityLogEntry[];
  /** Deadlines that passed before they were met, by id. */
  missedDeadlines: Record<string, MissedDeadline>;
}

/** A fresh, empty state. */
export function createState(): StubState {
  return { reports: {}, attachments: {}, idempotency: {}, incidents: {}, evidenceRequests: {}, outbox: [], activityLog: [], missedDeadlines: {} };
}

/** One write of a unit of work, as a durable writer (a journal, a mail sender) sees it. */
export type Change =
  | { kind: 'report'; value: StoredReport }
  | { kind: 'attachment'; key: string; value: string }
  | { kind: 'idempotency'; key: string; value: IdempotencyRecord }
  | { kind: 'incident'; value: StoredIncident }
  | { kind: 'evidence-request'; value: StoredEvidenceRequest }
  /** A new email, or (with the id of one already there) its delivery state updated. */
  | { kind: 'email'; value: OutboxEmail }
  | { kind: 'activity'; value: ActivityLogEntry }
  | { kind: 'missed-deadline'; value: MissedDeadline }
  /** Everything forgotten: the stub's reset. */
  | { kind: 'reset' };

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** A saved state to start from. */
  state?: StubState;
  /**
   * Called as each unit commits, in commit order, with its writes. The unit's promise
   * settles only once what this returns has: a durable writer acknowledges here.
   */
  onCommit?: (changes: readonly Change[]) => void | Promise<void>;
}

type Keyed = 'reports' | 'attachments' | 'idempotency' | 'incidents' | 'evidenceRequests' | 'missedDeadlines';

/** Applies one change to `state`. */
export function applyChange(state: StubState, change: Change) {
  switch (change.kind) {
    case 'report':
      state.reports[change.value.id] = change.value;
      break;
    case 'attachment':
      state.attachments[change.key] = change.value;
      break;
    case 'idempotency':
      state.idempotency[change.key] = change.value;
      break;
    case 'incident':
      state.incidents[change.value.id] = change.value;
      break;
    case 'evidence-request':
      state.evidenceRequests[change.value.id] = change.value;
      break;
    case 'email':
      upsertEmail(state.outbox, change.value);
      break;
    case 'activity':
      state.activityLog.push(change.value);
      break;
    case 'missed-deadline':
      state.missedDeadlines[change.value.id] = change.value;
      break;
    case 'reset':
      Object.assign(state, createState());
      break;
  }
}

/** Where each email sits in an outbox, by id; rebuilt when the outbox changed behind it. */
const outboxIndexes = new WeakMap<OutboxEmail[], Map<string, number>>();

function outboxIndex(outbox: OutboxEmail[]): Map<string, number> {
  let index = outboxIndexes.get(outbox);
  if (!index || index.size !== outbox.length) {
    index = new Map(outbox.map((email, i) => [email.id, i]));
    outboxIndexes.set(outbox, index);
  }
  return index;
}

/** Where the email with `id` sits in `outbox`, if it is there. */
function emailAt(outbox: OutboxEmail[], id: string): number | undefined {
  const at = outboxIndex(outbox).get(id);
  if (at === undefined || outbox[at]?.id === id) return at;
  // The outbox was reordered in place behind the index: index it again.
  outboxIndexes.delete(outbox);
  return outboxIndex(outbox).get(id);
}

function upsertEmail(outbox: OutboxEmail[], email: OutboxEmail) {
  const at = emailAt(outbox, email.id);
  if (at !== undefined) {
    outbox[at] = email;
    return;
  }
  outboxIndex(outbox).set(email.id, outbox.length);
  outbox.push(email);
}

/** When a queued email is due: its next attempt, or at once (its creation) before any. */
const dueAt = (email: OutboxEmail) => Date.parse(email.nextAttemptAt ?? email.createdAt);

const copy = <T>(value: T): T => structuredClone(value);
const has = <T>(record: Record<string, T>, key: string) => (Object.hasOwn(record, key) ? record[key] : undefined);

/**
 * The intake's records in memory. Units of work run one at a time (each is short: no
 * I/O inside), write straight into the state and are undone if they throw; `onCommit`
 * then makes them durable, outside the lock, so a slow disk does not hold up the next.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}) {
  // A state saved before a table existed lacks it: such tables start empty.
  let state = { ...createState(), ...options.state };
  let lock: Promise<unknown> = Promise.resolve();

  function unitOfWork() {
    const changes: Change[] = [];
    const undo: Array<() => void> = [];
    const put = <K extends Keyed>(table: K, key: string, value: StubState[K][string], change: Change) => {
      const record = state[table] as Record<string, unknown>;
      const had = Object.hasOwn(record, key);
      const before = record[key];
      undo.push(() => {
        if (had) record[key] = before;
        else delete record[key];
      });
      record[key] = copy(value);
      changes.push(change);
    };
    const append = <K extends 'outbox' | 'activityLog'>(list: K, value: StubState[K][number], change: Change) => {
      const target = state[list] as unknown[];
      const length = target.length;
      undo.push(() => {
        target.length = length;
      });
      if (list === 'outbox') {
        const email = value as OutboxEmail;
        if (emailAt(state.outbox, email.id) !== undefined) throw new Error(`The outbox already has an email ${email.id}.`);
        upsertEmail(state.outbox, copy(email));
      } else target.push(copy(value));
      changes.push(change);
    };
    const replaceEmail = (email: OutboxEmail) => {
      const outbox = state.outbox;
      const at = emailAt(outbox, email.id);
      if (at === undefined) throw new Error(`No email ${email.id} in the outbox to update.`);
      const before = outbox[at]!;
      undo.push(() => {
        outbox[at] = before;
      });
      outbox[at] = copy(email);
      changes.push({ kind: 'email', value: copy(email) });
    };
    const pageOf = <T>(items: readonly T[], request: PageRequest) => {
      const result = page(items, request.cursor, request.limit);
      return { ...result, items: result.items.map(copy) };
    };

    const tx: StoreTx = {
      report: async (id) => copy(has(state.reports, id)),
      attachmentData: async (reportId, attachmentId) => has(state.attachments, `${reportId} ${attachmentId}`),
      idempotency: async (key) => copy(has(state.idempotency, key)),
      incident: async (id) => copy(has(state.incidents, id)),
      evidenceRequest: async (id) => copy(has(state.evidenceRequests, id)),
      listReports: async (filter: ReportFilter, request) =>
        pageOf(
          Object.values(state.reports)
            .filter(
              (report) =>
                (!filter.state || report.state === filter.state) &&
                (!filter.severity || report.severity === filter.severity) &&
                (!filter.tenant || report.tenant === filter.tenant) &&
                (!filter.mode || report.mode === filter.mode),
            )
            .reverse(),
          request,
        ),
      listIncidents: async (filter, request) =>
        pageOf(
          Object.values(state.incidents)
            .filter((incident) => (!filter.mode || incident.mode === filter.mode) && (!filter.tenant || incident.affectedTenants.includes(filter.tenant)))
            .reverse(),
          request,
        ),
      listEvidenceRequests: async (filter, request) =>
        pageOf(
          Object.values(state.evidenceRequests)
            .filter((evidence) => (!filter.mode || evidence.mode === filter.mode) && (!filter.tenant || evidence.tenant === filter.tenant))
            .reverse(),
          request,
        ),
      listOutbox: async (filter, request) => pageOf(filter.mode ? state.outbox.filter((email) => email.mode === filter.mode) : state.outbox, request),
      email: async (id) => {
        const at = emailAt(state.outbox, id);
        return at === undefined ? undefined : copy(state.outbox[at]);
      },
      emailsDue: async (now, limit) => {
        const nowMs = Date.parse(now);
        return state.outbox
          .filter((email) => email.status === 'queued' && dueAt(email) <= nowMs)
          .sort((a, b) => dueAt(a) - dueAt(b))
          .slice(0, Math.max(0, limit))
          .map(copy);
      },
      nextEmailDue: async () => {
        let soonest: number | undefined;
        for (const email of state.outbox) if (email.status === 'queued' && (soonest === undefined || dueAt(email) < soonest)) soonest = dueAt(email);
        return soonest === undefined ? undefined : new Date(soonest).toISOString();
      },
      listActivity: async (request, filter) => pageOf(filter?.writesOnly ? state.activityLog.filter((entry) => !READ_ACTION.test(entry.action)) : state.activityLog, request),
      activityOfTenant: async (tenant) => state.activityLog.filter((entry) => entry.tenants.includes(tenant)).map(copy),
      resolvedReports: async () =>
        Object.values(state.reports)
          .filter((report) => report.state === 'resolved' && report.resolvedAt)
          .sort((a, b) => a.resolvedAt!.localeCompare(b.resolvedAt!))
          .map(copy),
      reportsWithDeadlines: async () =>
        Object.values(state.reports)
          .filter((report) => (report.state === 'received' && !report.acknowledgedAt) || report.state === 'triaged' || report.state === 'needs-info')
          .map(copy),
      missedDeadline: async (id) => copy(has(state.missedDeadlines, id)),
      deadlinesMetLate: async () =>
        Object.values(state.missedDeadlines)
          .filter((deadline) => deadline.metAt)
          .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
          .map(copy),
      incidentsAwaitingNotice: async () => Object.values(state.incidents).filter((incident) => !incident.notifiedAt && incident.state !== 'closed').map(copy),

      putReport: (report) => put('reports', report.id, report, { kind: 'report', value: copy(report) }),
      putMissedDeadline: (deadline) => put('missedDeadlines', deadline.id, deadline, { kind: 'missed-deadline', value: copy(deadline) }),
      putAttachmentData: (reportId, attachmentId, data) => put('attachments', `${reportId} ${attachmentId}`, data, { kind: 'attachment', key: `${reportId} ${attachmentId}`, value: data }),
      putIdempotency: (key, record) => put('idempotency', key, record, { kind: 'idempotency', key, value: copy(record) }),
      putIncident: (incident) => put('incidents', incident.id, incident, { kind: 'incident', value: copy(incident) }),
      putEvidenceRequest: (request) => put('evidenceRequests', request.id, request, { kind: 'evidence-request', value: copy(request) }),
      addEmail: (email) => append('outbox', email, { kind: 'email', value: copy(email) }),
      putEmail: replaceEmail,
      appendActivity: (record) => {
        const entry = chainActivity(state.activityLog.at(-1), record, record.at);
        append('activityLog', entry, { kind: 'activity', value: copy(entry) });
      },
    };
    return { tx, changes, rollback: () => undo.reverse().forEach((step) => step()) };
  }

  return {
    async transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
      const run = lock.then(async () => {
        const unit = unitOfWork();
        try {
          const result = await work(unit.tx);
          const durable = unit.changes.length > 0 ? options.onCommit?.(unit.changes) : undefined;
          return { result, durable };
        } catch (error) {
          unit.rollback();
          throw error;
        }
      });
      lock = run.catch(() => undefined);
      const { result, durable } = await run;
      await durable;
      return result;
    },
    /** The records as they stand (read it; change it only through units of work). */
    get state(): StubState {
      return state;
    },
    /** Starts over, empty: in turn after the units already under way, and committed as a `reset` change. */
    reset(): Promise<void> {
      const run = lock.then(() => {
        state = createState();
        return { durable: options.onCommit?.([{ kind: 'reset' }]) };
      });
      lock = run.catch(() => undefined);
      return run.then(({ durable }) => durable);
    },
  } satisfies IntakeStore & Record<string, unknown>;
}

/** A store made by {@link createMemoryStore}. */
export type MemoryStore = ReturnType<typeof createMemoryStore>;
