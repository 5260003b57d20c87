import { expect } from '@open-wc/testing';
import { verifyEntries, verifyUpdate } from '@vuln-report/sdk/verify';
import { craftToken } from '../../src/http/customer-token.ts';
import { createStub } from '../../src/stub.ts';

/** The stub in the page itself (no network): the intake's side, to give the customer an evidence answer to check. */
const stub = createStub({ rateLimit: false });
const BASE = 'http://intake.test';

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const init: RequestInit = { method, headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
  const response = (await stub.handle(new Request(`${BASE}${path}`, init)))!;
  return { status: response.status, body: await response.json() };
}

describe('an evidence answer, checked in the browser', () => {
  it('verifies with @vuln-report/sdk/verify and a pinned key alone, and a later head extends the one kept', async () => {
    const now = Math.floor(Date.now() / 1000);
    const customer = { Authorization: `Bearer ${craftToken({ alg: 'HS256' }, { tenant: 'acme', sub: 'u1', email: 'u1@acme.example', iat: now, exp: now + 600 }, 'sk_test_acme')}` };
    const staff = { Authorization: 'Bearer staff_test_token' };
    const receipt = await call('POST', '/v1/reports', { 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID() }, { kind: 'bug', title: 'Export', description: 'Nothing downloads.' });
    await call('GET', `/v1/triage/reports/${receipt.body.id}`, staff);
    const request = await call('POST', '/v1/evidence-requests', customer, { reason: 'Who read our report at the vendor, please?', scope: { reports: [receipt.body.id] } });
    await call('POST', `/v1/triage/evidence-requests/${request.body.id}/fulfil`, staff);
    const answer = (await call('GET', `/v1/evidence-requests/${request.body.id}`, customer)).body;
    const keys = (await call('GET', '/v1/activity-log/key', {})).body.items;

    expect(await verifyEntries({ keys, head: answer.head, entries: answer.entries })).to.include({ ok: true, entries: 2 });
    // Two entries swapped under their proofs: each is no longer where its proof places it.
    const swapped = [
      { ...answer.entries[0], entry: answer.entries[1].entry },
      { ...answer.entries[1], entry: answer.entries[0].entry },
    ];
    expect(await verifyEntries({ keys, head: answer.head, entries: swapped })).to.include({ ok: false });

    await call('GET', '/v1/triage/sla', staff);
    const later = (await call('GET', '/v1/activity-log', customer)).body.head;
    const proof = (await call('GET', `/v1/activity-log/consistency?from=${answer.head.size}&to=${later.size}`, {})).body;
    expect(await verifyUpdate({ keys, kept: answer.head, head: later, proof })).to.include({ ok: true });
  });
});
