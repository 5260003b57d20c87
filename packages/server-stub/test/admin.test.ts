import { ROUTES } from '@vuln-report/contract/routes';
import { signCustomerToken } from '@vuln-report/sdk/node';
import { describe, expect, it } from 'vitest';
import { verifyActivityLog } from '../src/core/activity-log.ts';
import { DEFAULT_SEED, type Seed } from '../src/seed.ts';
import { customerToken, draft, START, useStub } from './support/harness.ts';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const ADMIN = bearer('staff_test_admin');
const SEED_TENANTS = ['acme', 'globex', 'initech'];
const SEED_STAFF = ['ada-admin', 'lee-legal', 'rui-responder', 'sam-triage', 'tia-triager'];
const NEWCO = { id: 'newco', name: 'NewCo', supportContacts: [{ name: 'NewCo Security', email: 'security@newco.example' }] };
const NEWCO_ORIGIN = 'https://app.newco.example';
const PASSWORD = 'correct horse battery staple';

describe('the admin routes', () => {
  const { stub, clock, call, control, submit, staff } = useStub();

  /** Calls an admin route as Ada Admin (`staff_test_admin`, the admin role only). */
  const admin = (method: string, path: string, body?: unknown) => call(method, path, { ...(body !== undefined ? { body } : {}), headers: ADMIN });
  /** Creates NewCo and answers its view. */
  async function newco() {
    const created = await admin('POST', '/v1/admin/tenants', NEWCO);
    expect(created.status).toBe(201);
    return created.body;
  }
  /** Makes a key for `tenant` and answers `{ key, secret }`, failing unless it was made. */
  async function makeKey(tenant: string, kind: 'publishable' | 'secret', mode: 'live' | 'test' = 'live', allowedOrigins: string[] | undefined = kind === 'publishable' ? [NEWCO_ORIGIN] : undefined) {
    const made = await admin('POST', `/v1/admin/tenants/${tenant}/keys`, { kind, mode, ...(allowedOrigins ? { allowedOrigins } : {}) });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return made.body as { key: { id: string; kind: string; mode: string; key?: string; hint?: string; allowedOrigins?: string[]; revoked: boolean }; secret: string };
  }
  /** The tenant ids the admin list shows. */
  const tenantIds = async () => (await admin('GET', '/v1/admin/tenants')).body.items.map((tenant: { id: string }) => tenant.id);
  /** A customer's `GET /v1/reports` with a token of `tenant` signed with `secretKey` (and `kid`, when given). */
  const customerReports = (tenant: string, secretKey: string, keyId?: string) => {
    const token =
      keyId === undefined
        ? customerToken(tenant, { secretKey, now: clock.now() })
        : signCustomerToken({ secretKey, tenant, sub: 'user-1', email: `user-1@${tenant}.example`, keyId, now: clock.now() });
    return call('GET', '/v1/reports', { headers: bearer(token) });
  };
  /** The whole activity log, page by page, through the staff route. */
  async function wholeLog() {
    const items: Array<Record<string, unknown> & { action: string; outcome: string; actor: string }> = [];
    let cursor: string | undefined;
    do {
      const page = await staff('GET', `/v1/triage/activity-log?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }
  const signIn = (email: string, password: string) => call('POST', '/v1/staff/sessions', { body: { email, password } });

  describe('who may call them', () => {
    const adminRoutes = Object.values(ROUTES).filter((route) => route.path.startsWith('/v1/admin/'));
    const concrete = (path: string) => path.replace('{id}', 'acme').replace('{keyId}', 'no-such-key').replace('{tokenId}', 'no-such-token');

    it('are the sixteen admin routes of the contract, each for the admin role alone', () => {
      expect(adminRoutes).toHaveLength(16);
      for (const route of adminRoutes) expect((route as { roles?: readonly string[] }).roles, route.path).toEqual(['admin']);
    });

    it('refuse another role (403, logged as denied) and no token (401, not logged), and let the admin-only token through', async () => {
      for (const route of adminRoutes) {
        const path = concrete(route.path);
        const body = route.method === 'GET' ? {} : { body: {} };
        const denied = await call(route.method, path, { ...body, headers: bearer('staff_test_triager') });
        expect(denied.status, `${route.method} ${path} as a triager`).toBe(403);
        expect(denied.body.type).toBe('urn:vuln-report:problem:role-not-allowed');
        expect((await call(route.method, path, body)).status, `${route.method} ${path} with no token`).toBe(401);
        expect((await call(route.method, path, { ...body, headers: bearer('staff_wrong_token') })).status).toBe(401);
        expect((await call(route.method, path, { ...body, headers: ADMIN })).status, `${route.method} ${path} as the admin`).not.toBe(403);
      }
      const denials = (await wholeLog()).filter((entry) => entry.outcome === 'denied');
      expect(denials).toHaveLength(16);
      expect(denials.map((entry) => entry.action).sort()).toEqual(adminRoutes.map((route) => `${route.method} ${route.path}`).sort());
      for (const entry of denials) expect(entry).toMatchObject({ actor: 'Tia Triager', channel: 'api', problemType: 'urn:vuln-report:problem:role-not-allowed' });
      // Nothing changed for all those calls.
      expect(await tenantIds()).toEqual(SEED_TENANTS);
    });
  });

  describe('tenants', () => {
    it('create a tenant with its contacts and no keys (201), readable and listed', async () => {
      const created = await admin('POST', '/v1/admin/tenants', { ...NEWCO, testRecipients: ['qa@newco.example'] });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ ...NEWCO, testRecipients: ['qa@newco.example'], keys: [] });
      expect(await tenantIds()).toEqual([...SEED_TENANTS, 'newco']);
      const read = await admin('GET', '/v1/admin/tenants/newco');
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
      expect((await admin('GET', '/v1/admin/tenants/nobody')).status).toBe(404);
      // A tenant with no key takes no report yet.
      expect((await submit(draft(), 'pk_live_newco')).status).toBe(401);
    });

    it('refuse an id in use (409), the seed’s or a new one, and keep the first', async () => {
      await newco();
      const again = await admin('POST', '/v1/admin/tenants', { ...NEWCO, name: 'NewCo Again' });
      expect(again.status).toBe(409);
      expect((await admin('POST', '/v1/admin/tenants', { ...NEWCO, id: 'acme' })).status).toBe(409);
      expect((await admin('GET', '/v1/admin/tenants/newco')).body.name).toBe('NewCo');
      expect((await admin('GET', '/v1/admin/tenants/acme')).body.name).toBe('Acme Corporation');
    });

    it.each([
      ['an uppercase id', { ...NEWCO, id: 'NewCo' }],
      ['no contacts', { ...NEWCO, supportContacts: [] }],
      ['no supportContacts member', { id: 'newco', name: 'NewCo' }],
      ['a contact email twice, in another case', { ...NEWCO, supportContacts: [...NEWCO.supportContacts, { name: 'Again', email: 'Security@NewCo.example' }] }],
      ['an unknown member', { ...NEWCO, keys: [] }],
      ['a bad contact email', { ...NEWCO, supportContacts: [{ name: 'X', email: 'not-an-email' }] }],
    ])('refuse a draft with %s (400 problem+json naming the fields) and store nothing', async (_, body) => {
      const refused = await admin('POST', '/v1/admin/tenants', body);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 400, type: 'urn:vuln-report:problem:validation-failed' });
      expect(Array.isArray(refused.body.errors) && refused.body.errors.length).toBeGreaterThan(0);
      expect(await tenantIds()).toEqual(SEED_TENANTS);
    });

    it('change a tenant’s name and test recipients (PATCH), and refuse an empty patch (400)', async () => {
      await newco();
      const patched = await admin('PATCH', '/v1/admin/tenants/newco', { name: 'NewCo Ltd', testRecipients: ['qa@newco.example'] });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ id: 'newco', name: 'NewCo Ltd', testRecipients: ['qa@newco.example'], supportContacts: NEWCO.supportContacts });
      expect((await admin('PATCH', '/v1/admin/tenants/newco', {})).status).toBe(400);
      expect((await admin('PATCH', '/v1/admin/tenants/nobody', { name: 'X' })).status).toBe(404);
      expect((await admin('GET', '/v1/admin/tenants/newco')).body.name).toBe('NewCo Ltd');
    });
  });

  describe('keys', () => {
    it('make a live publishable key whose secret is the key: it takes reports for the new tenant, from its own origins only', async () => {
      await newco();
      const made = await admin('POST', '/v1/admin/tenants/newco/keys', { kind: 'publishable', mode: 'live', allowedOrigins: [NEWCO_ORIGIN, 'http://localhost:*'] });
      expect(made.status).toBe(201);
      expect(made.headers.get('cache-control')).toBe('no-store');
      const { key, secret } = made.body;
      expect(secret).toMatch(/^pk_live_[a-z0-9]+$/);
      expect(key).toEqual({ id: secret, kind: 'publishable', mode: 'live', key: secret, allowedOrigins: [NEWCO_ORIGIN, 'http://localhost:*'], createdAt: START, revoked: false });
      const report = await submit(draft(), secret);
      expect(report.status).toBe(201);
      const view = await staff('GET', `/v1/triage/reports/${report.body.id}`);
      expect(view.body).toMatchObject({ tenant: 'newco', mode: 'live', projectKey: secret });
      expect((await submit(draft(), secret, crypto.randomUUID(), { Origin: NEWCO_ORIGIN })).status).toBe(201);
      expect((await submit(draft(), secret, crypto.randomUUID(), { Origin: 'http://localhost:5173' })).status).toBe(201);
      const foreign = await submit(draft(), secret, crypto.randomUUID(), { Origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect(foreign.body.type).toBe('urn:vuln-report:problem:origin-not-allowed');
      // Listed whole, as a publishable key is public.
      expect((await admin('GET', '/v1/admin/tenants/newco/keys')).body.items).toEqual([key]);
    });

    it('refuse a publishable key without origins, a secret key with origins, a bad origin (400) and an unknown tenant (404)', async () => {
      await newco();
      for (const body of [
        { kind: 'publishable', mode: 'live' },
        { kind: 'secret', mode: 'live', allowedOrigins: [NEWCO_ORIGIN] },
        { kind: 'publishable', mode: 'live', allowedOrigins: ['https://app.newco.example/path'] },
        { kind: 'publishable', mode: 'staging', allowedOrigins: [NEWCO_ORIGIN] },
      ]) {
        const refused = await admin('POST', '/v1/admin/tenants/newco/keys', body);
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.body.errors.length).toBeGreaterThan(0);
      }
      expect((await admin('POST', '/v1/admin/tenants/nobody/keys', { kind: 'secret', mode: 'live' })).status).toBe(404);
      expect((await admin('GET', '/v1/admin/tenants/newco/keys')).body.items).toEqual([]);
    });

    it('make a secret key shown once: the answer holds the secret, every later view only its last four characters', async () => {
      await newco();
      const { key, secret } = await makeKey('newco', 'secret', 'live');
      expect(secret).toMatch(/^sk_live_[a-z0-9]{40}$/);
      expect(key).toEqual({ id: expect.any(String), kind: 'secret', mode: 'live', hint: secret.slice(-4), createdAt: START, revoked: false });
      expect(key.id).not.toContain(secret.slice(8));
      for (const path of ['/v1/admin/tenants', '/v1/admin/tenants/newco', '/v1/admin/tenants/newco/keys']) {
        const view = await admin('GET', path);
        expect(view.status).toBe(200);
        expect(JSON.stringify(view.body), path).not.toContain(secret);
        expect(JSON.stringify(view.body), path).not.toContain(secret.slice(8, 24));
      }
      expect((await admin('GET', '/v1/admin/tenants/newco/keys')).body.items).toEqual([{ id: key.id, kind: 'secret', mode: 'live', hint: secret.slice(-4), createdAt: START, revoked: false }]);
      // The seed's secret keys are hidden the same way.
      expect(JSON.stringify((await admin('GET', '/v1/admin/tenants')).body)).not.toMatch(/sk_(live|test)_/);
    });

    it('sign customer tokens with a new secret key, with no kid or its id as kid, that read the new tenant’s reports only', async () => {
      await newco();
      const { secret: pk } = await makeKey('newco', 'publishable', 'live');
      const { key, secret } = await makeKey('newco', 'secret', 'live');
      const report = await submit(draft(), pk);
      expect(report.status).toBe(201);
      await submit(draft(), 'pk_live_acme');
      const plain = await customerReports('newco', secret);
      expect(plain.status).toBe(200);
      expect(plain.body.items.map((item: { id: string }) => item.id)).toEqual([report.body.id]);
      const withKid = await customerReports('newco', secret, key.id);
      expect(withKid.status).toBe(200);
      expect(withKid.body.items.map((item: { id: string }) => item.id)).toEqual([report.body.id]);
      // A kid naming another key, a key of another tenant, or the secret taken for a test key: refused.
      expect((await customerReports('newco', secret, 'newco-live_nothing')).status).toBe(401);
      expect((await customerReports('newco', 'sk_live_acme')).status).toBe(401);
      expect((await customerReports('acme', secret)).status).toBe(401);
      // A test secret key reads the test reports: none yet.
      const test = await makeKey('newco', 'secret', 'test');
      expect(test.secret).toMatch(/^sk_test_/);
      expect((await customerReports('newco', test.secret, test.key.id)).body.items).toEqual([]);
    });

    it('rotate a publishable key with overlap: both work until the old is revoked (401 then), revoking again is 409, unknown is 404', async () => {
      await newco();
      const old = await makeKey('newco', 'publishable', 'live');
      const rotated = await admin('POST', `/v1/admin/tenants/newco/keys/${old.secret}/rotate`);
      expect(rotated.status).toBe(201);
      const fresh = rotated.body.secret as string;
      expect(fresh).toMatch(/^pk_live_/);
      expect(fresh).not.toBe(old.secret);
      expect(rotated.body.key).toMatchObject({ id: fresh, kind: 'publishable', mode: 'live', allowedOrigins: [NEWCO_ORIGIN], revoked: false });
      expect((await submit(draft(), old.secret)).status).toBe(201);
      expect((await submit(draft(), fresh)).status).toBe(201);
      clock.advance(60);
      const revoked = await admin('POST', `/v1/admin/tenants/newco/keys/${old.secret}/revoke`);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ id: old.secret, revoked: true, revokedAt: '2026-11-26T09:01:00.000Z' });
      const refused = await submit(draft(), old.secret);
      expect(refused.status).toBe(401);
      expect(refused.body.detail).toMatch(/revoked/);
      expect((await submit(draft(), fresh)).status).toBe(201);
      expect((await admin('POST', `/v1/admin/tenants/newco/keys/${old.secret}/revoke`)).status).toBe(409);
      expect((await admin('POST', `/v1/admin/tenants/newco/keys/${old.secret}/rotate`)).status).toBe(409);
      expect((await admin('POST', '/v1/admin/tenants/newco/keys/pk_live_nothing/revoke')).status).toBe(404);
      expect((await admin('POST', '/v1/admin/tenants/newco/keys/pk_live_nothing/rotate')).status).toBe(404);
      // Another tenant's key is not found through this one.
      expect((await admin('POST', '/v1/admin/tenants/newco/keys/pk_live_acme/revoke')).status).toBe(404);
      expect((await submit(draft(), 'pk_live_acme')).status).toBe(201);
      const keys = (await admin('GET', '/v1/admin/tenants/newco/keys')).body.items;
      expect(keys.map((key: { id: string; revoked: boolean }) => [key.id, key.revoked])).toEqual([
        [old.secret, true],
        [fresh, false],
      ]);
    });

    it('rotate a secret key with overlap: tokens of both work until the old is revoked, and the new secret is never shown again', async () => {
      await newco();
      const old = await makeKey('newco', 'secret', 'live');
      const rotated = await admin('POST', `/v1/admin/tenants/newco/keys/${old.key.id}/rotate`);
      expect(rotated.status).toBe(201);
      const fresh = rotated.body as { key: { id: string; hint: string }; secret: string };
      expect(fresh.secret).toMatch(/^sk_live_/);
      expect(fresh.key).toMatchObject({ kind: 'secret', mode: 'live', hint: fresh.secret.slice(-4), revoked: false });
      expect(fresh.key.id).not.toBe(old.key.id);
      expect((await customerReports('newco', old.secret)).status).toBe(200);
      expect((await customerReports('newco', fresh.secret, fresh.key.id)).status).toBe(200);
      expect((await admin('POST', `/v1/admin/tenants/newco/keys/${old.key.id}/revoke`)).body).toMatchObject({ id: old.key.id, kind: 'secret', revoked: true, revokedAt: START });
      expect((await customerReports('newco', old.secret)).status).toBe(401);
      expect((await customerReports('newco', old.secret, old.key.id)).status).toBe(401);
      expect((await customerReports('newco', fresh.secret)).status).toBe(200);
      expect((await admin('POST', `/v1/admin/tenants/newco/keys/${old.key.id}/revoke`)).status).toBe(409);
      const listed = JSON.stringify((await admin('GET', '/v1/admin/tenants/newco/keys')).body);
      expect(listed).not.toContain(fresh.secret);
      expect(listed).not.toContain(old.secret);
    });

    it('revoke a seed key: it stops at once (401), the tenant’s other keys still work', async () => {
      expect((await admin('POST', '/v1/admin/tenants/acme/keys/acme-live/revoke')).status).toBe(200);
      expect((await customerReports('acme', 'sk_live_acme')).status).toBe(401);
      expect((await customerReports('acme', 'sk_test_acme')).status).toBe(200);
      expect((await admin('POST', '/v1/admin/tenants/acme/keys/pk_test_acme/revoke')).status).toBe(200);
      expect((await submit(draft(), 'pk_test_acme')).status).toBe(401);
      expect((await submit(draft(), 'pk_live_acme')).status).toBe(201);
    });
  });

  describe('contacts', () => {
    const dataLoss = async (tenants: string[]) => {
      const { id } = (await submit(draft(), 'pk_live_acme')).body;
      const declared = await staff('POST', `/v1/triage/reports/${id}/data-loss`, { affectedTenants: tenants, actionTaken: 'Revoked the shared links.', customerMeasures: 'Rotate your links.' });
      expect(declared.status, JSON.stringify(declared.body)).toBe(200);
      const outbox = await staff('GET', '/v1/triage/outbox?mode=all&limit=100');
      return (outbox.body.items as Array<{ to: string; kind: string; relatedId: string; tenant?: string }>).filter((mail) => mail.kind === 'data-loss' && mail.relatedId === id);
    };

    it('add one (201), refuse one listed already in any case (409), replace them whole (200), and refuse an empty list (400)', async () => {
      const added = await admin('POST', '/v1/admin/tenants/acme/contacts', { name: 'Acme CISO', email: 'ciso@acme.example' });
      expect(added.status).toBe(201);
      expect(added.body.items).toEqual([
        { name: 'Acme Security', email: 'security@acme.example' },
        { name: 'Acme Operations', email: 'ops@acme.example' },
        { name: 'Acme CISO', email: 'ciso@acme.example' },
      ]);
      expect((await admin('POST', '/v1/admin/tenants/acme/contacts', { name: 'Again', email: 'CISO@Acme.example' })).status).toBe(409);
      expect((await admin('POST', '/v1/admin/tenants/acme/contacts', { name: 'Bad', email: 'nope' })).status).toBe(400);
      expect((await admin('POST', '/v1/admin/tenants/nobody/contacts', { name: 'X', email: 'x@nobody.example' })).status).toBe(404);
      expect((await admin('GET', '/v1/admin/tenants/acme/contacts')).body.items).toHaveLength(3);
      const replaced = await admin('PUT', '/v1/admin/tenants/acme/contacts', { supportContacts: [{ name: 'Acme Incident Desk', email: 'incident@acme.example' }] });
      expect(replaced.status).toBe(200);
      expect(replaced.body.items).toEqual([{ name: 'Acme Incident Desk', email: 'incident@acme.example' }]);
      const empty = await admin('PUT', '/v1/admin/tenants/acme/contacts', { supportContacts: [] });
      expect(empty.status).toBe(400);
      expect(empty.body.errors.length).toBeGreaterThan(0);
      const twice = await admin('PUT', '/v1/admin/tenants/acme/contacts', { supportContacts: [{ name: 'A', email: 'a@acme.example' }, { name: 'B', email: 'A@acme.example' }] });
      expect(twice.status).toBe(400);
      expect((await admin('GET', '/v1/admin/tenants/acme/contacts')).body.items).toEqual([{ name: 'Acme Incident Desk', email: 'incident@acme.example' }]);
      expect((await admin('GET', '/v1/admin/tenants/acme')).body.supportContacts).toEqual([{ name: 'Acme Incident Desk', email: 'incident@acme.example' }]);
    });

    it('are whom the next notice goes to: a data-loss notice reaches the new contacts, of a seed tenant and of a new one', async () => {
      await admin('PUT', '/v1/admin/tenants/acme/contacts', { supportContacts: [{ name: 'Acme Incident Desk', email: 'incident@acme.example' }] });
      await newco();
      await admin('POST', '/v1/admin/tenants/newco/contacts', { name: 'NewCo CTO', email: 'cto@newco.example' });
      const notices = await dataLoss(['acme', 'newco']);
      expect(notices.map((mail) => [mail.to, mail.tenant]).sort()).toEqual([
        ['cto@newco.example', 'newco'],
        ['incident@acme.example', 'acme'],
        ['security@newco.example', 'newco'],
      ]);
    });
  });

  describe('staff', () => {
    const nia = { name: 'Nia Newhire', email: 'nia@vendor.example', roles: ['triager'], password: PASSWORD };

    it('add a member with an email and password (201, no password in the answer) who signs in with it', async () => {
      const created = await admin('POST', '/v1/admin/staff', nia);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]+$/), name: 'Nia Newhire', email: 'nia@vendor.example', roles: ['triager'], hasPassword: true, disabled: false, tokens: [] });
      expect(JSON.stringify(created.body)).not.toContain(PASSWORD);
      const listed = (await admin('GET', '/v1/admin/staff')).body;
      expect(listed.items.map((member: { id: string }) => member.id).sort()).toEqual([...SEED_STAFF, created.body.id].sort());
      expect(JSON.stringify(listed)).not.toContain(PASSWORD);
      expect(JSON.stringify(listed)).not.toMatch(/sha256\$|passwordHash/);
      expect((await signIn('nia@vendor.example', 'wrong password here')).status).toBe(401);
      const session = await signIn('Nia@Vendor.example', PASSWORD);
      expect(session.status).toBe(201);
      expect((await call('GET', '/v1/staff/sessions/current', { headers: bearer(session.body.token) })).body).toMatchObject({ name: 'Nia Newhire', roles: ['triager'], kind: 'web' });
      expect((await call('GET', '/v1/triage/reports', { headers: bearer(session.body.token) })).status).toBe(200);
      expect((await call('GET', '/v1/admin/tenants', { headers: bearer(session.body.token) })).status).toBe(403);
      // A web session is no api token: not listed, and its token nowhere in the admin views.
      const after = (await admin('GET', '/v1/admin/staff')).body;
      expect(after.items.find((member: { id: string }) => member.id === created.body.id).tokens).toEqual([]);
      expect(JSON.stringify(after)).not.toContain(session.body.token);
      // Without a password there is no console sign-in.
      const scriptOnly = await admin('POST', '/v1/admin/staff', { name: 'Export Bot', roles: ['legal'] });
      expect(scriptOnly.status).toBe(201);
      expect(scriptOnly.body).toMatchObject({ hasPassword: false, disabled: false });
      expect(scriptOnly.body.email).toBeUndefined();
    });

    it('refuse an email in use, in any case (409), a short password, no roles or an unknown role (400)', async () => {
      await admin('POST', '/v1/admin/staff', nia);
      expect((await admin('POST', '/v1/admin/staff', { ...nia, name: 'Nia Again', email: 'NIA@vendor.example' })).status).toBe(409);
      expect((await admin('POST', '/v1/admin/staff', { ...nia, email: 'triage@vendor.example' })).status).toBe(409);
      for (const body of [
        { ...nia, email: 'short@vendor.example', password: 'short' },
        { ...nia, email: 'none@vendor.example', roles: [] },
        { ...nia, email: 'root@vendor.example', roles: ['root'] },
        { ...nia, email: 'extra@vendor.example', passwordHash: 'x' },
      ]) {
        const refused = await admin('POST', '/v1/admin/staff', body);
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.body.errors.length).toBeGreaterThan(0);
      }
      expect((await admin('GET', '/v1/admin/staff')).body.items).toHaveLength(SEED_STAFF.length + 1);
    });

    it('change a member’s roles: their web session ends (401), a new sign-in carries the new roles', async () => {
      const { id } = (await admin('POST', '/v1/admin/staff', nia)).body;
      const first = bearer((await signIn(nia.email, PASSWORD)).body.token);
      expect((await call('GET', '/v1/triage/sla', { headers: first })).status).toBe(200);
      const patched = await admin('PATCH', `/v1/admin/staff/${id}`, { roles: ['responder'] });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ id, roles: ['responder'], hasPassword: true, disabled: false });
      expect((await call('GET', '/v1/triage/sla', { headers: first })).status).toBe(401);
      const second = bearer((await signIn(nia.email, PASSWORD)).body.token);
      expect((await call('GET', '/v1/staff/sessions/current', { headers: second })).body.roles).toEqual(['responder']);
      expect((await call('GET', '/v1/triage/incidents', { headers: second })).status).toBe(200);
      expect((await call('POST', '/v1/triage/reports/rpt_x/assess', { body: {}, headers: second })).status).toBe(403);
      // A new password ends the session too, and the old one no longer signs in.
      expect((await admin('PATCH', `/v1/admin/staff/${id}`, { password: 'another long password' })).status).toBe(200);
      expect((await call('GET', '/v1/triage/sla', { headers: second })).status).toBe(401);
      expect((await signIn(nia.email, PASSWORD)).status).toBe(401);
      expect((await signIn(nia.email, 'another long password')).status).toBe(201);
      // A name change alone keeps the session.
      const third = bearer((await signIn(nia.email, 'another long password')).body.token);
      expect((await admin('PATCH', `/v1/admin/staff/${id}`, { name: 'Nia Renamed' })).status).toBe(200);
      expect((await call('GET', '/v1/staff/sessions/current', { headers: third })).body).toMatchObject({ name: 'Nia Renamed', roles: ['responder'] });
      expect((await admin('PATCH', `/v1/admin/staff/${id}`, {})).status).toBe(400);
      expect((await admin('PATCH', '/v1/admin/staff/nobody', { name: 'X' })).status).toBe(404);
    });

    it('disable a member: their api token and session stop (401) and they cannot sign in; enabling brings the token back', async () => {
      const session = bearer((await signIn('triage@vendor.example', 'staff-demo-password')).body.token);
      const disabled = await admin('PATCH', '/v1/admin/staff/tia-triager', { disabled: true });
      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({ id: 'tia-triager', disabled: true });
      expect((await call('GET', '/v1/triage/sla', { headers: bearer('staff_test_triager') })).status).toBe(401);
      expect((await admin('PATCH', '/v1/admin/staff/sam-triage', { disabled: true })).status).toBe(200);
      expect((await call('GET', '/v1/triage/sla', { headers: session })).status).toBe(401);
      expect((await staff('GET', '/v1/triage/sla')).status).toBe(401);
      expect((await signIn('triage@vendor.example', 'staff-demo-password')).status).toBe(401);
      expect((await admin('PATCH', '/v1/admin/staff/tia-triager', { disabled: false })).status).toBe(200);
      expect((await call('GET', '/v1/triage/sla', { headers: bearer('staff_test_triager') })).status).toBe(200);
    });

    it('let an admin take the admin role from another while an admin remains', async () => {
      expect((await admin('PATCH', '/v1/admin/staff/sam-triage', { roles: ['triager', 'responder', 'legal'] })).status).toBe(200);
      expect((await staff('GET', '/v1/admin/tenants')).status).toBe(403);
      expect((await admin('GET', '/v1/admin/tenants')).status).toBe(200);
    });
  });

  describe('api tokens', () => {
    it('make a token shown once (201) that acts with the member’s roles, listed by hint only; revoked it is 401, again 409', async () => {
      const made = await admin('POST', '/v1/admin/staff/tia-triager/tokens', { label: 'CI export' });
      expect(made.status).toBe(201);
      expect(made.headers.get('cache-control')).toBe('no-store');
      const { token, secret } = made.body as { token: { id: string; hint: string }; secret: string };
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(token).toEqual({ id: expect.any(String), label: 'CI export', hint: secret.slice(-4), createdAt: START });
      const listed = (await admin('GET', '/v1/admin/staff')).body;
      expect(JSON.stringify(listed)).not.toContain(secret);
      const tia = listed.items.find((member: { id: string }) => member.id === 'tia-triager');
      expect(tia.tokens).toEqual([
        { id: 'tia-triager-seed-1', label: 'from the seed', hint: 'ager', createdAt: START },
        { id: token.id, label: 'CI export', hint: secret.slice(-4), createdAt: START },
      ]);
      expect((await call('GET', '/v1/staff/sessions/current', { headers: bearer(secret) })).body).toEqual({ name: 'Tia Triager', roles: ['triager'], kind: 'api' });
      expect((await call('GET', '/v1/triage/reports', { headers: bearer(secret) })).status).toBe(200);
      expect((await call('GET', '/v1/triage/incidents', { headers: bearer(secret) })).status).toBe(403);
      expect((await call('GET', '/v1/admin/tenants', { headers: bearer(secret) })).status).toBe(403);
      // Someone else's token id is not found through this member.
      expect((await admin('POST', `/v1/admin/staff/ada-admin/tokens/${token.id}/revoke`)).status).toBe(404);
      clock.advance(30);
      const revoked = await admin('POST', `/v1/admin/staff/tia-triager/tokens/${token.id}/revoke`);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toEqual({ id: token.id, label: 'CI export', hint: secret.slice(-4), createdAt: START, revokedAt: '2026-11-26T09:00:30.000Z' });
      expect((await call('GET', '/v1/triage/reports', { headers: bearer(secret) })).status).toBe(401);
      expect((await call('GET', '/v1/triage/reports', { headers: bearer('staff_test_triager') })).status).toBe(200);
      expect((await admin('POST', `/v1/admin/staff/tia-triager/tokens/${token.id}/revoke`)).status).toBe(409);
      expect((await admin('POST', '/v1/admin/staff/tia-triager/tokens/tok_nothing/revoke')).status).toBe(404);
      expect((await admin('POST', '/v1/admin/staff/nobody/tokens', { label: 'x' })).status).toBe(404);
      expect((await admin('POST', '/v1/admin/staff/tia-triager/tokens', {})).status).toBe(400);
    });

    it('give a token the member’s roles as they change, and revoke a seed token at once', async () => {
      const { secret } = (await admin('POST', '/v1/admin/staff/tia-triager/tokens', { label: 'script' })).body;
      await admin('PATCH', '/v1/admin/staff/tia-triager', { roles: ['legal'] });
      expect((await call('GET', '/v1/triage/evidence-requests', { headers: bearer(secret) })).status).toBe(200);
      expect((await call('POST', '/v1/triage/reports/rpt_x/assess', { body: {}, headers: bearer(secret) })).status).toBe(403);
      expect((await admin('POST', '/v1/admin/staff/tia-triager/tokens/tia-triager-seed-1/revoke')).status).toBe(200);
      expect((await call('GET', '/v1/triage/sla', { headers: bearer('staff_test_triager') })).status).toBe(401);
      expect((await call('GET', '/v1/triage/sla', { headers: bearer(secret) })).status).toBe(200);
    });
  });

  describe('the activity log', () => {
    it('holds every change with outcome ok, every refusal as refused, and no secret, in an intact chain', async () => {
      await newco();
      const pk = await makeKey('newco', 'publishable', 'live');
      const sk = await makeKey('newco', 'secret', 'live');
      const rotated = (await admin('POST', `/v1/admin/tenants/newco/keys/${sk.key.id}/rotate`)).body.secret as string;
      await admin('POST', `/v1/admin/tenants/newco/keys/${sk.key.id}/revoke`);
      await admin('POST', `/v1/admin/tenants/newco/keys/${sk.key.id}/revoke`); // 409
      await admin('PATCH', '/v1/admin/tenants/newco', { name: 'NewCo Ltd' });
      await admin('POST', '/v1/admin/tenants/newco/contacts', { name: 'NewCo CTO', email: 'cto@newco.example' });
      await admin('PUT', '/v1/admin/tenants/newco/contacts', { supportContacts: NEWCO.supportContacts });
      const member = (await admin('POST', '/v1/admin/staff', { name: 'Nia Newhire', email: 'nia@vendor.example', roles: ['triager'], password: PASSWORD })).body;
      await admin('PATCH', `/v1/admin/staff/${member.id}`, { password: `${PASSWORD} two` });
      const token = (await admin('POST', `/v1/admin/staff/${member.id}/tokens`, { label: 'script' })).body;
      await admin('POST', `/v1/admin/staff/${member.id}/tokens/${token.token.id}/revoke`);
      const session = (await signIn('nia@vendor.example', `${PASSWORD} two`)).body.token as string;
      await admin('POST', '/v1/admin/tenants', NEWCO); // 409
      const weak = await admin('PATCH', `/v1/admin/staff/${member.id}`, { password: 'tooshort!' }); // 400
      expect(weak.status).toBe(400);
      expect(JSON.stringify(weak.body)).not.toContain('tooshort!');

      const log = await wholeLog();
      const ok = log.filter((entry) => entry.outcome === 'ok' && entry.actor === 'Ada Admin').map((entry) => entry.action);
      expect(ok).toEqual([
        'tenant.create',
        'key.create',
        'key.create',
        'key.rotate',
        'key.revoke',
        'tenant.update',
        'contacts.add',
        'contacts.replace',
        'staff.create',
        'staff.update',
        'token.create',
        'token.revoke',
      ]);
      for (const entry of log.filter((candidate) => candidate.actor === 'Ada Admin')) expect(entry.channel).toBe('api');
      const created = log.find((entry) => entry.action === 'tenant.create')!;
      expect(created).toMatchObject({ target: 'tenant', tenants: [expect.stringMatching(/^[0-9a-f]{64}$/)] });
      // A tenant is named blinded only: not in a target, not in a refused call's path.
      expect(JSON.stringify(log)).not.toContain('newco');
      expect(created.tenants).not.toEqual([stub.intake.blind('acme', 'live')]);
      expect(log.find((entry) => entry.action === 'staff.create')).toMatchObject({ target: `staff ${member.id}` });
      const refused = log.filter((entry) => entry.outcome === 'refused').map((entry) => [entry.action, entry.problemType]);
      expect(refused).toEqual([
        ['POST /v1/admin/tenants/{id}/keys/{keyId}/revoke', expect.any(String)],
        ['POST /v1/admin/tenants', expect.any(String)],
        ['PATCH /v1/admin/staff/{id}', 'urn:vuln-report:problem:validation-failed'],
      ]);
      const text = JSON.stringify(log);
      for (const secret of [sk.secret, rotated, token.secret, session, PASSWORD, `${PASSWORD} two`, 'tooshort!']) expect(text).not.toContain(secret);
      // Tenants are named blinded (the live blinding of the tenant), never in the clear.
      const blinded = log.filter((entry) => (entry.tenants as string[]).length > 0);
      for (const entry of blinded) expect(entry.tenants).toEqual([stub.intake.blind('newco', 'live')]);
      expect(blinded).toHaveLength(8);
      expect(pk.secret).toMatch(/^pk_live_/);
      expect(verifyActivityLog(log as never)).toMatchObject({ ok: true });
    });

    it('records admin reads too, and a read refused for an unknown tenant', async () => {
      await admin('GET', '/v1/admin/tenants');
      await admin('GET', '/v1/admin/tenants/acme/keys');
      await admin('GET', '/v1/admin/staff');
      await admin('GET', '/v1/admin/tenants/nobody');
      const log = await wholeLog();
      expect(log.slice(0, 4).map((entry) => [entry.action, entry.outcome])).toEqual([
        ['tenant.list', 'ok'],
        ['keys.list', 'ok'],
        ['staff.list', 'ok'],
        ['GET /v1/admin/tenants/{id}', 'refused'],
      ]);
    });
  });

  describe('a reset', () => {
    it('brings back the seed’s tenants, contacts, keys and staff, and forgets what the admin made', async () => {
      await newco();
      const pk = await makeKey('newco', 'publishable', 'live');
      await admin('POST', '/v1/admin/tenants/acme/keys/pk_test_acme/revoke');
      await admin('PUT', '/v1/admin/tenants/acme/contacts', { supportContacts: [{ name: 'Acme Incident Desk', email: 'incident@acme.example' }] });
      const member = (await admin('POST', '/v1/admin/staff', { name: 'Nia Newhire', email: 'nia@vendor.example', roles: ['admin'], password: PASSWORD })).body;
      const token = (await admin('POST', `/v1/admin/staff/${member.id}/tokens`, { label: 'script' })).body.secret as string;
      await admin('PATCH', '/v1/admin/staff/tia-triager', { disabled: true });
      await admin('PATCH', '/v1/admin/staff/sam-triage', { roles: ['triager'] });
      expect((await call('GET', '/v1/admin/tenants', { headers: bearer(token) })).status).toBe(200);

      expect((await call('POST', '/__stub/reset', { headers: bearer('staff_test_token') })).status).toBe(401);
      expect((await control('POST', '/__stub/reset')).status).toBe(204);

      expect(await tenantIds()).toEqual(SEED_TENANTS);
      expect((await admin('GET', '/v1/admin/tenants/newco')).status).toBe(404);
      expect((await admin('GET', '/v1/admin/tenants/acme/contacts')).body.items).toEqual(DEFAULT_SEED.tenants[0]!.supportContacts);
      expect((await submit(draft(), pk.secret)).status).toBe(401);
      expect((await submit(draft(), 'pk_test_acme')).status).toBe(201);
      const members = (await admin('GET', '/v1/admin/staff')).body.items as Array<{ id: string; roles: string[]; disabled: boolean }>;
      expect(members.map((m) => m.id).sort()).toEqual(SEED_STAFF);
      expect(members.find((m) => m.id === 'sam-triage')!.roles).toEqual(['triager', 'responder', 'legal', 'admin']);
      expect((await call('GET', '/v1/triage/sla', { headers: bearer(token) })).status).toBe(401);
      expect((await signIn('nia@vendor.example', PASSWORD)).status).toBe(401);
      expect((await call('GET', '/v1/triage/sla', { headers: bearer('staff_test_triager') })).status).toBe(200);
      expect((await staff('GET', '/v1/admin/tenants')).status).toBe(200);
      expect((await signIn('triage@vendor.example', 'staff-demo-password')).status).toBe(201);
    });
  });
});

/** The default seed with a single admin: Sam Triage keeps every role but admin, so Ada Admin is the only one. */
const ONE_ADMIN: Seed = {
  ...DEFAULT_SEED,
  staff: DEFAULT_SEED.staff.map((member) => (member.name === 'Sam Triage' ? { ...member, roles: ['triager', 'responder', 'legal'] } : member)),
};

describe('the admin routes with a single admin', () => {
  const { call } = useStub({ seed: ONE_ADMIN });
  const admin = (method: string, path: string, body?: unknown) => call(method, path, { ...(body !== undefined ? { body } : {}), headers: ADMIN });

  it('refuse (409) to take the admin role from, or disable, the last admin, and allow it once another admin exists', async () => {
    const members = (await admin('GET', '/v1/admin/staff')).body.items as Array<{ id: string; roles: string[] }>;
    expect(members.filter((member) => member.roles.includes('admin')).map((member) => member.id)).toEqual(['ada-admin']);
    const demoted = await admin('PATCH', '/v1/admin/staff/ada-admin', { roles: ['triager'] });
    expect(demoted.status).toBe(409);
    expect(demoted.body.detail).toMatch(/admin/);
    expect((await admin('PATCH', '/v1/admin/staff/ada-admin', { disabled: true })).status).toBe(409);
    expect((await admin('GET', '/v1/admin/staff')).body.items.find((member: { id: string }) => member.id === 'ada-admin')).toMatchObject({ roles: ['admin'], disabled: false });
    expect((await admin('GET', '/v1/admin/tenants')).status).toBe(200);
    // Another admin, disabled, does not count; enabled, it does.
    const other = (await admin('POST', '/v1/admin/staff', { name: 'Bo Backup', roles: ['admin'] })).body;
    const bo = { Authorization: `Bearer ${(await admin('POST', `/v1/admin/staff/${other.id}/tokens`, { label: 'backup' })).body.secret}` };
    expect((await admin('PATCH', `/v1/admin/staff/${other.id}`, { disabled: true })).status).toBe(200);
    expect((await admin('PATCH', '/v1/admin/staff/ada-admin', { roles: ['triager'] })).status).toBe(409);
    expect((await admin('PATCH', `/v1/admin/staff/${other.id}`, { disabled: false })).status).toBe(200);
    expect((await admin('PATCH', '/v1/admin/staff/ada-admin', { roles: ['triager'] })).status).toBe(200);
    expect((await admin('GET', '/v1/admin/tenants')).status).toBe(403);
    // Now Bo is the last admin, and cannot step down either.
    expect((await call('PATCH', `/v1/admin/staff/${other.id}`, { body: { roles: ['legal'] }, headers: bo })).status).toBe(409);
    expect((await call('GET', '/v1/admin/tenants', { headers: bo })).status).toBe(200);
  });

  it('refuse (409) to revoke the last admin’s only way in, and allow it once they have a password', async () => {
    const refused = await admin('POST', '/v1/admin/staff/ada-admin/tokens/ada-admin-seed-1/revoke');
    expect(refused.status).toBe(409);
    expect((await admin('GET', '/v1/admin/tenants')).status).toBe(200);
    expect((await admin('PATCH', '/v1/admin/staff/ada-admin', { password: 'a long enough password' })).status).toBe(200);
    expect((await admin('POST', '/v1/admin/staff/ada-admin/tokens/ada-admin-seed-1/revoke')).status).toBe(200);
    expect((await admin('GET', '/v1/admin/tenants')).status).toBe(401);
  });

  it('count only admins who can act: an admin with no password and no live api token leaves the last one in place (409)', async () => {
    const ghost = (await admin('POST', '/v1/admin/staff', { name: 'Ghost', roles: ['admin'] })).body;
    expect(ghost).toMatchObject({ hasPassword: false, tokens: [] });
    expect((await admin('PATCH', '/v1/admin/staff/ada-admin', { roles: ['triager'] })).status).toBe(409);
    // With a token it can act, until the token is revoked.
    const made = (await admin('POST', `/v1/admin/staff/${ghost.id}/tokens`, { label: 'break glass' })).body;
    expect((await admin('POST', `/v1/admin/staff/${ghost.id}/tokens/${made.token.id}/revoke`)).status).toBe(200);
    expect((await admin('PATCH', '/v1/admin/staff/ada-admin', { roles: ['triager'] })).status).toBe(409);
    expect((await admin('PATCH', `/v1/admin/staff/${ghost.id}`, { password: 'a long enough password' })).status).toBe(200);
    expect((await admin('PATCH', '/v1/admin/staff/ada-admin', { roles: ['triager'] })).status).toBe(200);
  });

  it('log a refused call on a path a caller padded in front of the route as the route’s own path, naming no tenant', async () => {
    const padded = await call('GET', '/v1/admin/tenants/acme/v1/admin/tenants', { headers: { Authorization: 'Bearer staff_test_triager' } });
    expect(padded.status).toBe(403);
    const log = (await admin('GET', '/v1/triage/activity-log?limit=100')).body.items as Array<{ target: string; outcome: string }>;
    expect(log.filter((entry) => entry.outcome === 'denied').map((entry) => entry.target)).toEqual(['/v1/admin/tenants']);
    expect(JSON.stringify(log)).not.toContain('acme');
  });
});
