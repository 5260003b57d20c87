import { Policy, validate } from '@vuln-report/contract';
import { describe, expect, it } from 'vitest';
import { customerToken, draft, START, useStub } from './support/harness.ts';

const { stub, call, control, receipt, staff } = useStub();

const harmless = { vulnerability: true, dataCompromised: false, serverCompromised: false, denialOfService: false };
const mails = (kind: string, relatedId?: string) => stub.state.outbox.filter((mail) => mail.kind === kind && (!relatedId || mail.relatedId === relatedId));
const hours = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;
const evidenceHeaders = { Authorization: `Bearer ${customerToken('acme', { email: 'auditor@acme.example' })}` };

describe('the published policy', () => {
  it('is public, matches the contract, and says what the stub does', async () => {
    const response = await call('GET', '/v1/policy');
    expect(response.status).toBe(200);
    const policy = validate(Policy, response.body);
    expect(policy.ok).toBe(true);
    expect(response.body.deadlines).toEqual({ acknowledgeWithinHours: 48, urgentAcknowledgeWithinHours: 4, incidentNoticeWithinHours: 24, staleAfterDays: 30, remediationDays: { blocker: 2, critical: 7, major: 30 } });
    const { id, acknowledgeBy, receivedAt } = await receipt();
    expect(hours(receivedAt, acknowledgeBy)).toBe(response.body.deadlines.acknowledgeWithinHours);
    expect(mails('staff-alert', id).map((mail) => mail.to)).toEqual(['security-team@vendor.example']);
  });
});

describe('urgent reports', () => {
  it.each([
    ['a data-exposure report', draft({ kind: 'data-exposure' })],
    ['a report whose reporter saw sensitive data', draft({ sawSensitiveData: true })],
  ])('makes %s due for acknowledgement in 4 hours, and alerts staff as urgent', async (_what, body) => {
    const { id, acknowledgeBy, receivedAt } = await receipt(body);
    expect(hours(receivedAt, acknowledgeBy)).toBe(4);
    const [alert] = mails('staff-alert', id);
    expect(alert!.subject).toMatch(/^\[URGENT\] New report/);
    expect((await staff('GET', `/v1/triage/reports/${id}`)).body.urgent).toBe(true);
  });

  it('keeps an ordinary report at the normal deadline, and its alert plain', async () => {
    const { id } = await receipt();
    expect(mails('staff-alert', id)[0]!.subject).not.toContain('URGENT');
    expect((await staff('GET', `/v1/triage/reports/${id}`)).body.urgent).toBe(false);
  });
});

describe('breached deadlines', () => {
  it('alert staff once when they pass, stay overdue, and stay listed as met late once met', async () => {
    const { id, acknowledgeBy } = await receipt(draft({ kind: 'data-exposure' }));
    await control('POST', '/__stub/clock', { advanceSeconds: 5 * 3600 });
    await call('GET', '/v1/release-notes?mode=test');
    const alerts = mails('staff-alert', id).filter((mail) => mail.subject.startsWith('Deadline breached'));
    expect(alerts.map((mail) => mail.to)).toEqual(['security-team@vendor.example']);
    expect(alerts[0]!.text).toContain(`acknowledgement deadline of report ${id}`);
    const overdue = await staff('GET', '/v1/triage/sla?mode=all');
    expect(overdue.body.items).toContainEqual(expect.objectContaining({ kind: 'acknowledgement', targetId: id, status: 'overdue', dueAt: acknowledgeBy }));

    await control('POST', '/__stub/clock', { advanceSeconds: 3600 });
    await staff('POST', `/v1/triage/reports/${id}/assess`, { ...harmless, scope: 'platform' });
    expect(mails('staff-alert', id).filter((mail) => mail.subject.startsWith('Deadline breached'))).toHaveLength(1);
    const sla = await staff('GET', '/v1/triage/sla?mode=all');
    expect(sla.body.items).toContainEqual(
      expect.objectContaining({ kind: 'acknowledgement', targetId: id, status: 'met-late', dueAt: acknowledgeBy, metAt: '2026-11-26T15:00:00.000Z', lateBySeconds: 2 * 3600 }),
    );
  });

  it('pages the SLA view', async () => {
    for (let i = 0; i < 3; i++) await receipt();
    const first = await staff('GET', '/v1/triage/sla?limit=2&mode=all');
    expect(first.body.items).toHaveLength(2);
    const rest = await staff('GET', `/v1/triage/sla?limit=2&cursor=${first.body.nextCursor}&mode=all`);
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeUndefined();
  });
});

describe('assessment, reassessment and the case deadline', () => {
  it('gives a report that is no vulnerability no severity and no remediation deadline', async () => {
    const { id } = await receipt(draft({ kind: 'bug' }));
    const assessed = await staff('POST', `/v1/triage/reports/${id}/assess`, { vulnerability: false });
    expect(assessed.body).toMatchObject({ state: 'triaged', assessment: { vulnerability: false } });
    expect(assessed.body.severity).toBeUndefined();
    expect(assessed.body.remediateBy).toBeUndefined();
  });

  it('reassesses with a reason, the severity and deadline following, and keeps a deadline set by hand', async () => {
    const { id } = await receipt();
    await staff('POST', `/v1/triage/reports/${id}/assess`, { ...harmless, scope: 'platform' });
    const reassessed = await staff('POST', `/v1/triage/reports/${id}/reassess`, { ...harmless, dataCompromised: true, scope: 'platform', reason: 'The export leaks other tenants.' });
    expect(reassessed.body).toMatchObject({ severity: 'blocker', remediateBy: '2026-11-28T09:00:00.000Z' });
    expect(reassessed.body.timeline.at(-1)).toMatchObject({ type: 'reassessed', severity: 'blocker', reason: 'The export leaks other tenants.' });

    const byHand = await staff('POST', `/v1/triage/reports/${id}/deadline`, { remediateBy: '2026-12-15T00:00:00Z', reason: 'Agreed with the customer.' });
    expect(byHand.body.remediateBy).toBe('2026-12-15T00:00:00.000Z');
    const again = await staff('POST', `/v1/triage/reports/${id}/reassess`, { ...harmless, scope: 'platform', reason: 'Only metadata leaks.' });
    expect(again.body).toMatchObject({ severity: 'major', remediateBy: '2026-12-15T00:00:00.000Z', deadline: { reason: 'Agreed with the customer.' } });
  });

  it('refuses a reassessment before triage, and a reassessment without a reason', async () => {
    const { id } = await receipt();
    expect((await staff('POST', `/v1/triage/reports/${id}/reassess`, { ...harmless, scope: 'platform', reason: 'Too early.' })).status).toBe(409);
    await staff('POST', `/v1/triage/reports/${id}/assess`, { ...harmless, scope: 'platform' });
    expect((await staff('POST', `/v1/triage/reports/${id}/reassess`, { ...harmless, scope: 'platform' })).status).toBe(400);
  });

  it('hides the staff’s reasons from the reporter', async () => {
    const { id, trackingToken } = await receipt();
    await staff('POST', `/v1/triage/reports/${id}/assess`, { ...harmless, scope: 'platform' });
    await staff('POST', `/v1/triage/reports/${id}/reassess`, { ...harmless, scope: 'platform', reason: 'internal: looked again' });
    await staff('POST', `/v1/triage/reports/${id}/deadline`, { remediateBy: '2026-12-15T00:00:00Z', reason: 'internal: contract' });
    const view = await call('GET', `/v1/reports/${id}`, { headers: { Authorization: `Bearer ${trackingToken}` } });
    expect(JSON.stringify(view.body)).not.toContain('internal:');
  });
});

describe('resolution', () => {
  it('refuses a vulnerability without affected versions or details, and stores nothing', async () => {
    const { id } = await receipt();
    await staff('POST', `/v1/triage/reports/${id}/assess`, { ...harmless, scope: 'platform' });
    const noVersions = await staff('POST', `/v1/triage/reports/${id}/resolve`, { fixedIn: '1.0.1', releaseNote: 'Fixed.', details: 'How.' });
    expect(noVersions.status).toBe(400);
    expect(noVersions.body.errors).toEqual([expect.objectContaining({ path: 'affectedVersions' })]);
    expect((await staff('POST', `/v1/triage/reports/${id}/resolve`, { fixedIn: '1.0.1', releaseNote: 'Fixed.', affectedVersions: ['< 1.0.1'] })).status).toBe(400);
    expect(stub.state.reports[id]!.state).toBe('triaged');
    expect(mails('resolution')).toEqual([]);
  });

  it('tells a report that was no vulnerability to its reporter alone, as fixed, and publishes nothing', async () => {
    const { id } = await receipt(draft({ kind: 'bug', reporter: { email: 'ada@example.com' } }));
    await staff('POST', `/v1/triage/reports/${id}/assess`, { vulnerability: false });
    await staff('POST', `/v1/triage/reports/${id}/resolve`, { fixedIn: '1.0.1', releaseNote: 'Export works again.', details: 'A missing await.' });
    const sent = mails('resolution', id);
    expect(sent.map((mail) => mail.to)).toEqual(['ada@example.com']);
    expect(sent[0]!.subject).toBe(`[${id}] Fixed in 1.0.1`);
    expect(sent[0]!.text).not.toMatch(/security update|vulnerability/i);
    expect((await call('GET', '/v1/release-notes?mode=test')).body.items).toEqual([]);
  });
});

describe('data loss and incidents, followed up', () => {
  it('sends a data-loss follow-up to the same tenants with what changed, and refuses a second declaration', async () => {
    const { id } = await receipt();
    await staff('POST', `/v1/triage/reports/${id}/data-loss`, { affectedTenants: ['globex'], actionTaken: 'Links revoked.', customerMeasures: 'Share again.' });
    expect((await staff('POST', `/v1/triage/reports/${id}/data-loss`, { affectedTenants: ['acme'], actionTaken: 'x', customerMeasures: 'y' })).status).toBe(409);
    const update = await staff('POST', `/v1/triage/reports/${id}/data-loss/updates`, { note: 'The exposure lasted two hours.', customerMeasures: 'Rotate the API keys too.' });
    expect(update.body.dataLoss).toMatchObject({ customerMeasures: 'Rotate the API keys too.', updates: [expect.objectContaining({ note: 'The exposure lasted two hours.' })] });
    const followUps = mails('data-loss', id).filter((mail) => mail.text.includes('two hours'));
    expect(followUps.map((mail) => mail.to)).toEqual(['secops@globex.example']);
    expect(followUps[0]!.text).toContain('Rotate the API keys too.');
  });

  it('emails every later incident notice, with the analysis and improvements once analysed', async () => {
    const created = await staff('POST', '/v1/triage/incidents', { title: 'Key leak', affectedTenants: ['initech'], detectedAt: START, recommendedMeasures: 'Rotate keys.' });
    const id = created.body.id;
    expect((await staff('POST', `/v1/triage/incidents/${id}/update`, { note: 'Too early.' })).status).toBe(409);
    await staff('POST', `/v1/triage/incidents/${id}/notify`, {});
    await staff('POST', `/v1/triage/incidents/${id}/update`, { note: 'Contained in one region.', recommendedMeasures: 'Rotate keys and tokens.' });
    await staff('POST', `/v1/triage/incidents/${id}/transition`, { state: 'analysed', analysis: 'A key was logged.', improvements: 'Logs are scrubbed.' });
    const notices = mails('incident', id);
    expect(notices).toHaveLength(3 * 2);
    expect(new Set(notices.map((mail) => mail.to))).toEqual(new Set(['it@initech.example', 'cto@initech.example']));
    const analysed = notices.filter((mail) => mail.text.includes('A key was logged.'));
    expect(analysed).toHaveLength(2);
    expect(analysed[0]!.text).toContain('Logs are scrubbed.');
    expect(analysed[0]!.text).toContain('Rotate keys and tokens.');
    expect(analysed[0]!.text).toContain(`/support/incidents/${id}`);
  });
});

describe('evidence requests', () => {
  it('refuses a reason under 30 characters or an empty scope, storing nothing', async () => {
    expect((await call('POST', '/v1/evidence-requests', { body: { reason: 'Audit please', scope: { from: START } }, headers: evidenceHeaders })).status).toBe(400);
    expect((await call('POST', '/v1/evidence-requests', { body: { reason: 'A reason long enough to be a reason.', scope: {} }, headers: evidenceHeaders })).status).toBe(400);
    expect(stub.state.evidenceRequests).toEqual({});
  });

  it('answers with the entries in scope only, each naming the requesting tenant alone', async () => {
    const mine = await receipt();
    const shared = await staff('POST', '/v1/triage/incidents', { title: 'Shared', affectedTenants: ['acme', 'globex'], detectedAt: START, recommendedMeasures: 'Wait.', mode: 'test' });
    await staff('GET', `/v1/triage/reports/${mine.id}`);
    const request = await call('POST', '/v1/evidence-requests', {
      body: { reason: 'Who at the vendor read our report and the incident?', scope: { reports: [mine.id], incidents: [shared.body.id] } },
      headers: evidenceHeaders,
    });
    await staff('GET', '/v1/triage/sla?mode=all');
    const fulfilled = await staff('POST', `/v1/triage/evidence-requests/${request.body.id}/fulfil`);
    const entries = (fulfilled.body.entries as Array<{ entry: { action: string; target: string; tenants: string[] } }>).map((proven) => proven.entry);
    expect(entries.map((entry) => entry.action).sort()).toEqual(['incident.create', 'report.read', 'report.submit']);
    // Every entry names the requesting tenant, blinded; another tenant in one stays opaque.
    const acme = stub.intake.blind('acme', 'test');
    expect(entries.every((entry) => entry.tenants.includes(acme))).toBe(true);
    expect(entries.find((entry) => entry.action === 'incident.create')!.tenants).toEqual([acme, stub.intake.blind('globex', 'test')]);
    expect(JSON.stringify(fulfilled.body)).not.toContain('globex');
    const sent = mails('evidence', request.body.id);
    expect(sent.map((mail) => mail.to).sort()).toEqual(['auditor@acme.example', 'ops@acme.example', 'security@acme.example']);
    for (const mail of sent) expect(mail.text).not.toContain('globex');
  });

  it('declines with a reason, told to the tenant’s contacts, and then refuses to fulfil', async () => {
    const request = await call('POST', '/v1/evidence-requests', { body: { reason: 'Everything you have about us, please.', scope: { from: START } }, headers: evidenceHeaders });
    expect((await staff('POST', `/v1/triage/evidence-requests/${request.body.id}/decline`, { reason: 'short' })).status).toBe(400);
    const declined = await staff('POST', `/v1/triage/evidence-requests/${request.body.id}/decline`, { reason: 'The scope is too wide: name the reports or a week.' });
    expect(declined.body).toMatchObject({ state: 'declined', declineReason: 'The scope is too wide: name the reports or a week.' });
    const sent = mails('evidence', request.body.id);
    expect(sent.map((mail) => mail.to).sort()).toEqual(['auditor@acme.example', 'ops@acme.example', 'security@acme.example']);
    expect(sent[0]!.text).toContain('The scope is too wide');
    expect((await staff('POST', `/v1/triage/evidence-requests/${request.body.id}/fulfil`)).status).toBe(409);
    expect((await call('GET', `/v1/evidence-requests/${request.body.id}`, { headers: evidenceHeaders })).body.state).toBe('declined');
  });
});
