/**
 * The production server under load: reports stored per second and latency of
 * `POST /v1/reports` on loopback, on PGlite (a data folder), and on the machine's
 * PostgreSQL with one and with two server processes; beside `pgbench`'s single-row
 * INSERT rate on the same PostgreSQL database, measured in the same run. Each server
 * runs in a child process (`server-child.ts`); the load comes from here, with keep-alive
 * connections, every answer checked to be a 201 and every report counted in the
 * database afterwards.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { forkIntake } from './child.ts';
import { num, percentile, type Row } from './stats.ts';

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const BODY = JSON.stringify({ kind: 'bug', title: 'Export fails', description: 'Nothing downloads when I press Export.' });
const CONNECTIONS = 10;
const WARM_UP = 200;
const run = promisify(execFile);

/** The PostgreSQL the bench uses: `BENCH_DATABASE_URL`, else the machine's. */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A server in a child process. */
async function startChild(options: Record<string, unknown>) {
  const child = await forkIntake(CHILD, [JSON.stringify(options)], { what: 'server' });
  return { url: child.url, count: async () => (await child.ask<{ reports: number }>('count')).reports, close: child.close };
}

/** One POST of a report with a new Idempotency-Key: its status and time in ms. */
function post(url: string, agent: Agent): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/reports`,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': randomUUID() } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(BODY);
  });
}

/**
 * `CONNECTIONS` clients sending reports one after another, spread over `urls`, for
 * `durationMs` or until `amount` are sent; every request is answered before it returns.
 */
async function load(urls: readonly string[], bound: { durationMs: number } | { amount: number }) {
  const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: CONNECTIONS }));
  const latencies: number[] = [];
  let failed = 0;
  let sent = 0;
  const started = performance.now();
  const more = () => ('amount' in bound ? sent < bound.amount : performance.now() - started < bound.durationMs);
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, connection) => {
      const target = connection % urls.length;
      while (more()) {
        sent += 1;
        const { status, ms } = await post(urls[target]!, agents[target]!);
        if (status === 201) latencies.push(ms);
        else failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const agent of agents) agent.destroy();
  if (failed > 0) throw new Error(`server under load: ${failed} answers were not 201`);
  return { stored: latencies.length, perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Runs the load on servers started by `start` (after `prepare`, if any), and checks every 201 is one stored report. */
async function measure(start: () => Promise<Array<Awaited<ReturnType<typeof startChild>>>>, seconds: number, prepare?: () => Promise<void>) {
  const servers = await start();
  try {
    await prepare?.();
    const before = await servers[0]!.count();
    const urls = servers.map((server) => server.url);
    await load(urls, { amount: WARM_UP });
    const result = await load(urls, { durationMs: seconds * 1000 });
    const stored = (await servers[0]!.count()) - before;
    if (stored !== WARM_UP + result.stored) throw new Error(`server under load: ${WARM_UP + result.stored} answered 201 but ${stored} were stored`);
    return result;
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

/** Why the bench's PostgreSQL cannot be used, or undefined. */
async function postgresUnreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs SQL on the bench's database. */
async function sql(text: string) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** The `pgbench` binary: on PATH, or PostgreSQL 15's own folder. */
async function findPgbench(): Promise<string | undefined> {
  for (const candidate of ['pgbench', '/usr/lib/postgresql/15/bin/pgbench']) {
    try {
      await run(candidate, ['--version']);
      return candidate;
    } catch {
      // the next one
    }
  }
  return undefined;
}

/**
 * `pgbench`'s rate of single-row INSERTs (one JSONB document each, one transaction each)
 * into a table of a scratch schema, with as many clients as the server bench has
 * connections: what the database alone does with a durable write per transaction.
 */
async function pgbenchRate(binary: string, seconds: number) {
  const schema = `vr_bench_pgbench_${process.pid}`;
  const folder = mkdtempSync(join(tmpdir(), 'vuln-report-pgbench-'));
  const script = join(folder, 'insert.sql');
  writeFileSync(script, `INSERT INTO ${schema}.rows (data) VALUES ('${BODY.replaceAll("'", "''")}');\n`);
  await sql(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, data jsonb NOT NULL)`);
  try {
    const url = new URL(DATABASE_URL);
    const { stdout } = await run(binary, [
      '-n',
      '-c',
      String(CONNECTIONS),
      '-j',
      '2',
      '-T',
      String(seconds),
      '-f',
      script,
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username) || 'postgres',
      decodeURIComponent(url.pathname.slice(1)),
    ]);
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    const latency = /latency average = ([\d.]+) ms/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no rate: ${stdout}`);
    return { perSecond: Number(tps[1]), averageMs: latency ? Number(latency[1]) : Number.NaN };
  } finally {
    await sql(`DROP SCHEMA ${schema} CASCADE`);
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Fills `schema`'s reports with `count` closed reports in one statement: a long-lived
 * intake's table (closed reports are in no deadline scan, as most old reports).
 */
async function prefill(schema: string, count: number) {
  await sql(`INSERT INTO ${schema}.reports (id, tenant, mode, state, received_at, data)
SELECT 'rpt_fill_' || g, 'acme', 'live', 'closed', now() - interval '30 days',
  jsonb_build_object('id', 'rpt_fill_' || g, 'tenant', 'acme', 'mode', 'live', 'channel', 'sdk', 'projectKey', 'pk_live_acme',
    'trackingToken', 'trk_fill_' || g, 'draft', jsonb_build_object('kind', 'bug', 'title', 'Filled report ' || g, 'description', 'Stored before the bench.'),
    'attachments', '[]'::jsonb, 'state', 'closed', 'closeReason', 'informative', 'dataLossSuspected', false, 'urgent', false,
    'receivedAt', to_char(now() - interval '30 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'acknowledgeBy', to_char(now() - interval '28 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'updatedAt', to_char(now() - interval '30 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'timeline', '[]'::jsonb)
FROM generate_series(1, ${count}) AS g;
ANALYZE ${schema}.reports`);
}

/** Options of {@link benchServer}. */
export interface ServerBenchOptions {
  /** How long each load runs, in seconds. */
  seconds: number;
  /** Reports stored before the last run, on PostgreSQL with one process (the 1,000,000). */
  stored: number;
  /** Reports to the operator (what is skipped, and why). */
  log: (line: string) => void;
}

/** The server's rows: throughput and latency on each backend, and pgbench's rate beside them. */
export async function benchServer({ seconds, stored, log }: ServerBenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const what = `reports stored per second (${CONNECTIONS} keep-alive connections, ${seconds} s after ${WARM_UP} to warm up, ${BODY.length}-byte JSON)`;
  const add = (part: string, result: Awaited<ReturnType<typeof load>>) =>
    rows.push({ part, what, ours: `${num(result.perSecond)} /s` }, { part, what: 'intake latency, p50 / p99', ours: `${num(result.p50, 1)} ms / ${num(result.p99, 1)} ms` });

  const folder = mkdtempSync(join(tmpdir(), 'vuln-report-bench-pglite-'));
  try {
    add('server, PGlite in a data folder (one process)', await measure(async () => [await startChild({ dataDir: join(folder, 'data') })], seconds));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  const unreachable = await postgresUnreachable();
  if (unreachable) {
    log(`bench: server on PostgreSQL skipped: no PostgreSQL at ${new URL(DATABASE_URL).host} (${unreachable}); set BENCH_DATABASE_URL`);
    return rows;
  }
  const onPostgres = async (processes: number, filled = 0) => {
    const schema = `vr_bench_${process.pid}_${processes}_${filled}`;
    try {
      return await measure(
        async () => {
          // The first migrates; the others find the schema current.
          const first = await startChild({ databaseUrl: DATABASE_URL, schema });
          const others = await Promise.all(Array.from({ length: processes - 1 }, () => startChild({ databaseUrl: DATABASE_URL, schema })));
          return [first, ...others];
        },
        seconds,
        filled > 0 ? () => prefill(schema, filled) : undefined,
      );
    } finally {
      await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  };
  const one = await onPostgres(1);
  add('server, PostgreSQL 15 on loopback, one process', one);
  const two = await onPostgres(2);
  add('server, PostgreSQL 15 on loopback, two processes (requests alternate)', two);
  add(`server, PostgreSQL 15 on loopback, one process, ${num(stored)} reports stored before`, await onPostgres(1, stored));

  const pgbench = await findPgbench();
  if (!pgbench) {
    log('bench: pgbench not found (neither on PATH nor in /usr/lib/postgresql/15/bin): its row is left out');
    return rows;
  }
  const baseline = await pgbenchRate(pgbench, seconds);
  const part = 'PostgreSQL 15 alone (pgbench, same database, same run)';
  rows.push(
    { part, what: `single-row INSERT transactions per second (${CONNECTIONS} clients, ${seconds} s, the same JSON as a JSONB row)`, ours: `${num(baseline.perSecond)} /s` },
    { part, what: 'its latency, average', ours: `${num(baseline.averageMs, 2)} ms` },
    { part, what: 'server ÷ pgbench: one process / two processes (goal: at least 0.5)', ours: `${(one.perSecond / baseline.perSecond).toFixed(2)} / ${(two.perSecond / baseline.perSecond).toFixed(2)}` },
  );
  return rows;
}
