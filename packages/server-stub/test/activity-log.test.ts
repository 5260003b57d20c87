import { verifyEntries, verifyTreeHead, verifyUpdate, type PinnedKey } from '@vuln-report/sdk/verify';
import { describe, expect, it } from 'vitest';
import { verifyActivityLog } from '../src/core/activity-log.ts';
import { customerToken, draft, START, useStub } from './support/harness.ts';

const { stub, clock, call, receipt, staff, asReporter, asCustomer } = useStub();
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const harmless = { vulnerability: true, dataCompromised: false, serverCompromised: false, denialOfService: false, scope: 'platform' };

/** The vendor's key, as a customer pins it (out of band; here from the route). */
async function pinnedKeys(): Promise<PinnedKey[]> {
  return (await call('GET', '/v1/activity-log/key')).body.items;
}

describe('what the activity log records', () => {
  it('records every staff call with its outcome: done, denied for its roles, refused with the problem type; never a call with no valid credential', async () => {
    const { id } = await receipt();
    await staff('POST', `/v1/triage/reports/${id}/assess`, harmless);
    await staff('POST', `/v1/triage/reports/${id}/assess`, harmless);
    await call('POST', '/v1/triage/incidents', { body: {}, headers: bearer('staff_test_triager') });
    const counted = stub.unauthenticatedRequests;
    await call('GET', '/v1/triage/sla', { headers: bearer('staff_wrong_token') });
    await call('GET', '/v1/triage/sla');
    expect(stub.unauthenticatedRequests - counted).toBe(2);
    const entries = stub.state.activityLog.slice(1);
    expect(entries.map((entry) => [entry.action, entry.outcome, entry.problemType, entry.channel])).toEqual([
      ['report.assess', 'ok', undefined, 'api'],
      ['POST /v1/triage/reports/{id}/assess', 'refused', 'urn:vuln-report:problem:transition-not-allowed', 'api'],
      ['POST /v1/triage/incidents', 'denied', 'urn:vuln-report:problem:role-not-allowed', 'api'],
    ]);
    expect(entries[2]).toMatchObject({ actor: 'Tia Triager', target: '/v1/triage/incidents' });
    expect(verifyActivityLog(stub.state.activityLog)).toEqual({ ok: true, entries: 4 });
  });

  it('records every reporter and customer write, with its channel, and no reporter read', async () => {
    const sent = await call('POST', '/v1/reports', { body: draft(), headers: { 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID(), 'X-Report-Channel': 'widget' } });
    const { id, trackingToken } = sent.body;
    await asReporter('GET', `/v1/reports/${id}`, trackingToken);
    await asReporter('POST', `/v1/reports/${id}/messages`, trackingToken, { message: 'More detail.' });
    await asCustomer('POST', `/v1/reports/${id}/withdraw`);
    await asCustomer('POST', '/v1/evidence-requests', 'acme', { reason: 'Who read our reports this week, please?', scope: { from: START } });
    expect(stub.state.activityLog.map((entry) => [entry.action, entry.actor, entry.channel])).toEqual([
      ['report.submit', 'reporter', 'widget'],
      ['report.message', 'reporter', 'widget'],
      ['report.withdraw', 'customer:user-1', 'support-center'],
      ['evidence.request', 'customer:user-1', 'support-center'],
    ]);
  });

  it('leaves out reads with ?writes=only', async () => {
    const { id } = await receipt();
    await staff('GET', `/v1/triage/reports/${id}`);
    await staff('POST', `/v1/triage/reports/${id}/assess`, harmless);
    await call('GET', '/v1/triage/incidents', { headers: bearer('staff_test_triager') });
    const writes = await staff('GET', '/v1/triage/activity-log?writes=only');
    expect(writes.body.items.map((entry: { action: string }) => entry.action)).toEqual(['report.submit', 'report.assess']);
    expect((await staff('GET', '/v1/triage/activity-log?writes=all')).status).toBe(400);
  });

  it('names tenants blinded: the same tenant always alike, another tenant differently, no tenant id in the clear', async () => {
    await receipt(draft(), 'pk_test_acme');
    await receipt(draft(), 'pk_test_globex');
    await receipt(draft(), 'pk_test_acme');
    const [a, g, a2] = stub.state.activityLog.map((entry) => entry.tenants);
    expect(a).toEqual(a2);
    expect(a).not.toEqual(g);
    expect(a![0]).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stub.state.activityLog)).not.toMatch(/acme|globex/);
  });
});

describe('what each reader of the log sees', () => {
  it('gives a test token the test records’ entries only, and a live token the live ones, in the log view and in evidence', async () => {
    const test = await receipt(draft(), 'pk_test_acme');
    const live = await receipt(draft(), 'pk_live_acme');
    const targets = async (secretKey: string) =>
      (await asCustomer('GET', '/v1/activity-log', 'acme', undefined, { secretKey })).body.items.map((item: { entry: { target: string } }) => item.entry.target);
    expect(await targets('sk_test_acme')).toEqual([test.id]);
    expect(await targets('sk_live_acme')).toEqual([live.id]);
    const request = await asCustomer('POST', '/v1/evidence-requests', 'acme', { reason: 'Every access to our tenant this week, please.', scope: { from: START } });
    const answer = await call('POST', `/v1/triage/evidence-requests/${request.body.id}/fulfil`, { headers: bearer('staff_test_legal') });
    expect(answer.body.entries.map((item: { entry: { target: string } }) => item.entry.target)).not.toContain(live.id);
  });

  it('hides reporters’ tracking tokens from the outbox staff read, and keeps them in the email delivered', async () => {
    const { id, trackingToken } = await receipt(draft({ reporter: { email: 'ada@example.com' } }));
    const outbox = (await staff('GET', '/v1/triage/outbox?mode=all')).body.items as Array<{ relatedId: string; kind: string; text: string }>;
    const ack = outbox.find((email) => email.relatedId === id && email.kind === 'acknowledgement')!;
    expect(ack.text).not.toContain(trackingToken);
    expect(ack.text).toContain('trk_[hidden]');
    expect(stub.state.outbox.find((email) => email.relatedId === id && email.kind === 'acknowledgement')!.text).toContain(trackingToken);
  });

  it('records staff sign-in, the session read and sign-out', async () => {
    const session = await call('POST', '/v1/staff/sessions', { body: { email: 'triage@vendor.example', password: 'staff-demo-password' } });
    await call('GET', '/v1/staff/sessions/current', { headers: bearer(session.body.token) });
    await call('DELETE', '/v1/staff/sessions/current', { headers: bearer(session.body.token) });
    expect(stub.state.activityLog.map((entry) => [entry.action, entry.actor, entry.channel])).toEqual([
      ['staff.session.create', 'Sam Triage', 'web'],
      ['staff.session.read', 'Sam Triage', 'web'],
      ['staff.session.end', 'Sam Triage', 'web'],
    ]);
  });
});

describe('the Merkle tree over the log', () => {
  it('publishes signed heads that verify with the pinned key, and consistency proofs between them', async () => {
    const keys = await pinnedKeys();
    await receipt();
    const first = (await call('GET', '/v1/activity-log/tree-head')).body;
    expect(first.size).toBe(1);
    expect(await verifyTreeHead(first, keys)).toMatchObject({ ok: true });
    await receipt();
    await receipt();
    // Within 60 s the head stands; after, a grown log gets a new one.
    expect((await call('GET', '/v1/activity-log/tree-head')).body).toEqual(first);
    clock.advance(60);
    const second = (await call('GET', '/v1/activity-log/tree-head')).body;
    expect(second.size).toBe(3);
    const proof = (await call('GET', `/v1/activity-log/consistency?from=${first.size}&to=${second.size}`)).body;
    expect(await verifyUpdate({ keys, kept: first, head: second, proof })).toMatchObject({ ok: true, firstUse: false });
    expect((await call('GET', '/v1/activity-log/consistency?from=3&to=2')).status).toBe(400);
    expect((await call('GET', '/v1/activity-log/consistency?from=1&to=99')).status).toBe(400);
  });

  it('gives a customer its tenant’s entries, each proven against a head signed for the read; they verify with the SDK alone', async () => {
    const keys = await pinnedKeys();
    const mine = await receipt(draft(), 'pk_test_acme');
    await receipt(draft(), 'pk_test_globex');
    await staff('GET', `/v1/triage/reports/${mine.id}`);
    const view = await asCustomer('GET', '/v1/activity-log');
    expect(view.status).toBe(200);
    expect(view.body.head.size).toBe(3);
    expect(view.body.tenant).toBe(stub.intake.blind('acme', 'test'));
    expect(view.body.items.map((item: { entry: { action: string } }) => item.entry.action)).toEqual(['report.submit', 'report.read']);
    expect(view.body.items.every((item: { entry: { tenants: string[] } }) => item.entry.tenants.includes(view.body.tenant))).toBe(true);
    expect(await verifyEntries({ keys, head: view.body.head, entries: view.body.items })).toMatchObject({ ok: true, entries: 2 });
    // Another tenant's customer sees none of acme's entries.
    expect((await asCustomer('GET', '/v1/activity-log', 'globex')).body.items.map((item: { entry: { seq: number } }) => item.entry.seq)).toEqual([2]);
    expect((await call('GET', '/v1/activity-log', { headers: { 'X-Project-Key': 'pk_test_acme' } })).status).toBe(401);
    expect((await asCustomer('GET', '/v1/activity-log?cursor=abc')).status).toBe(400);
    expect((await asCustomer('GET', '/v1/activity-log?cursor=-1')).status).toBe(400);
  });

  it('proves an evidence answer’s entries, so the customer checks them with the SDK and a pinned key, and catches one edited', async () => {
    const keys = await pinnedKeys();
    const mine = await receipt();
    await staff('GET', `/v1/triage/reports/${mine.id}`);
    const token = customerToken('acme', { now: clock.now() });
    const request = await call('POST', '/v1/evidence-requests', { body: { reason: 'Who at the vendor read our report, please?', scope: { reports: [mine.id] } }, headers: bearer(token) });
    await call('POST', `/v1/triage/evidence-requests/${request.body.id}/fulfil`, { headers: bearer('staff_test_legal') });
    const answer = (await call('GET', `/v1/evidence-requests/${request.body.id}`, { headers: bearer(token) })).body;
    expect(answer.entries.map((item: { entry: { action: string } }) => item.entry.action)).toEqual(['report.submit', 'report.read']);
    expect(await verifyEntries({ keys, head: answer.head, entries: answer.entries })).toMatchObject({ ok: true, entries: 2 });
    const edited = structuredClone(answer.entries);
    edited[1].entry.actor = 'Nobody';
    expect(await verifyEntries({ keys, head: answer.head, entries: edited })).toMatchObject({ ok: false, check: 'inclusion', index: 1 });
  });
});
