import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DEFAULT_SEED } from '@vuln-report/server-stub';
import { startServer, type ServerOptions } from '../../src/server.ts';
import { TEST_DATABASE_URL } from './postgres.ts';

export { postgresUnreachable, TEST_DATABASE_URL } from './postgres.ts';
export { useSmtpSink } from '../../../server-stub/test/support/smtp-sink.ts';

/** The default seed's credentials the tests use (test mode). */
export const CREDENTIALS = {
  staffToken: 'staff_test_token',
  projectKey: 'pk_test_acme',
  secretKey: 'sk_test_acme',
  roleTokens: { triager: 'staff_test_triager', responder: 'staff_test_responder', legal: 'staff_test_legal', admin: 'staff_test_admin' },
};
export const STAFF = { Authorization: `Bearer ${CREDENTIALS.staffToken}` };

/** The tests' encryption key for the tenants' secret keys (32 bytes, base64). */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

/** The server as the tests run it: the documented seed in its tables, and the tests' encryption key. */
export const startTestServer = (options: ServerOptions = {}) => startServer({ seed: DEFAULT_SEED, encryptionKey: TEST_ENCRYPTION_KEY, ...options });

/** A minimal valid draft, with overrides. */
export const draft = (overrides: Record<string, unknown> = {}) => ({ kind: 'bug', title: 'Export fails', description: 'Nothing downloads when I press Export.', ...overrides });

let schemas = 0;

/** A schema name of its own on the test server; `drop()` removes it and everything in it. */
export function freshSchema() {
  const schema = `vr_srv_${process.pid}_${++schemas}_${Math.random().toString(36).slice(2, 8)}`;
  return {
    schema,
    databaseUrl: TEST_DATABASE_URL,
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
/** tsx as a loader of this very process, not its CLI: the CLI runs the program in a child, which a SIGKILL would leave running. */
const TSX_LOADER = import.meta.resolve('tsx');

/** The command's launcher, as `npx vuln-report-server` runs it. */
const BIN = fileURLToPath(new URL('../../bin/vuln-report-server.js', import.meta.url));

/**
 * `vuln-report-server` from its sources in a child process (through its launcher with
 * `launcher: true`): its URL once it has printed its whole start, its output, and its
 * exit code. The child is the server itself, so a SIGKILL kills the server.
 */
export function startCli(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string; launcher?: boolean; seedless?: boolean } = {}) {
  const env = { ...process.env, DATABASE_URL: undefined, VULN_REPORT_DATA_DIR: undefined, VULN_REPORT_DB_SCHEMA: undefined, VULN_REPORT_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, ...options.env };
  // The server starts with the documented seed unless told otherwise, as the tests' credentials need.
  const seeded = options.seedless || args.includes('--seed') || ['migrate', 'admin', '--help'].includes(args[0] ?? '') ? args : [...args, '--seed', 'demo'];
  const argv = options.launcher ? [BIN, ...seeded] : ['--import', TSX_LOADER, '--conditions=vuln-report-source', CLI, ...seeded];
  const child: ChildProcess = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env, cwd: options.cwd });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)[\s\S]*\n {2}seed: [^\n]*\n/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${stdout}${stderr}`)));
  });
  url.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    url,
    exited,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

/** Waits until `condition` holds, checking every 50 ms; fails after `timeoutMs` with `what`. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A JSON request over node:http, which reports a reset connection as an error (fetch would retry on another socket). */
export function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown; agent?: import('node:http').Agent } = {}) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const text = init.body === undefined ? undefined : JSON.stringify(init.body);
    const req = request(
      url,
      { method: init.method ?? 'GET', agent: init.agent, headers: { ...(text ? { 'Content-Type': 'application/json' } : {}), ...init.headers } },
      (res) => {
        let data = '';
        res.on('data', (chunk) => (data += chunk));
        res.on('end', () => {
          let body: unknown = data;
          try {
            body = data ? JSON.parse(data) : undefined;
          } catch {
            // not JSON: the text
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** Submits a report; the response. */
export const submit = (base: string, body: unknown = draft(), agent?: import('node:http').Agent) =>
  call(`${base}/v1/reports`, { method: 'POST', body, agent, headers: { 'X-Project-Key': CREDENTIALS.projectKey, 'Idempotency-Key': crypto.randomUUID() } });

/** Every item of a staff list, following `nextCursor`. */
export async function readAll<T>(base: string, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await call(`${base}${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: STAFF });
    if (page.status !== 200) throw new Error(`${path}: ${page.status} ${JSON.stringify(page.body)}`);
    items.push(...(page.body.items as T[]));
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/**
 * Sends `count` submissions at once (titles `Burst <n> report <i>`), calls `kill` once
 * `killAfter` are answered, and resolves when every one is answered or failed: the
 * receipts of those acknowledged (201), by title.
 */
export async function burst(base: string | readonly string[], count: number, killAfter: number, kill: () => void, agent?: import('node:http').Agent | readonly import('node:http').Agent[]) {
  const round = ++bursts;
  const acknowledged = new Map<string, { id: string; trackingToken: string }>();
  const bases = typeof base === 'string' ? [base] : base;
  const agents = agent === undefined ? [] : Array.isArray(agent) ? agent : [agent];
  let answered = 0;
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const title = `Burst ${round} report ${i}`;
      try {
        const response = await call(`${bases[i % bases.length]}/v1/reports`, {
          method: 'POST',
          agent: agents[i % Math.max(agents.length, 1)],
          body: draft({ title }),
          headers: { 'X-Project-Key': CREDENTIALS.projectKey, 'Idempotency-Key': crypto.randomUUID() },
        });
        if (response.status === 201) acknowledged.set(title, response.body);
      } catch {
        // The process died under this request: it was never acknowledged.
      }
      if (++answered === killAfter) kill();
    }),
  );
  return acknowledged;
}
let bursts = 0;
