import type { Database, Listener } from '../db/database.ts';

/** What `/readyz` checks, each `ok` or why not. */
export interface Readiness {
  ready: boolean;
  checks: {
    /** The database answers a query. */
    database: string;
    /** Every migration this version knows is applied, and none it does not know. */
    migrations: string;
    /** The connection that hears of changes made by other processes is up. */
    liveStatus: string;
    /** The server is not shutting down. */
    accepting: string;
    /** The tenants and keys this process holds are as the tables have them (a revoked key is refused here too). */
    accounts: string;
  };
}

/** How long `/readyz` waits for the database. */
const DATABASE_TIMEOUT_MS = 2_000;

/** Checks readiness: see {@link Readiness}. */
export async function checkReadiness(db: Database, expectedVersion: number, listener: Listener | undefined, closing: boolean, people?: { readonly fresh: boolean }): Promise<Readiness> {
  let database = 'ok';
  let migrations = 'ok';
  try {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const version = await Promise.race([
      db.transaction(async (sql) => Number((await sql.query<{ version: number | null }>('SELECT max(version) AS version FROM vuln_report_migrations'))[0]?.version ?? 0)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS} ms`)), DATABASE_TIMEOUT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    if (version < expectedVersion) migrations = `the database is at migration ${version}, this intake needs ${expectedVersion}: run vuln-report-server migrate`;
    else if (version > expectedVersion) migrations = `the database is at migration ${version}, newer than this intake (${expectedVersion}): run a newer intake`;
  } catch (error) {
    database = `unreachable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    migrations = 'unknown';
  }
  const liveStatus = listener === undefined ? 'not listening' : listener.connected ? 'ok' : 'reconnecting';
  const accepting = closing ? 'shutting down' : 'ok';
  const accounts = people === undefined || people.fresh ? 'ok' : 'stale: reloading the tenants failed or their change feed is reconnecting';
  return {
    ready: database === 'ok' && migrations === 'ok' && liveStatus === 'ok' && accepting === 'ok' && accounts === 'ok',
    checks: { database, migrations, liveStatus, accepting, accounts },
  };
}

const json = (status: number, body: unknown, head: boolean) =>
  new Response(head ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });

/** The paths this module answers. */
export const HEALTH_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The counters `/metrics` shows, in the Prometheus text format. */
export interface Counters {
  /** Requests refused with 401: counted here, never written to the activity log. */
  unauthenticatedRequests: number;
}

function prometheus(counters: Counters): string {
  return [
    '# HELP vuln_report_unauthenticated_requests_total Requests refused for having no valid credential (401); the activity log does not record them.',
    '# TYPE vuln_report_unauthenticated_requests_total counter',
    `vuln_report_unauthenticated_requests_total ${counters.unauthenticatedRequests}`,
    '',
  ].join('\n');
}

/**
 * `GET /healthz`: 200 while the process runs (for a liveness probe: restart when it
 * fails). `GET /readyz`: 200 when the intake can serve (database reachable, schema
 * current, live status connected, not shutting down), else 503 with what is wrong (for
 * a load balancer: send no traffic when it fails). `GET /metrics`: counters in the
 * Prometheus text format (requests refused with 401, which the activity log leaves out).
 * None needs a credential or says anything secret.
 */
export async function healthResponse(request: Request, readiness: () => Promise<Readiness>, counters?: () => Counters): Promise<Response> {
  const { pathname } = new URL(request.url);
  const head = request.method === 'HEAD';
  if (request.method !== 'GET' && !head) {
    return new Response(JSON.stringify({ type: 'about:blank', title: 'Method Not Allowed', status: 405, detail: `${request.method} is not allowed here; use GET, HEAD.` }), {
      status: 405,
      headers: { 'Content-Type': 'application/problem+json', Allow: 'GET, HEAD' },
    });
  }
  if (pathname === '/healthz') return json(200, { status: 'ok' }, head);
  if (pathname === '/metrics') {
    return new Response(head || !counters ? null : prometheus(counters()), { headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  const ready = await readiness();
  return json(ready.ready ? 200 : 503, { status: ready.ready ? 'ready' : 'not ready', checks: ready.checks }, head);
}
