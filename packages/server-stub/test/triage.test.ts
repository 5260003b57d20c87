import { describe, expect, it } from 'vitest';
import { verifyActivityLog } from '../src/core/activity-log.ts';
import { customerToken, draft, START, useStub } from './support/harness.ts';

const { stub, clock, call, control, receipt, staff, asReporter, asCustomer } = useStub();

/** The facts of a vulnerability that compromises nothing: severity major, whatever its scope. */
const harmless = { vulnerability: true, dataCompromised: false, serverCompromised: false, denialOfService: false };
const ALL_CONTACTS = ['security@acme.example', 'ops@acme.example', 'secops@globex.example', 'it@initech.example', 'cto@initech.example'];

/** Moves a fresh report to `state` through the routes, and returns its receipt. */
async function reportIn(state: 'received' | 'needs-info' | 'triaged' | 'resolved' | 'closed', body = draft()) {
  const r = await receipt(body);
  if (state === 'needs-info') await staff('POST', `/v1/triage/reports/${r.id}/request-info`, { message: 'Which browser?' });
  if (state === 'triaged' || state === 'resolved') await staff('POST', `/v1/triage/reports/${r.id}/assess`, { ...harmless, scope: 'platform' });
  if (state === 'resolved') await staff('POST', `/v1/triage/reports/${r.id}/resolve`, { fixedIn: '1.0.1', releaseNote: 'Fixed.', details: 'The input is now escaped.', affectedVersions: ['< 1.0.1'] });
  if (state === 'closed') await staff('POST', `/v1/triage/reports/${r.id}/close`, { reason: 'spam' });
  const view = await staff('GET', `/v1/triage/reports/${r.id}`);
  expect(view.body.state).toBe(state);
  return r;
}

/** The outbox without the staff alerts every intake sends (their own tests are in policy.test.ts). */
const outbox = () => stub.state.outbox.filter((mail) => mail.kind !== 'staff-alert');

describe('the report state machine through the routes', () => {
  type Step = { name: string; call: (id: string) => Promise<{ status: number; body: any }> };
  const steps: Record<string, Step> = {
    'request-info': { name: 'request-info', call: (id) => staff('POST', `/v1/triage/reports/${id}/request-info`, { message: 'More?' }) },
    assess: { name: 'assess', call: (id) => staff('POST', `/v1/triage/reports/${id}/assess`, { ...harmless, scope: 'platform' }) },
    close: { name: 'close', call: (id) => staff('POST', `/v1/triage/reports/${id}/close`, { reason: 'informative' }) },
    reopen: { name: 'reopen', call: (id) => staff('POST', `/v1/triage/reports/${id}/reopen`) },
    resolve: { name: 'resolve', call: (id) => staff('POST', `/v1/triage/reports/${id}/resolve`, { fixedIn: '2.0.0', releaseNote: 'Fixed.', details: 'The input is now escaped.', affectedVersions: ['< 2.0.0'] }) },
  };
  const expected: Record<string, Record<string, string | 409>> = {
    received: { 'request-info': 'needs-info', assess: 'triaged', close: 'closed', reopen: 409, resolve: 409 },
    'needs-info': { 'request-info': 409, assess: 409, close: 'closed', reopen: 409, resolve: 409 },
    triaged: { 'request-info': 409, assess: 409, close: 'closed', reopen: 409, resolve: 'resolved' },
    resolved: { 'request-info': 409, assess: 409, close: 409, reopen: 409, resolve: 409 },
    closed: { 'request-info': 409, assess: 409, close: 409, reopen: 'received', resolve: 409 },
  };
  for (const [from, actions] of Object.entries(expected)) {
    for (const [action, to] of Object.entries(actions)) {
      it(`${action} on a ${from} report gives ${to}`, async () => {
        const { id } = await reportIn(from as never);
        const response = await steps[action]!.call(id);
        if (to === 409) {
          expect(response.status).toBe(409);
          expect(response.body.type).toBe('urn:vuln-report:problem:transition-not-allowed');
          expect((await staff('GET', `/v1/triage/reports/${id}`)).body.state).toBe(from);
        } else {
          expect(response.status).toBe(200);
          expect(response.body.state).toBe(to);
        }
      });
    }
  }

  it('lets the reporter answer a request for information, back to received', async () => {
    const { id, trackingToken } = await reportIn('needs-info');
    const answered = await asReporter('POST', `/v1/reports/${id}/messages`, trackingToken, { message: 'Chromium 156' });
    expect(answered.status).toBe(200);
    expect(answered.body.state).toBe('received');
    expect(answered.body.timeline.map((e: { type: string }) => e.type)).toEqual(['received', 'info-requested', 'reporter-replied']);
  });

  it('takes reporter messages on received and triaged reports without changing their state', async () => {
    for (const state of ['received', 'triaged'] as const) {
      const { id, trackingToken } = await reportIn(state);
      const response = await asReporter('POST', `/v1/reports/${id}/messages`, trackingToken, { message: 'One more detail' });
      expect(response.body.state).toBe(state);
    }
  });

  it('refuses reporter messages once resolved or closed', async () => {
    for (const state of ['resolved', 'closed'] as const) {
      const { id, trackingToken } = await reportIn(state);
      expect((await asReporter('POST', `/v1/reports/${id}/messages`, trackingToken, { message: 'x' })).status).toBe(409);
    }
  });

  it('lets the reporter withdraw before triage only', async () => {
    for (const state of ['received', 'needs-info'] as const) {
      const { id, trackingToken } = await reportIn(state);
      const response = await asReporter('POST', `/v1/reports/${id}/withdraw`, trackingToken);
      expect(response.body).toMatchObject({ state: 'closed', closeReason: 'withdrawn' });
    }
    for (const state of ['triaged', 'resolved', 'closed'] as const) {
      const { id, trackingToken } = await reportIn(state);
      expect((await asReporter('POST', `/v1/reports/${id}/withdraw`, trackingToken)).status).toBe(409);
    }
  });

  it('closes a duplicate only against another existing report', async () => {
    const original = await receipt();
    const copy = await receipt();
    expect((await staff('POST', `/v1/triage/reports/${copy.id}/close`, { reason: 'duplicate', duplicateOf: copy.id })).status).toBe(400);
    expect((await staff('POST', `/v1/triage/reports/${copy.id}/close`, { reason: 'duplicate', duplicateOf: 'rpt_missing' })).status).toBe(400);
    const closed = await staff('POST', `/v1/triage/reports/${copy.id}/close`, { reason: 'duplicate', duplicateOf: original.id });
    expect(closed.body).toMatchObject({ state: 'closed', closeReason: 'duplicate', duplicateOf: original.id });
  });

  it('clears the triage of a reopened report', async () => {
    const { id } = await reportIn('triaged');
    await staff('POST', `/v1/triage/reports/${id}/close`, { reason: 'not-applicable' });
    const reopened = await staff('POST', `/v1/triage/reports/${id}/reopen`);
    expect(reopened.body.state).toBe('received');
    expect(reopened.body.severity).toBeUndefined();
    expect(reopened.body.closeReason).toBeUndefined();
  });

  it('puts every change on the timeline with its time and its staff actor', async () => {
    const { id } = await reportIn('resolved');
    const view = await staff('GET', `/v1/triage/reports/${id}`);
    const staffEntries = view.body.timeline.filter((e: { type: string }) => e.type === 'triaged' || e.type === 'resolved');
    expect(staffEntries.map((e: { actor: string }) => e.actor)).toEqual(['Sam Triage', 'Sam Triage']);
    for (const entry of view.body.timeline) expect(Date.parse(entry.at)).not.toBeNaN();
  });
});

describe('assessment', () => {
  it.each([
    [{ ...harmless, dataCompromised: true, scope: 'platform' }, 'blocker', 2],
    [{ ...harmless, denialOfService: true, scope: 'reporter-tenant' }, 'critical', 7],
    [{ ...harmless, scope: 'platform' }, 'major', 30],
  ])('classifies %j as %s with a remediation deadline of %i days', async (assessment, severity, days) => {
    const { id } = await receipt();
    const response = await staff('POST', `/v1/triage/reports/${id}/assess`, assessment);
    expect(response.body.severity).toBe(severity);
    expect(response.body.remediateBy).toBe(new Date(Date.parse(START) + days * 86_400_000).toISOString());
  });

  it('scores a CVSS vector without letting it change the severity', async () => {
    const { id } = await receipt();
    const response = await staff('POST', `/v1/triage/reports/${id}/assess`, { ...harmless, scope: 'platform', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' });
    expect(response.body.severity).toBe('major');
    expect(response.body.assessment.cvssScore).toBe(10);
  });

  it('refuses an invalid assessment and leaves the report untouched', async () => {
    const { id } = await receipt();
    const response = await staff('POST', `/v1/triage/reports/${id}/assess`, { dataCompromised: 'yes', scope: 'everyone' });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(['vulnerability', 'dataCompromised', 'scope']);
    expect((await staff('GET', `/v1/triage/reports/${id}`)).body.state).toBe('received');
  });
});

describe('notifications', () => {
  it('acknowledges intake to the reporter, with the reference and how to track it', async () => {
    const { id, trackingToken, statusUrl } = await receipt(draft({ reporter: { email: 'ada@example.com' } }));
    expect(outbox()).toHaveLength(1);
    const [mail] = outbox();
    expect(mail).toMatchObject({ to: 'ada@example.com', kind: 'acknowledgement', relatedId: id, createdAt: START, status: 'queued', attempts: 0 });
    expect(mail!.sentAt).toBeUndefined();
    expect(mail!.text).toContain(id);
    expect(mail!.text).toContain(statusUrl);
    expect(mail!.text).toContain(trackingToken);
  });

  it('sends nothing at intake for an anonymous report', async () => {
    await receipt();
    expect(outbox()).toEqual([]);
  });

  it.each([
    ['blocker', { ...harmless, serverCompromised: true, scope: 'platform' }, ALL_CONTACTS],
    ['major', { ...harmless, scope: 'reporter-tenant' }, ALL_CONTACTS],
    ['critical', { ...harmless, dataCompromised: true, scope: 'reporter-tenant' }, ALL_CONTACTS],
  ])('tells exactly the right contacts of a resolved %s report, and the reporter', async (_severity, assessment, contacts) => {
    const { id } = await receipt(draft({ reporter: { email: 'ada@example.com' } }));
    await staff('POST', `/v1/triage/reports/${id}/assess`, assessment);
    clock.advance(3600);
    await staff('POST', `/v1/triage/reports/${id}/resolve`, { fixedIn: '2.4.1', releaseNote: 'Project names are escaped.', details: 'Output encoding.', affectedVersions: ['< 2.4.1'] });
    const resolution = outbox().filter((mail) => mail.kind === 'resolution');
    expect(resolution.map((mail) => mail.to).sort()).toEqual([...contacts, 'ada@example.com'].sort());
    for (const mail of resolution) {
      expect(mail.text).toContain('2.4.1');
      expect(mail.createdAt).toBe('2026-11-26T10:00:00.000Z');
    }
    const view = await staff('GET', `/v1/triage/reports/${id}`);
    expect(view.body.timeline.at(-1)).toMatchObject({ type: 'notified', kind: 'resolution', recipientCount: contacts.length + 1 });
  });

  it('keeps the reporter’s words out of the emails to other tenants', async () => {
    const { id } = await receipt(draft({ title: 'globex customer list at /export?id=42' }));
    await staff('POST', `/v1/triage/reports/${id}/assess`, { ...harmless, scope: 'platform' });
    await staff('POST', `/v1/triage/reports/${id}/resolve`, { fixedIn: '2.4.1', releaseNote: 'Export checks ownership.', details: 'The input is now escaped.', affectedVersions: ['< 2.4.1'] });
    for (const mail of outbox()) expect(`${mail.subject}\n${mail.text}`).not.toContain('customer list');
  });

  it('tells every contact of each affected tenant of data loss at the instant it is declared', async () => {
    const { id } = await receipt();
    clock.advance(7200);
    const response = await staff('POST', `/v1/triage/reports/${id}/data-loss`, { affectedTenants: ['globex', 'initech'], actionTaken: 'Revoked the shared links.', customerMeasures: 'Rotate the links you shared.' });
    expect(response.status).toBe(200);
    expect(response.body.dataLossSuspected).toBe(true);
    const notices = outbox().filter((mail) => mail.kind === 'data-loss');
    expect(notices.map((mail) => mail.to).sort()).toEqual(['cto@initech.example', 'it@initech.example', 'secops@globex.example']);
    expect(new Set(notices.map((mail) => mail.createdAt))).toEqual(new Set([response.body.dataLoss.declaredAt]));
    expect(response.body.dataLoss.declaredAt).toBe('2026-11-26T11:00:00.000Z');
    for (const mail of notices) expect(mail.text).toContain('Revoked the shared links.');
  });

  it('refuses data loss for an unknown tenant, naming it, and sends nothing', async () => {
    const { id } = await receipt();
    const response = await staff('POST', `/v1/triage/reports/${id}/data-loss`, { affectedTenants: ['acme', 'nobody'], actionTaken: 'x', customerMeasures: 'y' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'affectedTenants.1', message: 'Unknown tenant nobody' }]);
    expect(outbox()).toEqual([]);
  });

  it('emails the reporter a request for information', async () => {
    const { id } = await receipt(draft({ reporter: { email: 'ada@example.com' } }));
    await staff('POST', `/v1/triage/reports/${id}/request-info`, { message: 'Which project?' });
    expect(outbox().at(-1)).toMatchObject({ kind: 'info-request', to: 'ada@example.com' });
    expect(outbox().at(-1)!.text).toContain('Which project?');
  });
});

describe('incidents', () => {
  const incident = { title: 'Object storage exposure', affectedTenants: ['acme', 'initech'], detectedAt: START, recommendedMeasures: 'Rotate your access keys.' };

  it('shows the 24-hour notice as due, then overdue once the clock passes it', async () => {
    const created = await staff('POST', '/v1/triage/incidents', incident);
    expect(created.status).toBe(201);
    expect(created.body.noticeDueBy).toBe('2026-11-27T09:00:00.000Z');
    const due = await staff('GET', '/v1/triage/sla?mode=all');
    expect(due.body.items).toContainEqual(expect.objectContaining({ kind: 'incident-notice', targetId: created.body.id, status: 'due' }));
    await control('POST', '/__stub/clock', { advanceSeconds: 24 * 3600 + 1 });
    const overdue = await staff('GET', '/v1/triage/sla?mode=all');
    expect(overdue.body.items).toContainEqual(expect.objectContaining({ kind: 'incident-notice', targetId: created.body.id, status: 'overdue' }));
  });

  it('notifies every contact of the affected tenants once, with measures and tracking', async () => {
    const created = await staff('POST', '/v1/triage/incidents', incident);
    const notified = await staff('POST', `/v1/triage/incidents/${created.body.id}/notify`, {});
    expect(notified.body.state).toBe('notified');
    const mails = outbox().filter((mail) => mail.kind === 'incident');
    expect(mails.map((mail) => mail.to).sort()).toEqual(['cto@initech.example', 'it@initech.example', 'ops@acme.example', 'security@acme.example']);
    expect(mails[0]!.text).toContain('Rotate your access keys.');
    expect(mails[0]!.text).toContain(`http://intake.test/support/incidents/${created.body.id}`);
    expect(mails[0]!.text).not.toContain('X-Project-Key');
    expect((await staff('POST', `/v1/triage/incidents/${created.body.id}/notify`, {})).status).toBe(409);
    const sla = await staff('GET', '/v1/triage/sla?mode=all');
    expect(sla.body.items.filter((item: { kind: string }) => item.kind === 'incident-notice')).toEqual([]);
  });

  it('moves forward only, and closes only once notified', async () => {
    const { body } = await staff('POST', '/v1/triage/incidents', incident);
    const move = (state: string) => staff('POST', `/v1/triage/incidents/${body.id}/transition`, { state });
    expect((await move('closed')).status).toBe(409);
    expect((await move('notified')).status).toBe(409);
    expect((await move('contained')).body.state).toBe('contained');
    expect((await move('detected')).status).toBe(409);
    await staff('POST', `/v1/triage/incidents/${body.id}/notify`, {});
    expect((await move('analysed')).status).toBe(400);
    const analysed = await staff('POST', `/v1/triage/incidents/${body.id}/transition`, { state: 'analysed', analysis: 'A leaked key.', improvements: 'Keys rotate daily.' });
    expect(analysed.body).toMatchObject({ state: 'analysed', analysis: 'A leaked key.', improvements: 'Keys rotate daily.' });
    expect((await move('closed')).body.state).toBe('closed');
  });

  it('lets an affected tenant track it, without naming other tenants, and hides it from others', async () => {
    const { body } = await staff('POST', '/v1/triage/incidents', { ...incident, mode: 'test' });
    const seen = await asCustomer('GET', `/v1/incidents/${body.id}`, 'initech');
    expect(seen.status).toBe(200);
    expect(seen.body.affectedTenants).toBeUndefined();
    expect(JSON.stringify(seen.body)).not.toContain('acme');
    expect((await asCustomer('GET', '/v1/incidents', 'initech')).body.items.map((item: { id: string }) => item.id)).toEqual([body.id]);
    expect((await asCustomer('GET', `/v1/incidents/${body.id}`, 'globex')).status).toBe(404);
    expect((await asCustomer('GET', '/v1/incidents', 'globex')).body.items).toEqual([]);
    // A live token reads live data only; a publishable key reads nothing of a tenant.
    expect((await asCustomer('GET', `/v1/incidents/${body.id}`, 'initech', undefined, { secretKey: 'sk_live_initech' })).status).toBe(404);
    expect((await call('GET', `/v1/incidents/${body.id}`, { headers: { 'X-Project-Key': 'pk_test_initech' } })).status).toBe(401);
    expect((await call('GET', `/v1/incidents/${body.id}`)).status).toBe(401);
  });

  it('refuses an incident detected in the future or for unknown tenants', async () => {
    expect((await staff('POST', '/v1/triage/incidents', { ...incident, detectedAt: '2030-01-01T00:00:00Z' })).status).toBe(400);
    expect((await staff('POST', '/v1/triage/incidents', { ...incident, affectedTenants: ['ghost'] })).status).toBe(400);
    expect(stub.state.incidents).toEqual({});
  });

  it('links reports to the incident on their timelines', async () => {
    const { id } = await receipt();
    const { body } = await staff('POST', '/v1/triage/incidents', { ...incident, linkedReports: [id] });
    const report = await staff('GET', `/v1/triage/reports/${id}`);
    expect(report.body.timeline.at(-1)).toMatchObject({ type: 'incident-linked', incidentId: body.id });
  });
});

describe('deadlines on the clock', () => {
  it('closes a report left in needs-info for 30 days as stale', async () => {
    const { id, trackingToken } = await reportIn('needs-info');
    await control('POST', '/__stub/clock', { advanceSeconds: 30 * 86_400 - 60 });
    expect((await asReporter('GET', `/v1/reports/${id}`, trackingToken)).body.state).toBe('needs-info');
    await control('POST', '/__stub/clock', { advanceSeconds: 120 });
    const view = await asReporter('GET', `/v1/reports/${id}`, trackingToken);
    expect(view.body).toMatchObject({ state: 'closed', closeReason: 'stale' });
    expect(view.body.timeline.at(-1)).toMatchObject({ type: 'closed', reason: 'stale', at: '2026-12-26T09:00:00.000Z' });
  });

  it('lists acknowledgement, remediation and stale-close deadlines, overdue once past', async () => {
    const fresh = await receipt();
    const triaged = await reportIn('triaged');
    const waiting = await reportIn('needs-info');
    const sla = await staff('GET', '/v1/triage/sla?mode=all');
    const byTarget = Object.fromEntries(sla.body.items.map((item: { targetId: string; kind: string }) => [item.targetId, item.kind]));
    expect(byTarget).toEqual({ [fresh.id]: 'acknowledgement', [triaged.id]: 'remediation', [waiting.id]: 'stale-close' });
    await control('POST', '/__stub/clock', { advanceSeconds: 3 * 86_400 });
    const later = await staff('GET', '/v1/triage/sla?mode=all');
    expect(later.body.items.find((item: { targetId: string }) => item.targetId === fresh.id).status).toBe('overdue');
  });

  it('moves the clock forward only', async () => {
    const before = await control('GET', '/__stub/clock');
    expect(before.body.now).toBe(START);
    expect((await control('POST', '/__stub/clock', { now: '2020-01-01T00:00:00Z' })).status).toBe(409);
    expect((await control('POST', '/__stub/clock', { now: '2027-01-01T00:00:00Z' })).body.now).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('release notes', () => {
  it('lists each fixed vulnerability under its version, with severity and credit when asked for', async () => {
    const a = await receipt(draft({ reporter: { name: 'Ada', credit: { wanted: true } } }));
    const b = await receipt(draft({ reporter: { name: 'Bob', credit: { wanted: false } } }));
    await staff('POST', `/v1/triage/reports/${a.id}/assess`, { ...harmless, dataCompromised: true, scope: 'platform', cwe: ['CWE-79'] });
    await staff('POST', `/v1/triage/reports/${b.id}/assess`, { ...harmless, scope: 'platform' });
    await staff('POST', `/v1/triage/reports/${a.id}/resolve`, { fixedIn: '2.4.1', releaseNote: 'Names are escaped.', details: 'The input is now escaped.', affectedVersions: ['< 2.4.1'] });
    clock.advance(86_400);
    await staff('POST', `/v1/triage/reports/${b.id}/resolve`, { fixedIn: '2.5.0', releaseNote: 'Sessions expire.', details: 'The input is now escaped.', affectedVersions: ['< 2.5.0'] });
    const notes = await call('GET', '/v1/release-notes?mode=test');
    expect(notes.body.items).toEqual([
      { version: '2.5.0', date: '2026-11-27T09:00:00.000Z', vulnerabilities: [{ reportId: b.id, severity: 'major', note: 'Sessions expire.', affectedVersions: ['< 2.5.0'] }] },
      { version: '2.4.1', date: START, vulnerabilities: [{ reportId: a.id, severity: 'blocker', note: 'Names are escaped.', affectedVersions: ['< 2.4.1'], cwe: ['CWE-79'], credit: { name: 'Ada' } }] },
    ]);
    const view = await asReporter('GET', `/v1/reports/${a.id}`, a.trackingToken);
    expect(view.body).toMatchObject({ state: 'resolved', fixedIn: '2.4.1', releaseNoteUrl: 'http://intake.test/v1/release-notes#2.4.1' });
  });
});

describe('activity log and evidence', () => {
  it('records every staff action with its actor and the channel of its token, in an intact chain', async () => {
    const { id } = await receipt();
    const session = await call('POST', '/v1/staff/sessions', { body: { email: 'triage@vendor.example', password: 'staff-demo-password' } });
    expect(session.status).toBe(201);
    const web = { Authorization: `Bearer ${session.body.token}` };
    await call('POST', `/v1/triage/reports/${id}/assess`, { body: { ...harmless, scope: 'platform' }, headers: web });
    // A header cannot make an api token's call look like the console's.
    await staff('GET', `/v1/triage/reports/${id}`, undefined, { 'X-Staff-Channel': 'web' });
    const log = await staff('GET', '/v1/triage/activity-log?limit=100');
    expect(log.body.items.map((e: { action: string; channel: string }) => `${e.action}/${e.channel}`)).toEqual([
      'report.submit/sdk',
      'staff.session.create/web',
      'report.assess/web',
      'report.read/api',
      'activity-log.read/api',
    ]);
    expect(log.body.items[0]).toMatchObject({ actor: 'reporter', target: id, outcome: 'ok', seq: 1 });
    expect(log.body.items[2]).toMatchObject({ actor: 'Sam Triage', target: id, tenants: [stub.intake.blind('acme', 'test')], outcome: 'ok', seq: 3 });
    expect(verifyActivityLog(log.body.items)).toEqual({ ok: true, entries: 5 });
  });

  it('detects a changed entry', async () => {
    const { id } = await receipt();
    await staff('POST', `/v1/triage/reports/${id}/assess`, { ...harmless, scope: 'platform' });
    await staff('GET', `/v1/triage/reports/${id}`);
    const entries = structuredClone(stub.state.activityLog);
    entries[0]!.actor = 'Someone else';
    expect(verifyActivityLog(entries)).toMatchObject({ ok: false, seq: 1 });
    expect(verifyActivityLog(entries.slice(1))).toMatchObject({ ok: false });
  });

  it('answers a reasoned evidence request with the entries that concern the tenant only', async () => {
    const acme = await receipt(draft(), 'pk_test_acme');
    const globex = await receipt(draft(), 'pk_test_globex');
    await staff('GET', `/v1/triage/reports/${acme.id}`);
    await staff('GET', `/v1/triage/reports/${globex.id}`);
    const headers = { Authorization: `Bearer ${customerToken('acme', { email: 'auditor@acme.example', now: clock.now() })}` };
    expect((await call('POST', '/v1/evidence-requests', { body: { reason: 'Audit of access to our tenant in November', scope: { from: START } }, headers: { 'X-Project-Key': 'pk_test_acme' } })).status).toBe(401);
    expect((await call('POST', '/v1/evidence-requests', { body: { reason: ' ', scope: { from: START } }, headers })).status).toBe(400);
    const request = await call('POST', '/v1/evidence-requests', { body: { reason: 'Audit of access to our tenant in November', scope: { from: START } }, headers });
    expect(request.status).toBe(201);
    const fulfilled = await staff('POST', `/v1/triage/evidence-requests/${request.body.id}/fulfil`);
    expect(fulfilled.body.state).toBe('fulfilled');
    expect(fulfilled.body.entries.map((proven: { entry: { target: string } }) => proven.entry.target)).toEqual([acme.id, acme.id, request.body.id, request.body.id]);
    expect(outbox().filter((mail) => mail.kind === 'evidence').map((mail) => mail.to)).toEqual(['auditor@acme.example', 'security@acme.example', 'ops@acme.example']);
    expect((await call('GET', `/v1/evidence-requests/${request.body.id}`, { headers })).body.state).toBe('fulfilled');
    expect((await asCustomer('GET', '/v1/evidence-requests')).body.items.map((item: { id: string }) => item.id)).toEqual([request.body.id]);
    expect((await asCustomer('GET', `/v1/evidence-requests/${request.body.id}`, 'globex')).status).toBe(404);
    expect((await asCustomer('GET', '/v1/evidence-requests', 'globex')).body.items).toEqual([]);
    expect((await call('GET', `/v1/evidence-requests/${request.body.id}`, { headers: { 'X-Project-Key': 'pk_test_acme' } })).status).toBe(401);
    expect((await staff('POST', `/v1/triage/evidence-requests/${request.body.id}/fulfil`)).status).toBe(409);
  });
});

describe('isolation and credentials', () => {
  it('answers 404 for another reporter’s report and 401 without a token', async () => {
    const mine = await receipt(draft(), 'pk_test_acme');
    const theirs = await receipt(draft(), 'pk_test_globex');
    expect((await asReporter('GET', `/v1/reports/${theirs.id}`, mine.trackingToken)).status).toBe(404);
    expect((await asReporter('GET', '/v1/reports/rpt_doesnotexist', mine.trackingToken)).status).toBe(404);
    expect((await call('GET', `/v1/reports/${mine.id}`)).status).toBe(401);
    expect((await asReporter('POST', `/v1/reports/${theirs.id}/withdraw`, mine.trackingToken)).status).toBe(404);
    expect((await asReporter('POST', `/v1/reports/${theirs.id}/messages`, mine.trackingToken, { message: 'hi' })).status).toBe(404);
  });

  it('shows the reporter no staff names and no recipients', async () => {
    const { id, trackingToken } = await receipt(draft({ reporter: { email: 'ada@example.com' } }));
    await staff('POST', `/v1/triage/reports/${id}/assess`, { ...harmless, scope: 'platform', note: 'internal: looks real' });
    await staff('POST', `/v1/triage/reports/${id}/resolve`, { fixedIn: '1.0.1', releaseNote: 'Fixed.', details: 'The input is now escaped.', affectedVersions: ['< 1.0.1'] });
    const view = await asReporter('GET', `/v1/reports/${id}`, trackingToken);
    const text = JSON.stringify(view.body);
    expect(text).not.toContain('Sam Triage');
    expect(text).not.toContain('internal: looks real');
    expect(text).not.toContain('secops@globex.example');
    // Of the notifications, the reporter sees only the emails they received themselves.
    expect(view.body.timeline.filter((e: { type: string }) => e.type === 'notified')).toEqual([
      expect.objectContaining({ kind: 'acknowledgement', recipientCount: 1 }),
      expect.objectContaining({ kind: 'resolution', recipientCount: 1 }),
    ]);
  });

  it('keeps data-loss notices and staff notes out of the reporter’s timeline', async () => {
    const { id, trackingToken } = await receipt();
    await staff('POST', `/v1/triage/reports/${id}/data-loss`, { affectedTenants: ['globex'], actionTaken: 'Globex exports revoked.', customerMeasures: 'Export again.' });
    await staff('POST', `/v1/triage/reports/${id}/close`, { reason: 'informative', note: 'internal: known issue' });
    const text = JSON.stringify((await asReporter('GET', `/v1/reports/${id}`, trackingToken)).body);
    expect(text).not.toContain('Globex');
    expect(text).not.toContain('internal: known issue');
    const staffView = await staff('GET', `/v1/triage/reports/${id}`);
    expect(staffView.body.timeline.at(-1)).toMatchObject({ type: 'closed', note: 'internal: known issue' });
  });

  it('refuses staff routes without a staff token, or with a tracking token', async () => {
    const { trackingToken } = await receipt();
    expect((await call('GET', '/v1/triage/reports?mode=all')).status).toBe(401);
    expect((await call('GET', '/v1/triage/reports?mode=all', { headers: { Authorization: `Bearer ${trackingToken}` } })).status).toBe(401);
  });

  it('filters and pages the staff list', async () => {
    for (const key of ['pk_test_acme', 'pk_test_acme', 'pk_test_globex']) await receipt(draft(), key);
    const acme = await staff('GET', '/v1/triage/reports?tenant=acme&limit=1&mode=all');
    expect(acme.body.items).toHaveLength(1);
    expect(acme.body.nextCursor).toBe('1');
    const next = await staff('GET', `/v1/triage/reports?tenant=acme&limit=1&cursor=${acme.body.nextCursor}&mode=all`);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.nextCursor).toBeUndefined();
    expect((await staff('GET', '/v1/triage/reports?state=open&mode=all')).status).toBe(400);
  });
});

describe('stub controls', () => {
  it('starts over from the seed on reset', async () => {
    await receipt();
    expect((await control('POST', '/__stub/reset')).status).toBe(204);
    expect(stub.state.reports).toEqual({});
  });

  it('fails the injected share of reporter requests, and never staff routes', async () => {
    expect((await control('POST', '/__stub/faults', { rate: 1, status: 503 })).status).toBe(204);
    const failed = await call('POST', '/v1/reports', { body: draft(), headers: { 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID() } });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('1');
    expect(stub.state.reports).toEqual({});
    expect((await staff('GET', '/v1/triage/reports?mode=all')).status).toBe(200);
    await control('POST', '/__stub/faults', { rate: 0 });
    expect((await call('POST', '/v1/reports', { body: draft(), headers: { 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID() } })).status).toBe(201);
  });

  it('drops the connection after storing, so a retry with the same key gets the receipt', async () => {
    await control('POST', '/__stub/faults', { rate: 1, drop: true });
    const key = crypto.randomUUID();
    const headers = { 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': key, 'Content-Type': 'application/json' };
    await expect(fetch('http://intake.test/v1/reports', { method: 'POST', headers, body: JSON.stringify(draft()) })).rejects.toThrow();
    await control('POST', '/__stub/faults', { rate: 0 });
    const retry = await call('POST', '/v1/reports', { body: draft(), headers });
    expect(retry.status).toBe(200);
    expect(Object.keys(stub.state.reports)).toHaveLength(1);
  });

  it('answers unknown routes with problem details', async () => {
    const response = await call('GET', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('serves the OpenAPI document', async () => {
    const response = await call('GET', '/openapi.json');
    expect(response.body.openapi).toBe('3.1.0');
  });
});

describe('lists and CORS', () => {
  it('lists incidents, evidence requests and the outbox, paged', async () => {
    const incident = { title: 'Outage', affectedTenants: ['acme'], detectedAt: START, recommendedMeasures: 'Wait.' };
    const first = await staff('POST', '/v1/triage/incidents', incident);
    const second = await staff('POST', '/v1/triage/incidents', { ...incident, title: 'Second' });
    const incidents = await staff('GET', '/v1/triage/incidents?limit=1&mode=all');
    expect(incidents.body).toMatchObject({ items: [{ id: second.body.id }], nextCursor: '1' });
    expect((await staff('GET', `/v1/triage/incidents/${first.body.id}`)).body.affectedTenants).toEqual(['acme']);
    expect((await staff('GET', '/v1/triage/incidents/inc_missing')).status).toBe(404);
    await asCustomer('POST', '/v1/evidence-requests', 'globex', { reason: 'Audit of every access to our tenant', scope: { from: START } });
    const requests = await staff('GET', '/v1/triage/evidence-requests?mode=all');
    expect(requests.body.items).toEqual([expect.objectContaining({ tenant: 'globex', state: 'open' })]);
    await receipt(draft({ reporter: { email: 'a@example.com' } }));
    const mails = await staff('GET', '/v1/triage/outbox?mode=all');
    expect(mails.body.items).toEqual([
      expect.objectContaining({ to: 'a@example.com', kind: 'acknowledgement' }),
      expect.objectContaining({ to: 'security-team@vendor.example', kind: 'staff-alert' }),
    ]);
    expect((await staff('GET', '/v1/triage/outbox?limit=0&mode=all')).status).toBe(400);
  });

  it('answers preflight for any origin on reporter routes, and only local consoles on staff routes', async () => {
    const preflight = (path: string, origin: string) =>
      fetch(`http://intake.test${path}`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
    const reporter = await preflight('/v1/reports', 'https://customer.example');
    expect(reporter.status).toBe(204);
    expect(reporter.headers.get('access-control-allow-origin')).toBe('https://customer.example');
    expect(reporter.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
    expect((await preflight('/v1/triage/reports?mode=all', 'http://localhost:5173')).headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect((await preflight('/v1/triage/reports?mode=all', 'https://customer.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
