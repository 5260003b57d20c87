import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED, type Seed } from '../src/seed.ts';
import { craftToken } from '../src/http/customer-token.ts';
import { createMemoryAccounts } from '../src/store/memory-accounts.ts';
import { testPasswordHasher } from '../src/core/test-passwords.ts';
import { createStaffAccounts } from '../src/http/staff-accounts.ts';
import { CLIENT_HEADER } from '../src/http/runtime.ts';
import { createStub } from '../src/stub.ts';
import { customerToken, draft, START, useStub } from './support/harness.ts';

/** The default seed, with acme's keys rotated: a second live pair beside the first, and its first test pair revoked. */
const ROTATED: Seed = {
  ...DEFAULT_SEED,
  tenants: DEFAULT_SEED.tenants.map((tenant) =>
    tenant.id !== 'acme'
      ? tenant
      : {
          ...tenant,
          projectKeys: [
            { key: 'pk_test_acme', allowedOrigins: ['http://localhost:*'], revoked: true },
            { key: 'pk_test_acme_2', allowedOrigins: ['http://localhost:*'] },
            { key: 'pk_live_acme', allowedOrigins: ['http://localhost:*'] },
            { key: 'pk_live_acme_2', allowedOrigins: ['http://localhost:*'] },
          ],
          secretKeys: [
            { id: 'acme-live', key: 'sk_live_acme' },
            { id: 'acme-live-2', key: 'sk_live_acme_2' },
            { id: 'acme-test', key: 'sk_test_acme', revoked: true },
            { id: 'acme-test-2', key: 'sk_test_acme_2' },
          ],
        },
  ),
};

const { clock, call, receipt, staff, submit, asCustomer } = useStub({ seed: ROTATED });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

describe('customer tokens', () => {
  it('show the tenant’s reports in the token’s mode, hiding other users’ email and captured context', async () => {
    const fromWidget = await receipt(draft({ reporter: { email: 'ada@acme.example' }, context: { url: 'https://app.acme.example/secret' } }), 'pk_test_acme_2');
    const live = await receipt(draft(), 'pk_live_acme');
    await receipt(draft(), 'pk_test_globex');
    const token = customerToken('acme', { secretKey: 'sk_test_acme_2', now: clock.now() });
    const mine = await call('POST', '/v1/reports', { body: draft({ reporter: { email: 'user-1@acme.example' }, context: { url: 'https://app.acme.example/mine' } }), headers: { ...bearer(token), 'Idempotency-Key': crypto.randomUUID() } });
    expect(mine.status).toBe(201);
    const list = await call('GET', '/v1/reports', { headers: bearer(token) });
    expect(list.body.items.map((report: { id: string }) => report.id)).toEqual([mine.body.id, fromWidget.id]);
    const [own, other] = list.body.items;
    expect(own).toMatchObject({ channel: 'support-center', mode: 'test', reporter: { email: 'user-1@acme.example' }, context: { url: 'https://app.acme.example/mine' } });
    expect(other).toMatchObject({ channel: 'sdk', mode: 'test' });
    expect(other.reporter?.email).toBeUndefined();
    expect(other.context).toBeUndefined();
    // The staff view says who sent it through the support center, and no project key.
    const staffView = await staff('GET', `/v1/triage/reports/${mine.body.id}`);
    expect(staffView.body).toMatchObject({ submittedBy: { sub: 'user-1', email: 'user-1@acme.example' }, channel: 'support-center' });
    expect(staffView.body.projectKey).toBeUndefined();
    // The live report is another mode's: not listed, and 404 by id; a live token sees it.
    expect((await call('GET', `/v1/reports/${live.id}`, { headers: bearer(token) })).status).toBe(404);
    const liveToken = customerToken('acme', { secretKey: 'sk_live_acme', now: clock.now() });
    expect((await call('GET', '/v1/reports', { headers: bearer(liveToken) })).body.items.map((report: { id: string }) => report.id)).toEqual([live.id]);
  });

  it('answer questions and withdraw any report of the tenant, and nothing of another tenant (404)', async () => {
    const report = await receipt(draft(), 'pk_test_acme_2');
    const token = customerToken('acme', { secretKey: 'sk_test_acme_2', now: clock.now() });
    const globexToken = customerToken('globex', { now: clock.now() });
    expect((await call('POST', `/v1/reports/${report.id}/withdraw`, { headers: bearer(globexToken) })).status).toBe(404);
    expect((await call('POST', `/v1/reports/${report.id}/messages`, { body: { message: 'More detail.' }, headers: bearer(token) })).status).toBe(200);
    const withdrawn = await call('POST', `/v1/reports/${report.id}/withdraw`, { headers: bearer(token) });
    expect(withdrawn.body).toMatchObject({ state: 'closed', closeReason: 'withdrawn' });
  });

  it('work during a key rotation with the old and the new secret key, until the old one is revoked', async () => {
    expect((await asCustomer('GET', '/v1/reports', 'acme', undefined, { secretKey: 'sk_live_acme' })).status).toBe(200);
    expect((await asCustomer('GET', '/v1/reports', 'acme', undefined, { secretKey: 'sk_live_acme_2' })).status).toBe(200);
    const revoked = await asCustomer('GET', '/v1/reports', 'acme', undefined, { secretKey: 'sk_test_acme' });
    expect(revoked.status).toBe(401);
    const kid = craftToken({ alg: 'HS256', kid: 'acme-live-2' }, { tenant: 'acme', sub: 'u', email: 'u@acme.example', iat: nowSeconds(), exp: nowSeconds() + 60 }, 'sk_live_acme_2');
    expect((await call('GET', '/v1/reports', { headers: bearer(kid) })).status).toBe(200);
    const wrongKid = craftToken({ alg: 'HS256', kid: 'acme-live' }, { tenant: 'acme', sub: 'u', email: 'u@acme.example', iat: nowSeconds(), exp: nowSeconds() + 60 }, 'sk_live_acme_2');
    expect((await call('GET', '/v1/reports', { headers: bearer(wrongKid) })).status).toBe(401);
  });

  it('are refused (401) when expired, too long-lived, wrongly signed, of another tenant, unsigned or of another algorithm, with a reason and no secret in it', async () => {
    const claims = { tenant: 'acme', sub: 'u', email: 'u@acme.example', iat: nowSeconds(), exp: nowSeconds() + 600 };
    const forged = [
      craftToken({ alg: 'HS256' }, { ...claims, iat: nowSeconds() - 700, exp: nowSeconds() - 61 }, 'sk_live_acme'),
      craftToken({ alg: 'HS256' }, { ...claims, exp: nowSeconds() + 3601 }, 'sk_live_acme'),
      craftToken({ alg: 'HS256' }, claims, 'sk_live_globex'),
      craftToken({ alg: 'HS256' }, { ...claims, tenant: 'globex' }, 'sk_live_acme'),
      craftToken({ alg: 'none' }, claims, undefined),
      craftToken({ alg: 'RS256' }, claims, 'sk_live_acme'),
      'not.a.token',
    ];
    for (const token of forged) {
      const refused = await call('GET', '/v1/reports', { headers: bearer(token) });
      expect(refused.status, token).toBe(401);
      expect(JSON.stringify(refused.body)).not.toMatch(/sk_(live|test)_/);
    }
    // Within the 60 s of skew, a just-expired token still works.
    const skewed = craftToken({ alg: 'HS256' }, { ...claims, iat: nowSeconds() - 600, exp: nowSeconds() - 30 }, 'sk_live_acme');
    expect((await call('GET', '/v1/reports', { headers: bearer(skewed) })).status).toBe(200);
  });
});

describe('publishable keys', () => {
  it('read nothing that belongs to a tenant', async () => {
    const { id } = await receipt(draft(), 'pk_test_acme_2');
    for (const path of ['/v1/reports', '/v1/incidents', '/v1/evidence-requests', `/v1/reports/${id}`, '/v1/incidents/inc_x', '/v1/evidence-requests/evd_x']) {
      expect((await call('GET', path, { headers: { 'X-Project-Key': 'pk_live_acme' } })).status, path).toBe(401);
    }
  });

  it('rotate with overlap: the old and the new both work until the old one is revoked', async () => {
    expect((await submit(draft(), 'pk_live_acme')).status).toBe(201);
    expect((await submit(draft(), 'pk_live_acme_2')).status).toBe(201);
    const revoked = await submit(draft(), 'pk_test_acme');
    expect(revoked.status).toBe(401);
    expect(revoked.body.detail).toMatch(/revoked/);
  });

  it('give their mode to the report, and the report to the list of its mode only', async () => {
    const test = await receipt(draft(), 'pk_test_acme_2');
    const live = await receipt(draft(), 'pk_live_acme');
    const ids = async (query: string) => (await staff('GET', `/v1/triage/reports${query}`)).body.items.map((report: { id: string }) => report.id);
    expect(await ids('')).toEqual([live.id]);
    expect(await ids('?mode=test')).toEqual([test.id]);
    expect(await ids('?mode=all')).toEqual([live.id, test.id]);
    expect((await staff('GET', '/v1/triage/reports?mode=both')).status).toBe(400);
  });
});

describe('staff', () => {
  const ROLE_ROUTES: Array<[string, string, string, string[]]> = [
    // [role token, method, path, roles allowed]
    ['GET', '/v1/triage/reports', 'list reports', ['triager', 'responder', 'legal']],
    ['POST', '/v1/triage/reports/rpt_x/assess', 'assess', ['triager']],
    ['POST', '/v1/triage/reports/rpt_x/data-loss', 'declare data loss', ['responder']],
    ['GET', '/v1/triage/incidents', 'list incidents', ['responder']],
    ['GET', '/v1/triage/evidence-requests', 'list evidence requests', ['legal']],
    ['GET', '/v1/triage/sla', 'read the SLA view', ['triager', 'responder', 'legal', 'admin']],
    ['GET', '/v1/triage/outbox', 'read the outbox', ['triager', 'responder', 'legal', 'admin']],
    ['GET', '/v1/triage/activity-log', 'read the log', ['triager', 'responder', 'legal', 'admin']],
  ];
  it.each(['triager', 'responder', 'legal', 'admin'])('refuses the %s role (403) outside its routes, and lets it through inside them', async (role) => {
    for (const [method, path, what, allowed] of ROLE_ROUTES) {
      const response = await call(method, path, { headers: bearer(`staff_test_${role}`), ...(method === 'POST' ? { body: {} } : {}) });
      if (allowed.includes(role)) expect(response.status, `${role} may ${what}`).not.toBe(403);
      else {
        expect(response.status, `${role} may not ${what}`).toBe(403);
        expect(response.body.type).toBe('urn:vuln-report:problem:role-not-allowed');
      }
    }
  });

  it('sign in with email and password for a web session, which says who they are and ends at sign-out', async () => {
    expect((await call('POST', '/v1/staff/sessions', { body: { email: 'triage@vendor.example', password: 'wrong-password' } })).status).toBe(401);
    expect((await call('POST', '/v1/staff/sessions', { body: { email: 'nobody@vendor.example', password: 'staff-demo-password' } })).status).toBe(401);
    const session = await call('POST', '/v1/staff/sessions', { body: { email: 'Triage@Vendor.example', password: 'staff-demo-password' } });
    expect(session.status).toBe(201);
    expect(Date.parse(session.body.expiresAt) - Date.now()).toBeGreaterThan(8 * 3_600_000 - 60_000);
    const web = bearer(session.body.token);
    expect((await call('GET', '/v1/staff/sessions/current', { headers: web })).body).toEqual({
      name: 'Sam Triage',
      email: 'triage@vendor.example',
      roles: ['triager', 'responder', 'legal', 'admin'],
      kind: 'web',
      expiresAt: session.body.expiresAt,
    });
    expect((await call('DELETE', '/v1/staff/sessions/current', { headers: web })).status).toBe(204);
    expect((await call('GET', '/v1/triage/sla', { headers: web })).status).toBe(401);
    // An api token is no session: it cannot be signed out.
    expect((await staff('DELETE', '/v1/staff/sessions/current')).status).toBe(409);
    expect((await staff('GET', '/v1/staff/sessions/current')).body).toMatchObject({ kind: 'api' });
  });

  it('lose a web session after 8 hours of real time, whatever the intake’s clock does', async () => {
    const session = await call('POST', '/v1/staff/sessions', { body: { email: 'triage@vendor.example', password: 'staff-demo-password' } });
    clock.advance(24 * 3600);
    expect((await call('GET', '/v1/triage/sla', { headers: bearer(session.body.token) })).status).toBe(200);
    let now = Date.parse(START);
    const store = createMemoryAccounts({ seed: DEFAULT_SEED, hashPassword: testPasswordHasher.hash, appendLog: async () => undefined, now: () => START });
    const accounts = createStaffAccounts(store, testPasswordHasher, () => now);
    const token = (await accounts.signIn('triage@vendor.example', 'staff-demo-password'))!.session.token;
    now += 8 * 3_600_000 - 1;
    expect(await accounts.resolve(token)).toMatchObject({ kind: 'web', name: 'Sam Triage' });
    now += 2;
    expect(await accounts.resolve(token)).toBeUndefined();
  });
});

describe('sign-in', () => {
  it('refuses a client after its failed sign-ins use up the staff-failure allowance, even with the right password then (429)', async () => {
    const guarded = createStub({ seed: DEFAULT_SEED, rateLimit: { staffFailures: { capacity: 2, refillPerSecond: 1 / 3600 } } });
    const signIn = (password: string, client: string) =>
      guarded.handle(
        new Request('http://intake.test/v1/staff/sessions', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [CLIENT_HEADER]: client },
          body: JSON.stringify({ email: 'triage@vendor.example', password }),
        }),
      );
    expect((await signIn('guess-one', '192.0.2.1'))!.status).toBe(401);
    expect((await signIn('guess-two', '192.0.2.1'))!.status).toBe(401);
    const blocked = (await signIn('staff-demo-password', '192.0.2.1'))!;
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await signIn('staff-demo-password', '192.0.2.2'))!.status).toBe(201);
  });
});
