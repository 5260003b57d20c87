import type { ActivityLogEntry, OutboxEmail } from '@vuln-report/contract';
import { chainActivity, type MissedDeadline, type StoredEvidenceRequest, type StoredIncident, type StoredReport } from '@vuln-report/server-stub/core';

/** The moment the fixtures happen around. */
export const T0 = Date.parse('2026-11-26T09:00:00.000Z');
/** `minutes` after {@link T0}, as the contract writes times. */
export const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** A report as the domain stores it; the store treats its content as opaque. */
export const report = (id: string, overrides: Partial<StoredReport> = {}): StoredReport => ({
  id,
  tenant: 'acme',
  mode: 'live',
  channel: 'widget',
  projectKey: 'pk_test_acme',
  trackingToken: `trk_${id}_0123456789abcdef`,
  draft: { kind: 'vulnerability', title: `Report ${id}`, description: 'Ünïcødé, "quotes", <markup> & emoji 🛡️' } as StoredReport['draft'],
  attachments: [],
  state: 'received',
  dataLossSuspected: false,
  urgent: false,
  receivedAt: at(0),
  acknowledgeBy: at(48 * 60),
  updatedAt: at(0),
  timeline: [{ at: at(0), type: 'received' }],
  ...overrides,
});

export const incident = (id: string, overrides: Partial<StoredIncident> = {}): StoredIncident => ({
  id,
  title: `Incident ${id}`,
  state: 'detected',
  detectedAt: at(0),
  noticeDueBy: at(24 * 60),
  recommendedMeasures: 'Rotate the keys.',
  affectedTenants: ['acme'],
  linkedReports: [],
  mode: 'live',
  timeline: [{ at: at(0), state: 'detected', actor: 'Sam Triage' }],
  ...overrides,
});

export const evidenceRequest = (id: string, overrides: Partial<StoredEvidenceRequest> = {}) =>
  ({ id, tenant: 'acme', mode: 'live', reason: 'Our auditors ask for the log.', scope: {}, state: 'open', requestedAt: at(0), ...overrides }) as StoredEvidenceRequest;

export const email = (id: string, overrides: Partial<OutboxEmail> = {}): OutboxEmail => ({
  id,
  to: 'ada@example.com',
  subject: `Email ${id}`,
  text: 'Plain text.\nTwo lines.',
  kind: 'acknowledgement',
  relatedId: 'rpt_1',
  createdAt: at(0),
  status: 'queued',
  attempts: 0,
  mode: 'live',
  ...overrides,
});

export const missedDeadline = (targetId: string, overrides: Partial<MissedDeadline> = {}): MissedDeadline => ({
  id: `report:${targetId}:acknowledgement`,
  kind: 'acknowledgement',
  targetType: 'report',
  targetId,
  mode: 'live',
  tenant: 'acme',
  dueAt: at(0),
  ...overrides,
});

/** `count` entries chained after `prev`, one a minute, naming `tenantsOf(i)`. */
export function activity(count: number, prev?: ActivityLogEntry, tenantsOf: (i: number) => string[] = () => ['acme']): ActivityLogEntry[] {
  const entries: ActivityLogEntry[] = [];
  for (let i = 0; i < count; i++) {
    const entry = chainActivity(prev, { actor: 'Sam Triage', channel: 'web', action: 'report.read', target: `rpt_${i}`, tenants: tenantsOf(i), outcome: 'ok' }, at(i));
    entries.push(entry);
    prev = entry;
  }
  return entries;
}
