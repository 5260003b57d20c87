#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { StaffRole, validate } from '@vuln-report/contract';
import { runConformance } from './conformance/suite.ts';
import { DEFAULT_SMTP_FROM, isSenderAddress } from './mail/smtp.ts';
import { startStubServer } from './run/node-server.ts';
import { narrowPolicy } from './core/policy.ts';
import { DEFAULT_SEED, Seed } from './seed.ts';

const HELP = `vuln-report-stub: the vuln-report intake API as a local server

Usage:
  vuln-report-stub [serve] [--port 4010] [--host 127.0.0.1] [--data file.json]
                   [--seed file.json] [--smtp smtp://host:port] [--smtp-from ADDRESS]
                   [--no-rate-limit] [--public-url URL]
                   [--control-token TOKEN | --no-controls]
  vuln-report-stub verify --base-url URL --staff-token TOKEN --project-key pk_test_…
                   --secret-key sk_test_… [--role-token ROLE=TOKEN]… [--seed file.json]

serve   Runs the stub. --data keeps every report across restarts (a snapshot and a
        journal beside it; nothing is acknowledged before it is on disk); --seed
        replaces the default tenants, keys and staff; --smtp delivers the outbox over
        SMTP, retrying a failed attempt after 1, 5, 30, 120 and 600 seconds on the
        stub's clock (without it emails stay queued); --smtp-from is their sender
        (default "${DEFAULT_SMTP_FROM}"); --public-url is where
        links in receipts and emails point (default: the address it listens on).
        The test controls (/__stub/clock, faults, reset) need the control token as a
        bearer token (default stub_control_token); --no-controls removes them.
        Stops cleanly on SIGTERM or Ctrl-C.
verify  Runs the contract's conformance suite against an intake server (this stub
        or a vendor's) and exits non-zero if any check fails. It reads the intake's
        published policy (GET /v1/policy) and checks each notice against it; with
        --seed (the intake's tenants, contacts and staff alerts, in the seed's format)
        it checks every notice's exact recipients. It runs in test mode only (a
        pk_test_ key and the same tenant's sk_test_ secret key, which signs customer
        tokens and is never sent; VULN_REPORT_SECRET_KEY instead of --secret-key keeps
        it off the command line), so a vendor's live intake emails no customer.
        --staff-token needs the triager, responder and legal roles; one
        --role-token per role (triager, responder, legal, admin) checks the role table.`;

function fail(message: string): never {
  console.error(`vuln-report-stub: ${message}`);
  process.exit(2);
}

function publicUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/+$/, '');
  } catch {
    // fall through to the sentence below
  }
  fail(`--public-url must be an http or https URL, not ${value}`);
}

function sender(value: string): string {
  if (isSenderAddress(value)) return value;
  fail(`--smtp-from must be an email address, optionally with a name ("Security <security@example.com>"), on one line`);
}

/** The seed's tenants' contacts and staff alerts, as the conformance suite takes them. */
function directoryOf(seed: Seed) {
  return { tenants: Object.fromEntries(seed.tenants.map((tenant) => [tenant.id, tenant.supportContacts.map((contact) => contact.email)])), staffAlerts: seed.staffAlerts ?? [] };
}

function loadSeed(path: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    fail(`cannot read the seed ${path}: ${(error as Error).message}`);
  }
  const seed = validate(Seed, raw);
  if (!seed.ok) fail(`the seed ${path} is invalid: ${seed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  try {
    narrowPolicy(seed.value.policy?.notifications);
  } catch (error) {
    fail(`the seed ${path} is invalid: ${(error as Error).message}`);
  }
  return seed.value;
}

async function serve(values: Record<string, string | boolean | string[] | undefined>) {
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not ${values.port}`);
  const seed = typeof values.seed === 'string' ? loadSeed(values.seed) : DEFAULT_SEED;
  const server = await startStubServer({
    port,
    host: typeof values.host === 'string' ? values.host : '127.0.0.1',
    seed,
    ...(typeof values.data === 'string' ? { dataFile: values.data } : {}),
    ...(typeof values.smtp === 'string' ? { smtpUrl: values.smtp } : {}),
    ...(typeof values['smtp-from'] === 'string' ? { smtpFrom: sender(values['smtp-from']) } : {}),
    ...(values['no-rate-limit'] ? { rateLimit: false as const } : {}),
    ...(typeof values['public-url'] === 'string' ? { publicUrl: publicUrl(values['public-url']) } : {}),
    controls: values['no-controls'] ? false : { ...(typeof values['control-token'] === 'string' ? { token: values['control-token'] } : {}) },
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') fail(`port ${port} on ${values.host ?? '127.0.0.1'} is already in use: stop what runs there or pass --port.`);
    if (error.code === 'EACCES') fail(`port ${port} may not be used by this user: pick another with --port.`);
    throw error;
  });
  console.log(`vuln-report stub listening on ${server.url}`);
  // Publishable keys and staff tokens are printed; secret keys never are (they sign customer tokens).
  for (const member of seed.staff) if (member.tokens?.length) console.log(`  staff (${member.roles.join(', ')}): ${member.tokens.join(', ')}`);
  for (const tenant of seed.tenants) console.log(`  ${tenant.id}: ${tenant.projectKeys.filter((key) => !key.revoked).map((key) => key.key).join(', ')}`);
  console.log(`  OpenAPI: ${server.url}/openapi.json`);
  console.log(server.controlToken ? `  control token (/__stub/*): ${server.controlToken}` : '  test controls: off');
  if (server.publicUrl !== server.url) console.log(`  public URL (links): ${server.publicUrl}`);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function verify(values: Record<string, string | boolean | string[] | undefined>) {
  const { 'base-url': baseUrl, 'staff-token': staffToken, 'project-key': projectKey } = values;
  const secretKey = typeof values['secret-key'] === 'string' ? values['secret-key'] : process.env.VULN_REPORT_SECRET_KEY;
  if (typeof baseUrl !== 'string' || typeof staffToken !== 'string' || typeof projectKey !== 'string' || !secretKey) {
    fail('verify needs --base-url, --staff-token, --project-key and --secret-key (or VULN_REPORT_SECRET_KEY)');
  }
  const roleTokens: Partial<Record<StaffRole, string>> = {};
  for (const pair of (values['role-token'] as string[] | undefined) ?? []) {
    const [role, token] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
    const parsed = validate(StaffRole, role);
    if (!parsed.ok || !token || !pair.includes('=')) fail(`--role-token takes ROLE=TOKEN with ROLE one of triager, responder, legal, admin, not ${pair.split('=')[0]}`);
    roleTokens[parsed.value] = token;
  }
  // With --seed, the suite knows the intake's contacts and staff alerts, and checks every notice's exact recipients.
  const seed = typeof values.seed === 'string' ? loadSeed(values.seed) : undefined;
  const results = await runConformance({
    baseUrl,
    staffToken,
    projectKey,
    secretKey,
    roleTokens,
    ...(seed ? { directory: directoryOf(seed) } : {}),
    onResult: (result) => console.log(`${result.ok ? '  ✓' : '  ✗'} ${result.name}${result.detail ? `\n      ${result.detail}` : ''}`),
  });
  const failed = results.filter((result) => !result.ok).length;
  console.log(`conformance: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        seed: { type: 'string' },
        smtp: { type: 'string' },
        'smtp-from': { type: 'string' },
        'no-rate-limit': { type: 'boolean' },
        'public-url': { type: 'string' },
        'control-token': { type: 'string' },
        'no-controls': { type: 'boolean' },
        'base-url': { type: 'string' },
        'staff-token': { type: 'string' },
        'project-key': { type: 'string' },
        'secret-key': { type: 'string' },
        'role-token': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${HELP}`);
  }
})();

const command = positionals[0] ?? 'serve';
if (values.help) console.log(HELP);
else if (command === 'serve') await serve(values);
else if (command === 'verify') await verify(values);
else fail(`unknown command ${command}\n\n${HELP}`);
