import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ActivityLogEntry } from '@vuln-report/contract';
import { signCustomerToken } from '@vuln-report/sdk/node';
import { verifyActivityLog } from '@vuln-report/server-stub';
import { craftToken } from '../../server-stub/src/http/customer-token.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeServer } from '../src/server.ts';
import { call, draft, eventually, freshSchema, postgresUnreachable, readAll, startCli, startTestServer, TEST_DATABASE_URL } from './support/server.ts';

const unreachable = await postgresUnreachable();
const ADMIN = { Authorization: 'Bearer staff_test_admin' };
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const submitWith = (base: string, key: string) =>
  call(`${base}/v1/reports`, { method: 'POST', body: draft(), headers: { 'X-Project-Key': key, 'Idempotency-Key': crypto.randomUUID() } });

/** Every row of `table` in `schema`, as text, for looking for what must not be there. */
async function tableText(schema: string, table: string): Promise<string> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return JSON.stringify((await client.query(`SELECT * FROM ${schema}.${table}`)).rows);
  } finally {
    await client.end();
  }
}

describe.skipIf(unreachable)('people and keys in the tables, with two server processes on one schema', () => {
  const { schema, drop } = freshSchema();
  let a: IntakeServer;
  let b: IntakeServer;

  beforeAll(async () => {
    a = await startTestServer({ port: 0, databaseUrl: TEST_DATABASE_URL, schema, rateLimit: false });
    b = await startTestServer({ port: 0, databaseUrl: TEST_DATABASE_URL, schema, rateLimit: false });
  }, 30_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await drop();
  });

  it('keep secret keys sealed, tokens and sessions as hashes, and passwords as scrypt hashes', async () => {
    const session = await call(`${a.url}/v1/staff/sessions`, { method: 'POST', body: { email: 'triage@vendor.example', password: 'staff-demo-password' } });
    expect(session.status).toBe(201);
    const tenants = await tableText(schema, 'tenants');
    expect(tenants).toContain('"sealed":"v1:');
    for (const secret of ['sk_test_acme', 'sk_live_acme', 'sk_test_globex']) expect(tenants).not.toContain(secret);
    const credentials = await tableText(schema, 'staff_credentials');
    for (const token of ['staff_test_token', 'staff_test_admin', session.body.token]) expect(credentials).not.toContain(token);
    const members = await tableText(schema, 'staff_members');
    expect(members).not.toContain('staff-demo-password');
    expect(members).toMatch(/"passwordHash":"scrypt\$32768\$8\$1\$/);
    // Sealed, yet the customer tokens they sign are checked as before.
    const token = signCustomerToken({ tenant: 'acme', sub: 'u1', email: 'u1@acme.example', secretKey: 'sk_test_acme', keyId: 'acme-test' });
    expect((await call(`${b.url}/v1/reports?mode=test`, { headers: bearer(token) })).status).toBe(200);
  });

  it('let a key made on one process work on the other, and a key revoked on one stop on the other', async () => {
    const tenant = await call(`${a.url}/v1/admin/tenants`, { method: 'POST', headers: ADMIN, body: { id: 'umbrella', name: 'Umbrella', supportContacts: [{ name: 'Sec', email: 'sec@umbrella.example' }] } });
    expect(tenant.status).toBe(201);
    const made = await call(`${a.url}/v1/admin/tenants/umbrella/keys`, { method: 'POST', headers: ADMIN, body: { kind: 'publishable', mode: 'live', allowedOrigins: ['https://app.umbrella.example'] } });
    expect(made.status).toBe(201);
    const key: string = made.body.secret;
    // The process that made it accepts it as soon as it answered; the other as soon as it hears of it.
    expect((await submitWith(a.url, key)).status).toBe(201);
    const heardAt = Date.now();
    await eventually(async () => (await submitWith(b.url, key)).status === 201, 'the other process to accept the new key', 5_000);
    expect(Date.now() - heardAt).toBeLessThan(2_000);

    expect((await call(`${b.url}/v1/admin/tenants/umbrella/keys/${key}/revoke`, { method: 'POST', headers: ADMIN })).status).toBe(200);
    expect((await submitWith(b.url, key)).status).toBe(401);
    await eventually(async () => (await submitWith(a.url, key)).status === 401, 'the first process to refuse the revoked key', 5_000);
    const listed = await call(`${a.url}/v1/admin/tenants/umbrella`, { headers: ADMIN });
    expect(listed.body.keys).toEqual([expect.objectContaining({ id: key, revoked: true, revokedAt: expect.any(String) })]);
  });

  it('let a session begun on one process act on the other, and end on both at sign-out', async () => {
    const session = await call(`${a.url}/v1/staff/sessions`, { method: 'POST', body: { email: 'TRIAGE@vendor.example', password: 'staff-demo-password' } });
    expect(session.status).toBe(201);
    expect((await call(`${b.url}/v1/staff/sessions/current`, { headers: bearer(session.body.token) })).body).toMatchObject({ kind: 'web', name: 'Sam Triage' });
    expect((await call(`${b.url}/v1/staff/sessions/current`, { method: 'DELETE', headers: bearer(session.body.token) })).status).toBe(204);
    expect((await call(`${a.url}/v1/triage/sla`, { headers: bearer(session.body.token) })).status).toBe(401);
    expect((await call(`${a.url}/v1/staff/sessions`, { method: 'POST', body: { email: 'triage@vendor.example', password: 'wrong-password' } })).status).toBe(401);
  });

  it('stop an api token revoked on one process on the other at once, and a disabled member’s too', async () => {
    const member = await call(`${a.url}/v1/admin/staff`, { method: 'POST', headers: ADMIN, body: { name: 'Script Runner', roles: ['triager'] } });
    expect(member.status).toBe(201);
    const made = await call(`${a.url}/v1/admin/staff/${member.body.id}/tokens`, { method: 'POST', headers: ADMIN, body: { label: 'nightly export' } });
    expect(made.status).toBe(201);
    expect((await call(`${b.url}/v1/triage/reports`, { headers: bearer(made.body.secret) })).status).toBe(200);
    expect((await call(`${b.url}/v1/admin/staff`, { headers: bearer(made.body.secret) })).status).toBe(403);
    expect((await call(`${a.url}/v1/admin/staff/${member.body.id}/tokens/${made.body.token.id}/revoke`, { method: 'POST', headers: ADMIN })).status).toBe(200);
    expect((await call(`${b.url}/v1/triage/reports`, { headers: bearer(made.body.secret) })).status).toBe(401);

    const second = await call(`${a.url}/v1/admin/staff/${member.body.id}/tokens`, { method: 'POST', headers: ADMIN, body: { label: 'again' } });
    expect((await call(`${b.url}/v1/admin/staff/${member.body.id}`, { method: 'PATCH', headers: ADMIN, body: { disabled: true } })).status).toBe(200);
    expect((await call(`${a.url}/v1/triage/reports`, { headers: bearer(second.body.secret) })).status).toBe(401);
  });

  it('log every admin change once, in order of arrival, in one valid log, whichever process made it', async () => {
    const log = await readAll<ActivityLogEntry>(b.url, '/v1/triage/activity-log?writes=only');
    const actions = log.filter((entry) => entry.actor === 'Ada Admin').map((entry) => entry.action);
    expect(actions).toEqual(['tenant.create', 'key.create', 'key.revoke', 'staff.create', 'token.create', 'token.revoke', 'token.create', 'staff.update']);
    expect(JSON.stringify(log)).not.toContain('umbrella');
    expect(verifyActivityLog(await readAll<ActivityLogEntry>(a.url, '/v1/triage/activity-log'))).toMatchObject({ ok: true });
  });

  it('keep what admins changed when a process starts again with the seed', async () => {
    expect((await call(`${a.url}/v1/admin/tenants/globex/keys/pk_test_globex/revoke`, { method: 'POST', headers: ADMIN })).status).toBe(200);
    const again = await startTestServer({ port: 0, databaseUrl: TEST_DATABASE_URL, schema, rateLimit: false });
    try {
      expect((await submitWith(again.url, 'pk_test_globex')).status).toBe(401);
      expect((await call(`${again.url}/v1/admin/tenants`, { headers: ADMIN })).body.items.map((tenant: { id: string }) => tenant.id)).toEqual(['acme', 'globex', 'initech', 'umbrella']);
    } finally {
      await again.close();
    }
  });
});

describe.skipIf(unreachable)('rate limits shared by two server processes', () => {
  const { schema, drop } = freshSchema();
  let a: IntakeServer;
  let b: IntakeServer;
  const rateLimit = { perClient: { capacity: 4, refillPerSecond: 0.001 } };

  beforeAll(async () => {
    a = await startTestServer({ port: 0, databaseUrl: TEST_DATABASE_URL, schema, rateLimit });
    b = await startTestServer({ port: 0, databaseUrl: TEST_DATABASE_URL, schema, rateLimit });
  }, 30_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await drop();
  });

  it('refuse a client that used up its allowance across both processes (429 with Retry-After)', async () => {
    const statuses = [];
    for (const url of [a.url, b.url, a.url, b.url]) statuses.push((await submitWith(url, 'pk_test_acme')).status);
    expect(statuses).toEqual([201, 201, 201, 201]);
    const refused = await submitWith(a.url, 'pk_test_acme');
    expect(refused.status).toBe(429);
    expect(refused.body.retryAfter).toBeGreaterThan(0);
    expect((await submitWith(b.url, 'pk_test_acme')).status).toBe(429);
  });
});

describe('the server’s encryption key', () => {
  it.skipIf(unreachable)('is required with a PostgreSQL server, in one sentence', async () => {
    const run = startCli(['--port', '0', '--database-url', TEST_DATABASE_URL, '--schema', 'vr_never_made'], { env: { VULN_REPORT_ENCRYPTION_KEY: undefined } });
    expect(await run.exited).toBe(2);
    expect(run.stderr).toMatch(/^vuln-report-server: Give the server an encryption key for the tenants’ secret keys with VULN_REPORT_ENCRYPTION_KEY [^\n]*\.\n$/);
  });

  it.skipIf(unreachable)('must be the one the secret keys were sealed with, in one sentence', async () => {
    const { schema, drop } = freshSchema();
    try {
      const first = await startTestServer({ port: 0, databaseUrl: TEST_DATABASE_URL, schema });
      await first.close();
      const error = (await startTestServer({ port: 0, databaseUrl: TEST_DATABASE_URL, schema, encryptionKey: Buffer.alloc(32, 9).toString('base64') }).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/^The intake’s secret keys do not open with this encryption key; start it with the VULN_REPORT_ENCRYPTION_KEY it was first started with\.$/);
    } finally {
      await drop();
    }
  });

  it('refuses a key that is not 32 bytes, in one sentence', async () => {
    const run = startCli(['--port', '0'], { env: { VULN_REPORT_ENCRYPTION_KEY: 'too-short' } });
    expect(await run.exited).toBe(2);
    expect(run.stderr).toMatch(/^vuln-report-server: VULN_REPORT_ENCRYPTION_KEY is not 32 bytes[^\n]*\.\n$/);
  });
});

describe('the newcomer’s first admin, on PGlite in a data folder', () => {
  const work = mkdtempSync(join(tmpdir(), 'vuln-report-first-admin-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('is made by `admin create`, signs in to the console, and makes a tenant and its key with the api token', async () => {
    const data = join(work, 'data');
    const env = { VULN_REPORT_ENCRYPTION_KEY: undefined };
    const made = startCli(['admin', 'create', '--email', 'Founder@Vendor.example', '--name', 'Fran Founder', '--data', data], { env });
    expect(await made.exited).toBe(0);
    const password = /console password: (\S+)/.exec(made.stdout)?.[1];
    const token = /api token: +(\S+)/.exec(made.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(token).toMatch(/^vrt_/);
    // The key that seals secret keys was made beside the data folder, not in it, readable by its owner only.
    expect(statSync(`${data}.encryption-key`).mode & 0o777).toBe(0o600);
    expect(existsSync(join(data, 'encryption.key'))).toBe(false);

    const server = startCli(['--port', '0', '--data', data], { env, seedless: true });
    try {
      const url = await server.url;
      expect(server.stdout).toContain('seed: none');
      expect(server.stdout).not.toContain('no staff yet');
      const session = await call(`${url}/v1/staff/sessions`, { method: 'POST', body: { email: 'founder@vendor.example', password } });
      expect(session.status).toBe(201);
      expect((await call(`${url}/v1/staff/sessions/current`, { headers: bearer(session.body.token) })).body).toMatchObject({ name: 'Fran Founder', roles: ['triager', 'responder', 'legal', 'admin'] });
      const tenant = await call(`${url}/v1/admin/tenants`, { method: 'POST', headers: bearer(token!), body: { id: 'first', name: 'First Customer', supportContacts: [{ name: 'Sec', email: 'sec@first.example' }] } });
      expect(tenant.status).toBe(201);
      const key = await call(`${url}/v1/admin/tenants/first/keys`, { method: 'POST', headers: bearer(token!), body: { kind: 'publishable', mode: 'live', allowedOrigins: ['http://localhost:*'] } });
      expect(key.body.secret).toMatch(/^pk_live_/);
      expect((await submitWith(url, key.body.secret)).status).toBe(201);
      const log = await call(`${url}/v1/triage/activity-log?writes=only`, { headers: bearer(session.body.token) });
      expect(log.body.items.slice(0, 2)).toEqual([expect.objectContaining({ actor: 'cli', action: 'staff.create' }), expect.objectContaining({ actor: 'cli', action: 'token.create' })]);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 30_000);

  it('puts no seed in tables that hold people already, says so, and prints none of its credentials', async () => {
    const server = startCli(['--port', '0', '--data', join(work, 'data'), '--seed', 'demo'], { env: { VULN_REPORT_ENCRYPTION_KEY: undefined } });
    try {
      await server.url;
      expect(server.stdout).toContain('not put in the tables: they hold people and keys already');
      expect(server.stdout).not.toContain('staff_test_token');
      expect(server.stdout).not.toContain('tenant acme');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 30_000);

  it('refuses staff alert addresses that are not addresses, in one sentence', async () => {
    const run = startCli(['--port', '0', '--data', join(work, 'alerts')], { env: { VULN_REPORT_ENCRYPTION_KEY: undefined, VULN_REPORT_STAFF_ALERTS: 'security@vendor.example, not-an-address' }, seedless: true });
    expect(await run.exited).toBe(2);
    expect(run.stderr).toMatch(/^vuln-report-server: VULN_REPORT_STAFF_ALERTS holds "not-an-address", which is not an email address[^\n]*\.\n$/);
  });

  it('says at start that there is no staff yet, and how to make the first admin', async () => {
    const server = startCli(['--port', '0', '--data', join(work, 'empty')], { env: { VULN_REPORT_ENCRYPTION_KEY: undefined }, seedless: true });
    try {
      await server.url;
      expect(server.stdout).toContain('no staff yet: make the first admin with `vuln-report-server admin create --email you@example.com`');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 30_000);
});

describe.skipIf(unreachable)('people and keys under races and tampering, two processes', () => {
  const { schema, drop } = freshSchema();
  let a: IntakeServer;
  let b: IntakeServer;
  const logged: string[] = [];
  const rateLimit = { staffFailures: { capacity: 3, refillPerSecond: 1 / 3600 } };

  beforeAll(async () => {
    a = await startTestServer({ port: 0, databaseUrl: TEST_DATABASE_URL, schema, rateLimit, log: (line) => logged.push(line) });
    b = await startTestServer({ port: 0, databaseUrl: TEST_DATABASE_URL, schema, rateLimit, log: (line) => logged.push(line) });
  }, 30_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await drop();
  });

  it('make a tenant once when two processes are asked at once: one 201, the others 409', async () => {
    const body = (name: string) => ({ id: 'racer', name, supportContacts: [{ name: 'Sec', email: 'sec@racer.example' }] });
    const answers = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => call(`${[a, b][i % 2]!.url}/v1/admin/tenants`, { method: 'POST', headers: ADMIN, body: body(`Racer ${i}`) })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const made = answers.find((answer) => answer.status === 201)!;
    expect((await call(`${b.url}/v1/admin/tenants/racer`, { headers: ADMIN })).body.name).toBe(made.body.name);
  });

  it('keep an admin when two admins take the role from each other at once: one 200, one 409', async () => {
    const [first, second] = await Promise.all([
      call(`${a.url}/v1/admin/staff/sam-triage`, { method: 'PATCH', headers: ADMIN, body: { roles: ['triager'] } }),
      call(`${b.url}/v1/admin/staff/ada-admin`, { method: 'PATCH', headers: { Authorization: 'Bearer staff_test_token' }, body: { roles: ['triager'] } }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const admins = (await call(`${a.url}/v1/admin/staff`, { headers: first.status === 200 ? ADMIN : { Authorization: 'Bearer staff_test_token' } })).body.items.filter((member: { roles: string[] }) => member.roles.includes('admin'));
    expect(admins).toHaveLength(1);
  });

  it('give no session to a sign-in that checked a password replaced meanwhile', async () => {
    const member = (await a.accounts.memberByEmail('triage@vendor.example'))!;
    const session = { id: 'ses_raced', hash: 'f'.repeat(64), memberId: member.id, kind: 'web' as const, hint: 'race', createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 60_000).toISOString() };
    expect(await b.accounts.addSession(session, 'scrypt$an$older$hash')).toBe(false);
    expect(await b.accounts.addSession(session, member.passwordHash!)).toBe(true);
  });

  it('count sign-ins sent all at once against the failure allowance: no more get through than it holds', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call(`${[a, b][i % 2]!.url}/v1/staff/sessions`, { method: 'POST', body: { email: 'triage@vendor.example', password: i === 11 ? 'staff-demo-password' : `wrong-${i}` } })),
    );
    expect(attempts.filter((answer) => answer.status !== 429).length).toBeLessThanOrEqual(3);
    expect(attempts.filter((answer) => answer.status === 429).length).toBeGreaterThanOrEqual(9);
  });

  it('keep serving, refuse a revoked key in both processes, and show the admin a broken key that checks no token, when one tenant’s sealed secret was swapped with another’s', async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      // Each row's first secret key takes the other's sealed value: neither opens where it now is.
      await client.query(`
        WITH s AS (SELECT id, data->'secretKeys'->0->'sealed' AS sealed FROM ${schema}.tenants WHERE id IN ('acme', 'globex'))
        UPDATE ${schema}.tenants t SET data = jsonb_set(t.data, '{secretKeys,0,sealed}', (SELECT sealed FROM s WHERE s.id <> t.id)) WHERE t.id IN ('acme', 'globex')`);
      await client.query('SELECT pg_notify($1, $2)', [a.accounts.channel, 'tenants']);
    } finally {
      await client.end();
    }
    await eventually(() => logged.some((line) => line.includes('the secret key acme-test of tenant acme does not open')), 'the broken key to be told');
    expect(logged.some((line) => line.includes('the secret key globex-test of tenant globex does not open'))).toBe(true);
    // Whichever admin the race above left.
    const admin = (await call(`${a.url}/v1/admin/tenants`, { headers: ADMIN })).status === 200 ? ADMIN : { Authorization: 'Bearer staff_test_token' };
    expect((await call(`${a.url}/v1/admin/tenants/initech/keys/pk_test_initech/revoke`, { method: 'POST', headers: admin })).status).toBe(200);
    expect((await submitWith(a.url, 'pk_test_initech')).status).toBe(401);
    await eventually(async () => (await submitWith(b.url, 'pk_test_initech')).status === 401, 'the other process to refuse the revoked key', 5_000);
    // The keys that open still work, and the process stays ready.
    expect((await submitWith(b.url, 'pk_test_acme')).status).toBe(201);
    expect((await call(`${b.url}/readyz`)).status).toBe(200);
    // The admin sees the broken key (no hint), changes its tenant without losing it, and can revoke it.
    const acme = await call(`${a.url}/v1/admin/tenants/acme`, { headers: admin });
    expect(acme.status).toBe(200);
    const broken = acme.body.keys.find((key: { id: string }) => key.id === 'acme-test');
    expect(broken).toMatchObject({ kind: 'secret', mode: 'test', revoked: false });
    expect(broken.hint).toBeUndefined();
    expect((await call(`${a.url}/v1/admin/tenants/acme`, { method: 'PATCH', headers: admin, body: { name: 'Acme, renamed' } })).status).toBe(200);
    // What this process holds at once after its own change leaves the broken key out, as a reload does.
    await a.accounts.transaction(async (tx) => tx.putTenant((await tx.tenant('acme'))!));
    expect(a.accounts.tenants().find((tenant) => tenant.id === 'acme')!.secretKeys!.map((key) => key.id)).toEqual(['acme-live']);
    // No token is taken under a broken key: neither one signed with the key it was, nor with what it is carried as.
    const now = Math.floor(Date.now() / 1000);
    for (const secret of ['sk_test_acme', 'sk_test_']) {
      const forged = craftToken({ alg: 'HS256', typ: 'JWT', kid: 'acme-test' }, { tenant: 'acme', sub: 'u1', email: 'u1@acme.example', iat: now, exp: now + 600 }, secret);
      for (const server of [a, b]) expect((await call(`${server.url}/v1/reports?mode=test`, { headers: bearer(forged) })).status, `${secret} on ${server.url}`).toBe(401);
    }
    expect((await call(`${b.url}/v1/admin/tenants/acme/keys/acme-test/revoke`, { method: 'POST', headers: admin })).body).toMatchObject({ id: 'acme-test', revoked: true });
  });
});
