import {
  ActivityLog,
  Incident,
  Outbox,
  Policy,
  Problem,
  Receipt,
  ReleaseNotes,
  ReportView,
  SlaView,
  StaffReportList,
  StaffReportView,
  EvidenceRequest,
  EvidenceRequestList,
  IncidentList,
  ReportList,
  validate,
} from '@vuln-report/contract';
import type { Audience, NoticeTrigger, OutboxEmail, StaffRole } from '@vuln-report/contract';
import type * as z from 'zod/mini';
import { verifyActivityLog } from '../core/activity-log.ts';
import { craftToken } from '../http/customer-token.ts';
import { canonicalize } from '../core/merkle.ts';

/** Where and as whom to check an intake server. */
export interface ConformanceOptions {
  /** The intake's base URL, such as `https://intake.vendor.example`. */
  baseUrl: string;
  /** A staff bearer token (kind `api`) with the triager, responder and legal roles. */
  staffToken: string;
  /** A test-mode publishable key (`pk_test_…`): the suite runs in test mode only, so no customer hears of it. */
  projectKey: string;
  /** The same tenant's test-mode secret key (`sk_test_…`), to sign customer tokens. It is never sent. */
  secretKey: string;
  /** One staff token per role, to check that each is refused (403) outside its routes. */
  roleTokens?: Partial<Record<StaffRole, string>>;
  /**
   * Whom the intake knows: each tenant's authorized support contacts, and the staff alert
   * addresses. With it, every notice is checked for its exact recipients; without it,
   * for the tenants it reaches and the reporter.
   */
  directory?: { tenants: Record<string, readonly string[]>; staffAlerts: readonly string[] };
  /** The fetch to use. Default: the global one. */
  fetch?: typeof fetch;
  /** Called as each check finishes, for progress output. */
  onResult?: (result: ConformanceResult) => void;
}

/** One check's outcome. */
export interface ConformanceResult {
  name: string;
  ok: boolean;
  detail?: string;
}

class CheckFailed extends Error {}

function expectThat(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

/**
 * The contract's reporter and staff halves as a suite of checks, written once against a
 * base URL: the CI runs it against the standalone stub, and `vuln-report-stub verify`
 * runs it against a vendor's real intake. It creates reports and an incident, so point
 * it at a test tenant. Every body is checked with the contract's schemas.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult[]> {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/$/, '');
  const results: ConformanceResult[] = [];
  const staffHeaders = { Authorization: `Bearer ${options.staffToken}` };
  if (!/^pk_test_/.test(options.projectKey) || !/^sk_test_/.test(options.secretKey)) {
    const refusal = { name: 'the suite runs in test mode only', ok: false, detail: 'give a pk_test_… project key and an sk_test_… secret key: live keys would email real customers' };
    options.onResult?.(refusal);
    return [refusal];
  }

  async function request(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await doFetch(`${base}${path}`, { method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: response.status, headers: response.headers, body };
  }

  function shaped<S extends z.ZodMiniType>(schema: S, body: unknown, what: string): z.output<S> {
    const result = validate(schema, body);
    expectThat(result.ok, `${what} does not match the contract: ${result.ok ? '' : result.issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`);
    return result.value;
  }

  function problemWith(response: { status: number; headers: Headers; body: unknown }, status: number, what: string) {
    expectThat(response.status === status, `${what}: expected ${status}, got ${response.status}`);
    expectThat((response.headers.get('content-type') ?? '').includes('application/problem+json'), `${what}: the error is not application/problem+json`);
    return shaped(Problem, response.body, `${what}: the problem details`);
  }

  /** Every item of a staff list (its test-mode records, for a list that holds both modes), following `nextCursor`. */
  async function readAll<T>(schema: z.ZodMiniType<{ items: T[]; nextCursor?: string | undefined }>, path: string, what: string, modes = true): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page: { items: T[]; nextCursor?: string | undefined } = shaped(
        schema,
        (await request('GET', `${path}?limit=100${modes ? '&mode=test' : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: staffHeaders })).body,
        what,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  async function check(name: string, run: () => Promise<void>) {
    let result: ConformanceResult;
    try {
      await run();
      result = { name, ok: true };
    } catch (error) {
      result = { name, ok: false, detail: error instanceof CheckFailed ? error.message : `threw: ${(error as Error).message}` };
    }
    results.push(result);
    options.onResult?.(result);
  }

  const reporterHeaders = (key = crypto.randomUUID()) => ({ 'X-Project-Key': options.projectKey, 'Idempotency-Key': key });
  const REPORTER = 'conformance@example.com';
  const draft = (title: string, kind = 'vulnerability') => ({ kind, title, description: 'Filed by the vuln-report conformance suite.', reporter: { email: REPORTER } });
  const state: { receipt?: Receipt; second?: Receipt; policy?: Policy; tenant?: string } = {};
  const CUSTOMER = 'conformance-customer@example.com';
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  /** A customer token of the key's tenant, as a host backend signs it; `claims` and `header` override for forged ones. */
  const customerToken = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, secret: string | undefined = options.secretKey) =>
    craftToken({ alg: 'HS256', typ: 'JWT', ...header }, { tenant: state.tenant, sub: 'conformance-user', email: CUSTOMER, iat: nowSeconds() - 5, exp: nowSeconds() + 600, ...claims }, secret);
  const asCustomer = (claims?: Record<string, unknown>) => ({ Authorization: `Bearer ${customerToken(claims)}` });
  const harmless = { vulnerability: true, dataCompromised: false, serverCompromised: false, denialOfService: false };
  const resolveBody = (version: string) => ({ fixedIn: version, releaseNote: 'Conformance fix.', details: 'Fixed for the conformance suite.', affectedVersions: [`< ${version}`] });
  const version = () => `0.${Date.now() % 100000}.${Math.floor(Math.random() * 1000)}`;

  /** The emails of one kind about one record, as the outbox lists them. */
  const emailsAbout = async (kind: OutboxEmail['kind'], relatedId: string) =>
    (await readAll(Outbox, '/v1/triage/outbox', 'the outbox')).filter((mail) => mail.kind === kind && mail.relatedId === relatedId);

  /**
   * Checks that a notice reached exactly the policy's audiences for `trigger`: with the
   * directory, the exact addresses; without it, the tenants told and the reporter.
   */
  function expectRecipients(trigger: NoticeTrigger, mails: readonly OutboxEmail[], parties: { tenant?: string; affectedTenants?: string[]; reporter?: boolean; requester?: string }) {
    const rule = state.policy?.notifications.find((candidate) => candidate.trigger === trigger);
    expectThat(rule, `the policy has no row for ${trigger}`);
    const audiences = new Set<Audience>(rule.audiences);
    const to = mails.map((mail) => mail.to.toLowerCase()).sort();
    const directory = options.directory;
    if (directory) {
      const expected = new Set<string>();
      const contactsOf = (tenants: string[]) => tenants.flatMap((tenant) => directory.tenants[tenant] ?? []);
      if (audiences.has('reporter') && parties.reporter !== false) expected.add(REPORTER);
      if (audiences.has('requester') && parties.requester) expected.add(parties.requester);
      if (audiences.has('staff-alerts')) for (const address of directory.staffAlerts) expected.add(address);
      if (audiences.has('all-tenants')) for (const address of contactsOf(Object.keys(directory.tenants))) expected.add(address);
      if ((audiences.has('reporting-tenant') || audiences.has('requesting-tenant')) && parties.tenant) for (const address of contactsOf([parties.tenant])) expected.add(address);
      if (audiences.has('affected-tenants')) for (const address of contactsOf(parties.affectedTenants ?? [])) expected.add(address);
      const want = [...expected].map((address) => address.toLowerCase()).sort();
      expectThat(JSON.stringify(to) === JSON.stringify(want), `${trigger}: expected ${want.join(', ') || 'nobody'}, got ${to.join(', ') || 'nobody'}`);
      return;
    }
    expectThat(to.includes(REPORTER) === (audiences.has('reporter') && parties.reporter !== false), `${trigger}: the reporter ${to.includes(REPORTER) ? 'was' : 'was not'} told`);
    if (parties.requester) expectThat(to.includes(parties.requester) === audiences.has('requester'), `${trigger}: the requester ${to.includes(parties.requester) ? 'was' : 'was not'} told`);
    const tenantsTold = new Set(mails.flatMap((mail) => (mail.tenant ? [mail.tenant] : [])));
    if (!audiences.has('all-tenants')) {
      const ownTenant = (audiences.has('reporting-tenant') || audiences.has('requesting-tenant')) && parties.tenant ? [parties.tenant] : [];
      const allowed = new Set([...ownTenant, ...(audiences.has('affected-tenants') ? (parties.affectedTenants ?? []) : [])]);
      expectThat([...tenantsTold].every((tenant) => allowed.has(tenant)), `${trigger}: told tenants the policy does not name: ${[...tenantsTold].join(', ')}`);
    }
  }

  await check('GET /v1/policy publishes the severity rule, a notice row for every trigger, and the deadlines', async () => {
    const response = await request('GET', '/v1/policy');
    expectThat(response.status === 200, `expected 200, got ${response.status}`);
    state.policy = shaped(Policy, response.body, 'the policy');
    const triggers = new Set(state.policy.notifications.map((rule) => rule.trigger));
    expectThat(triggers.size === state.policy.notifications.length, 'a trigger has two rows');
    expectThat(state.policy.severityRule.length === 3, 'the severity rule has not three rows');
  });

  await check('intake stores a report and answers a receipt (201)', async () => {
    const response = await request('POST', '/v1/reports', { body: draft('Conformance: intake'), headers: reporterHeaders() });
    expectThat(response.status === 201, `expected 201, got ${response.status}`);
    state.receipt = shaped(Receipt, response.body, 'the receipt');
    const view = shaped(ReportView, (await request('GET', `/v1/reports/${state.receipt.id}`, { headers: { Authorization: `Bearer ${state.receipt.trackingToken}` } })).body, 'the report view');
    expectThat(view.mode === 'test', `a report sent with a test key is in mode ${view.mode}, not test`);
  });

  await check('a replay with the same Idempotency-Key and body answers the same receipt (200)', async () => {
    const key = crypto.randomUUID();
    const first = await request('POST', '/v1/reports', { body: draft('Conformance: replay'), headers: reporterHeaders(key) });
    const again = await request('POST', '/v1/reports', { body: draft('Conformance: replay'), headers: reporterHeaders(key) });
    expectThat(first.status === 201 && again.status === 200, `expected 201 then 200, got ${first.status} then ${again.status}`);
    // The same receipt, member order aside (a JSON store may keep members in its own order).
    expectThat(canonicalize(first.body) === canonicalize(again.body), 'the replay answered a different receipt');
    state.second = shaped(Receipt, first.body, 'the receipt');
  });

  await check('the same Idempotency-Key with another body is refused (422)', async () => {
    const key = crypto.randomUUID();
    await request('POST', '/v1/reports', { body: draft('Conformance: one'), headers: reporterHeaders(key) });
    problemWith(await request('POST', '/v1/reports', { body: draft('Conformance: two'), headers: reporterHeaders(key) }), 422, 'a reused key');
  });

  await check('an invalid report is refused (400) with errors that name the fields', async () => {
    const problem = problemWith(await request('POST', '/v1/reports', { body: { kind: 'nope', title: '', description: 'x' }, headers: reporterHeaders() }), 400, 'an invalid report');
    const paths = (problem.errors ?? []).map((error) => error.path);
    expectThat(paths.includes('kind') && paths.includes('title'), `errors should name kind and title, named: ${paths.join(', ') || 'nothing'}`);
  });

  await check('intake without a project key is 401, with an unknown one 401', async () => {
    problemWith(await request('POST', '/v1/reports', { body: draft('x'), headers: { 'Idempotency-Key': crypto.randomUUID() } }), 401, 'no project key');
    problemWith(await request('POST', '/v1/reports', { body: draft('x'), headers: { 'X-Project-Key': 'pk_conformance_unknown', 'Idempotency-Key': crypto.randomUUID() } }), 401, 'an unknown key');
  });

  await check('a browser request from an origin the key does not list is 403', async () => {
    problemWith(await request('POST', '/v1/reports', { body: draft('x'), headers: { ...reporterHeaders(), Origin: 'https://conformance.invalid' } }), 403, 'a foreign origin');
  });

  await check('reporter routes answer CORS preflight for any origin', async () => {
    const response = await doFetch(`${base}/v1/reports`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://customer.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, x-project-key, idempotency-key' },
    });
    expectThat(response.status >= 200 && response.status < 300, `expected 2xx, got ${response.status}`);
    expectThat(response.headers.get('access-control-allow-origin') === 'https://customer.example', 'Access-Control-Allow-Origin does not echo the origin');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    expectThat(['x-project-key', 'idempotency-key', 'content-type'].every((h) => allowed.includes(h)), `Access-Control-Allow-Headers lacks the contract's headers: ${allowed}`);
  });

  await check('the reporter reads their report with the tracking token; 401 without, 404 with another', async () => {
    expectThat(state.receipt && state.second, 'needs the receipts from the first checks');
    const view = await request('GET', `/v1/reports/${state.receipt.id}`, { headers: { Authorization: `Bearer ${state.receipt.trackingToken}` } });
    expectThat(view.status === 200, `expected 200, got ${view.status}`);
    const report = shaped(ReportView, view.body, 'the report view');
    expectThat(report.state === 'received' && report.timeline.length > 0, 'a new report should be received, with a timeline');
    problemWith(await request('GET', `/v1/reports/${state.receipt.id}`), 401, 'no tracking token');
    problemWith(await request('GET', `/v1/reports/${state.receipt.id}`, { headers: { Authorization: `Bearer ${state.second.trackingToken}` } }), 404, 'another report’s token');
  });

  await check('staff routes need a staff token (401) and list reports; test reports only with ?mode=test', async () => {
    problemWith(await request('GET', '/v1/triage/reports'), 401, 'no staff token');
    const test = shaped(StaffReportList, (await request('GET', '/v1/triage/reports?limit=100&mode=test', { headers: staffHeaders })).body, 'the report list');
    expectThat(test.items.some((report) => report.id === state.receipt?.id), 'the test-mode list lacks the suite’s report');
    const live = shaped(StaffReportList, (await request('GET', '/v1/triage/reports?limit=100', { headers: staffHeaders })).body, 'the report list');
    expectThat(!live.items.some((report) => report.id === state.receipt?.id), 'the default (live) list shows a test-mode report');
    state.tenant = test.items.find((report) => report.id === state.receipt?.id)?.tenant;
  });

  await check('a publishable key alone reads nothing of a tenant (401)', async () => {
    const key = { 'X-Project-Key': options.projectKey };
    for (const path of ['/v1/reports', '/v1/incidents', '/v1/evidence-requests', `/v1/reports/${state.receipt?.id}`]) {
      problemWith(await request('GET', path, { headers: key }), 401, `GET ${path} with a publishable key`);
    }
    problemWith(await request('POST', '/v1/evidence-requests', { body: { reason: 'A reason long enough to be a reason.', scope: { from: new Date().toISOString() } }, headers: key }), 401, 'an evidence request with a publishable key');
  });

  await check('a customer token reads the tenant’s reports; an expired, too long-lived, wrongly signed, other-tenant, alg none or RS256 token is 401', async () => {
    expectThat(state.tenant && state.receipt, 'needs the tenant of the test key');
    const list = await request('GET', '/v1/reports?limit=100', { headers: asCustomer() });
    expectThat(list.status === 200, `the tenant’s list answered ${list.status}`);
    const mine = shaped(ReportList, list.body, 'the tenant’s reports').items.find((report) => report.id === state.receipt?.id);
    expectThat(mine, 'the tenant’s list lacks the suite’s report');
    expectThat(mine.reporter?.email === undefined && mine.context === undefined, 'the tenant view shows another user’s email or captured context');
    expectThat((await request('GET', `/v1/reports/${state.receipt.id}`, { headers: asCustomer() })).status === 200, 'a customer token cannot read its tenant’s report');
    const forged: Array<[string, string]> = [
      ['expired', customerToken({ iat: nowSeconds() - 900, exp: nowSeconds() - 300 })],
      ['living over an hour', customerToken({ exp: nowSeconds() + 3700 })],
      ['wrongly signed', customerToken({}, {}, `${options.secretKey}_wrong`)],
      ['of another tenant', customerToken({ tenant: `${state.tenant}-other` })],
      ['alg none', customerToken({}, { alg: 'none' }, undefined)],
      ['alg RS256', customerToken({}, { alg: 'RS256' })],
    ];
    for (const [what, token] of forged) problemWith(await request('GET', '/v1/reports', { headers: { Authorization: `Bearer ${token}` } }), 401, `a token ${what}`);
  });

  await check('a report sent with a customer token is the support center’s', async () => {
    const response = await request('POST', '/v1/reports', { body: draft('Conformance: support center'), headers: { ...asCustomer(), 'Idempotency-Key': crypto.randomUUID() } });
    expectThat(response.status === 201, `expected 201, got ${response.status}`);
    const view = shaped(ReportView, (await request('GET', `/v1/reports/${shaped(Receipt, response.body, 'the receipt').id}`, { headers: asCustomer() })).body, 'the report view');
    expectThat(view.channel === 'support-center' && view.mode === 'test', `channel ${view.channel}, mode ${view.mode}`);
  });

  await check('each staff role is refused (403) outside its routes, and allowed in them', async () => {
    const tokens = options.roleTokens ?? {};
    const outside: Record<StaffRole, Array<[string, string]>> = {
      triager: [['GET', '/v1/triage/incidents'], ['GET', '/v1/triage/evidence-requests']],
      responder: [['POST', `/v1/triage/reports/${state.receipt?.id}/close`], ['GET', '/v1/triage/evidence-requests']],
      legal: [['GET', '/v1/triage/incidents'], ['POST', `/v1/triage/reports/${state.receipt?.id}/reopen`]],
      admin: [['GET', '/v1/triage/reports'], ['GET', '/v1/triage/incidents'], ['GET', '/v1/triage/evidence-requests']],
    };
    const inside: Record<StaffRole, string[]> = {
      triager: ['/v1/triage/reports?mode=test', '/v1/triage/sla?mode=test'],
      responder: ['/v1/triage/incidents?mode=test', '/v1/triage/outbox?mode=test&limit=1'],
      legal: ['/v1/triage/evidence-requests?mode=test', '/v1/triage/activity-log?limit=1'],
      admin: ['/v1/triage/sla?mode=test'],
    };
    const given = (Object.keys(outside) as StaffRole[]).filter((role) => tokens[role]);
    expectThat(given.length > 0, 'give one token per role (--role-token role=token) to check the role table');
    for (const role of given) {
      const headers = { Authorization: `Bearer ${tokens[role]}` };
      for (const [method, path] of outside[role]) problemWith(await request(method, path, { headers, ...(method === 'POST' ? { body: {} } : {}) }), 403, `${role} calling ${method} ${path}`);
      for (const path of inside[role]) {
        const answer = await request('GET', path, { headers });
        expectThat(answer.status === 200, `${role} calling GET ${path}: expected 200, got ${answer.status}`);
      }
    }
  });

  await check('assessment sets the severity by the rule; a second assessment is 409', async () => {
    expectThat(state.receipt, 'needs the first receipt');
    const path = `/v1/triage/reports/${state.receipt.id}`;
    const assessed = await request('POST', `${path}/assess`, { body: { ...harmless, dataCompromised: true, scope: 'reporter-tenant' }, headers: staffHeaders });
    expectThat(assessed.status === 200, `expected 200, got ${assessed.status}`);
    const view = shaped(StaffReportView, assessed.body, 'the staff view');
    expectThat(view.state === 'triaged' && view.severity === 'critical', `expected triaged and critical, got ${view.state} and ${view.severity}`);
    state.tenant = view.tenant;
    problemWith(await request('POST', `${path}/assess`, { body: { ...harmless, scope: 'platform' }, headers: staffHeaders }), 409, 'assessing twice');
  });

  await check('request-info, the reporter’s answer, and withdrawal follow the state table', async () => {
    expectThat(state.second, 'needs the second receipt');
    const { id, trackingToken } = state.second;
    const asked = await request('POST', `/v1/triage/reports/${id}/request-info`, { body: { message: 'Which browser?' }, headers: staffHeaders });
    expectThat(shaped(StaffReportView, asked.body, 'the staff view').state === 'needs-info', 'request-info should give needs-info');
    const answered = await request('POST', `/v1/reports/${id}/messages`, { body: { message: 'Chromium' }, headers: { Authorization: `Bearer ${trackingToken}` } });
    expectThat(shaped(ReportView, answered.body, 'the report view').state === 'received', 'an answer should give received');
    const withdrawn = await request('POST', `/v1/reports/${id}/withdraw`, { headers: { Authorization: `Bearer ${trackingToken}` } });
    const closed = shaped(ReportView, withdrawn.body, 'the report view');
    expectThat(closed.state === 'closed' && closed.closeReason === 'withdrawn', 'withdrawal should close with reason withdrawn');
  });

  await check('a resolved vulnerability is published, and told to exactly the policy’s audiences for its severity', async () => {
    expectThat(state.receipt && state.tenant, 'needs the first receipt, assessed');
    const blocker = shaped(Receipt, (await request('POST', '/v1/reports', { body: draft('Conformance: blocker'), headers: reporterHeaders() })).body, 'the receipt');
    const major = shaped(Receipt, (await request('POST', '/v1/reports', { body: draft('Conformance: major'), headers: reporterHeaders() })).body, 'the receipt');
    await request('POST', `/v1/triage/reports/${blocker.id}/assess`, { body: { ...harmless, serverCompromised: true, scope: 'platform' }, headers: staffHeaders });
    await request('POST', `/v1/triage/reports/${major.id}/assess`, { body: { ...harmless, scope: 'platform' }, headers: staffHeaders });
    for (const [severity, receipt] of [['critical', state.receipt], ['blocker', blocker], ['major', major]] as const) {
      const fixedIn = version();
      problemWith(await request('POST', `/v1/triage/reports/${receipt.id}/resolve`, { body: { ...resolveBody(fixedIn), affectedVersions: undefined }, headers: staffHeaders }), 400, 'resolving a vulnerability without affected versions');
      const resolved = await request('POST', `/v1/triage/reports/${receipt.id}/resolve`, { body: resolveBody(fixedIn), headers: staffHeaders });
      expectThat(shaped(StaffReportView, resolved.body, 'the staff view').state === 'resolved', 'resolve should give resolved');
      const notes = shaped(ReleaseNotes, (await request('GET', '/v1/release-notes?limit=100&mode=test')).body, 'the release notes');
      const live = shaped(ReleaseNotes, (await request('GET', '/v1/release-notes?limit=100')).body, 'the release notes');
      expectThat(!live.items.some((release) => release.version === fixedIn), 'the public (live) release notes list a test-mode fix');
      const listed = notes.items.find((release) => release.version === fixedIn)?.vulnerabilities.find((v) => v.reportId === receipt.id);
      expectThat(listed?.severity === severity && listed.affectedVersions.includes(`< ${fixedIn}`), `the release notes do not list the ${severity} fix with its affected versions`);
      const mails = await emailsAbout('resolution', receipt.id);
      expectRecipients(`resolve-${severity}`, mails, { tenant: state.tenant });
      const toContact = mails.find((mail) => mail.to !== REPORTER);
      if (toContact) {
        for (const part of [severity, fixedIn, `< ${fixedIn}`, 'Fixed for the conformance suite.']) expectThat(toContact.text.includes(part), `the resolution email does not say ${part}`);
      }
    }
  });

  await check('a report that is no vulnerability is fixed for its reporter alone, and not published', async () => {
    const receipt = shaped(Receipt, (await request('POST', '/v1/reports', { body: draft('Conformance: a bug', 'bug'), headers: reporterHeaders() })).body, 'the receipt');
    const assessed = await request('POST', `/v1/triage/reports/${receipt.id}/assess`, { body: { vulnerability: false }, headers: staffHeaders });
    expectThat(shaped(StaffReportView, assessed.body, 'the staff view').severity === undefined, 'a report that is no vulnerability has no severity');
    const fixedIn = version();
    await request('POST', `/v1/triage/reports/${receipt.id}/resolve`, { body: { ...resolveBody(fixedIn), affectedVersions: undefined }, headers: staffHeaders });
    const notes = shaped(ReleaseNotes, (await request('GET', '/v1/release-notes?limit=100&mode=test')).body, 'the release notes');
    expectThat(!notes.items.some((release) => release.vulnerabilities.some((v) => v.reportId === receipt.id)), 'the release notes list a report that is no vulnerability');
    expectRecipients('resolve-not-vulnerability', await emailsAbout('resolution', receipt.id), { tenant: state.tenant });
  });

  await check('data loss and its follow-up reach exactly the affected tenants, with the action taken and the measures', async () => {
    expectThat(state.tenant, 'needs the tenant of the test key');
    const receipt = shaped(Receipt, (await request('POST', '/v1/reports', { body: draft('Conformance: data loss'), headers: reporterHeaders() })).body, 'the receipt');
    const path = `/v1/triage/reports/${receipt.id}/data-loss`;
    problemWith(await request('POST', `${path}/updates`, { body: { note: 'Too early.' }, headers: staffHeaders }), 409, 'a follow-up before a declaration');
    const declared = await request('POST', path, { body: { affectedTenants: [state.tenant], actionTaken: 'Conformance action.', customerMeasures: 'Conformance measures.' }, headers: staffHeaders });
    expectThat(declared.status === 200, `expected 200, got ${declared.status}`);
    const first = await emailsAbout('data-loss', receipt.id);
    expectRecipients('data-loss', first, { affectedTenants: [state.tenant] });
    expectThat(first.every((mail) => mail.text.includes('Conformance action.') && mail.text.includes('Conformance measures.')), 'a data-loss notice lacks the action taken or the measures');
    await request('POST', `${path}/updates`, { body: { note: 'Conformance follow-up.' }, headers: staffHeaders });
    const followUp = (await emailsAbout('data-loss', receipt.id)).filter((mail) => mail.text.includes('Conformance follow-up.'));
    expectRecipients('data-loss-update', followUp, { affectedTenants: [state.tenant] });
  });

  await check('an urgent report is due for acknowledgement within the policy’s urgent hours, and alerts staff', async () => {
    expectThat(state.policy, 'needs the policy');
    const receipt = shaped(Receipt, (await request('POST', '/v1/reports', { body: { ...draft('Conformance: urgent', 'data-exposure') }, headers: reporterHeaders() })).body, 'the receipt');
    const hours = (Date.parse(receipt.acknowledgeBy) - Date.parse(receipt.receivedAt)) / 3_600_000;
    expectThat(hours === state.policy.deadlines.urgentAcknowledgeWithinHours, `an urgent report is due in ${hours} hours, the policy says ${state.policy.deadlines.urgentAcknowledgeWithinHours}`);
    const alerts = await emailsAbout('staff-alert', receipt.id);
    expectRecipients('intake-staff-alert', alerts, {});
    expectThat(alerts.every((mail) => /urgent/i.test(mail.subject)), 'the staff alert does not say urgent');
  });

  await check('a test incident is opened, notified and tracked by a customer of an affected tenant', async () => {
    const reportsList = shaped(StaffReportView, (await request('GET', `/v1/triage/reports/${state.receipt?.id}`, { headers: staffHeaders })).body, 'the staff view');
    const created = await request('POST', '/v1/triage/incidents', {
      body: { title: 'Conformance incident', affectedTenants: [reportsList.tenant], detectedAt: new Date(Date.now() - 60_000).toISOString(), recommendedMeasures: 'None: a test.', mode: 'test' },
      headers: staffHeaders,
    });
    expectThat(created.status === 201, `expected 201, got ${created.status}`);
    const incident = shaped(Incident, created.body, 'the incident');
    const notified = shaped(Incident, (await request('POST', `/v1/triage/incidents/${incident.id}/notify`, { body: {}, headers: staffHeaders })).body, 'the incident');
    expectThat(notified.notifiedAt !== undefined, 'notify should set notifiedAt');
    expectThat(incident.mode === 'test', `the incident is in mode ${incident.mode}, not test`);
    const tracked = await request('GET', `/v1/incidents/${incident.id}`, { headers: asCustomer() });
    expectThat(tracked.status === 200, `the affected tenant cannot track it: ${tracked.status}`);
    const listed = shaped(IncidentList, (await request('GET', '/v1/incidents?limit=100', { headers: asCustomer() })).body, 'the tenant’s incidents');
    expectThat(listed.items.some((item) => item.id === incident.id), 'the tenant’s incident list lacks it');
    expectRecipients('incident-notice', await emailsAbout('incident', incident.id), { affectedTenants: [reportsList.tenant] });
    const before = (await emailsAbout('incident', incident.id)).length;
    const updated = await request('POST', `/v1/triage/incidents/${incident.id}/update`, { body: { note: 'Conformance update.' }, headers: staffHeaders });
    expectThat(updated.status === 200, `an update answered ${updated.status}`);
    const later = (await emailsAbout('incident', incident.id)).slice(before);
    expectRecipients('incident-update', later, { affectedTenants: [reportsList.tenant] });
    const contained = await request('POST', `/v1/triage/incidents/${incident.id}/transition`, { body: { state: 'contained' }, headers: staffHeaders });
    expectThat(shaped(Incident, contained.body, 'the incident').state === 'contained', 'transition should give contained');
    problemWith(await request('POST', `/v1/triage/incidents/${incident.id}/transition`, { body: { state: 'analysed' }, headers: staffHeaders }), 400, 'analysed without the analysis');
  });

  await check('the SLA view lists deadlines, paginated', async () => {
    const page = shaped(SlaView, (await request('GET', '/v1/triage/sla?limit=1&mode=test', { headers: staffHeaders })).body, 'the SLA view');
    expectThat(page.items.length <= 1, 'the SLA view does not honour limit');
  });

  await check('evidence requests need a reason of 30 characters and a scope (400), are stored (201), and can be declined', async () => {
    const key = asCustomer();
    const scope = { from: new Date(Date.now() - 3_600_000).toISOString() };
    problemWith(await request('POST', '/v1/evidence-requests', { body: { reason: 'x', scope }, headers: key }), 400, 'a short reason');
    problemWith(await request('POST', '/v1/evidence-requests', { body: { reason: 'A reason long enough to be a reason.', scope: {} }, headers: key }), 400, 'an empty scope');
    const created = await request('POST', '/v1/evidence-requests', { body: { reason: 'Conformance check of the evidence route.', scope }, headers: key });
    expectThat(created.status === 201, `expected 201, got ${created.status}`);
    const request_ = shaped(EvidenceRequest, created.body, 'the evidence request');
    const declined = await request('POST', `/v1/triage/evidence-requests/${request_.id}/decline`, { body: { reason: 'The conformance suite declines its own request.' }, headers: staffHeaders });
    expectThat(shaped(EvidenceRequest, declined.body, 'the evidence request').state === 'declined', 'decline should give declined');
    const told = await emailsAbout('evidence', request_.id);
    expectThat(told.every((mail) => mail.text.includes('The conformance suite declines its own request.')), 'the decline email lacks the reason');
    expectRecipients('evidence-declined', told, { tenant: state.tenant, reporter: false, requester: CUSTOMER });
    const mine = shaped(EvidenceRequestList, (await request('GET', '/v1/evidence-requests?limit=100', { headers: key })).body, 'the tenant’s evidence requests');
    expectThat(mine.items.some((item) => item.id === request_.id && item.state === 'declined'), 'the tenant’s list lacks the declined request');
  });

  await check('test-mode email is recorded with its intended recipients, in mode test', async () => {
    const mails = await readAll(Outbox, '/v1/triage/outbox', 'the outbox');
    const ours = mails.filter((mail) => mail.relatedId === state.receipt?.id);
    expectThat(ours.length > 0 && ours.every((mail) => mail.mode === 'test'), 'the suite’s emails are not all in mode test');
  });

  await check('a header cannot change the channel the activity log records', async () => {
    await request('GET', `/v1/triage/reports/${state.receipt?.id}`, { headers: { ...staffHeaders, 'X-Staff-Channel': 'web' } });
    const items = await readAll(ActivityLog, '/v1/triage/activity-log', 'the activity log', false);
    const read = items.filter((entry) => entry.action === 'report.read' && entry.target === state.receipt?.id).at(-1);
    expectThat(read?.channel === 'api', `a call with an api token was logged with channel ${read?.channel}`);
  });

  await check('the activity log records staff actions in an intact hash chain', async () => {
    const items = await readAll(ActivityLog, '/v1/triage/activity-log', 'the activity log', false);
    const chain = verifyActivityLog(items);
    expectThat(chain.ok, chain.ok ? '' : `the chain breaks at entry ${chain.seq}: ${chain.reason}`);
    expectThat(items.some((entry) => entry.action.includes('assess') && entry.target === state.receipt?.id), 'the assessment is not in the log');
  });

  await check('GET /openapi.json serves an OpenAPI 3.1 document', async () => {
    const response = await request('GET', '/openapi.json');
    expectThat(response.status === 200 && (response.body as { openapi?: string })?.openapi?.startsWith('3.1'), 'no OpenAPI 3.1 document');
  });

  return results;
}
