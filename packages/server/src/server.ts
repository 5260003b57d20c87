import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createIntakeApp, createReportFeed, listenHttp, SERVER_LIMITS, type RateLimitOptions, type Seed } from '@vuln-report/server-stub';
import type { OutboxEmail } from '@vuln-report/contract';
import { createOffsetClock, deriveLedgerKeys, iso, narrowPolicy, type MovableClock } from '@vuln-report/server-stub/core';
import { createSecretBox, keyFileIn, parseEncryptionKey } from './accounts/secret-box.ts';
import { scryptPasswords } from './accounts/scrypt-passwords.ts';
import { checkDatabaseUrl, checkHttpUrl, checkSmtpUrl, ConfigError, explainDatabaseError, explainListenError } from './config.ts';
import type { Listener } from './db/database.ts';
import { loadMigrations, migrate } from './db/migrate.ts';
import type { Database } from './db/database.ts';
import { openDatabase } from './open.ts';
import { checkReadiness, HEALTH_PATHS, healthResponse } from './run/health.ts';
import { startScheduler } from './run/scheduler.ts';
import { startWorker, type Worker } from './run/worker.ts';
import { createAccountsStore, type TableAccounts } from './store/accounts-store.ts';
import { createSharedRateLimiter, sweepRateBuckets } from './store/rate-buckets.ts';
import { createServerStore } from './store/server-store.ts';

/** Options of {@link startServer}. Every one has a default. */
export interface ServerOptions {
  /** Port to listen on; 0 picks a free one. Default 4000. */
  port?: number | undefined;
  /** Address to bind. Default 127.0.0.1: loopback only (use 0.0.0.0 behind a proxy or in a container). */
  host?: string | undefined;
  /** Where the intake is reachable: every link it hands out (receipts, emails) starts with it. Default: the address it listens on. */
  publicUrl?: string | undefined;
  /** The support center's URL, linked from incident emails. Default: the public URL plus `/support`. */
  supportCenterUrl?: string | undefined;
  /** A PostgreSQL server (`postgres://user:password@host:5432/database`). Without it, PGlite. */
  databaseUrl?: string | undefined;
  /** Without a server: PGlite's data folder, locked against a second process. With neither, PGlite in memory (tests). */
  dataDir?: string | undefined;
  /** Keep the records in this schema instead of `public`. */
  schema?: string | undefined;
  /** Connections to the server (default 10). */
  maxConnections?: number | undefined;
  /**
   * Tenants, keys and staff in the stub's seed format (`DEFAULT_SEED` for tests and
   * demos), put in the tables on the first start only: later starts keep what admins
   * changed. Its staff alerts and policy hold at each start. Default: none (the first
   * admin is made with `vuln-report-server admin create`).
   */
  seed?: Seed | undefined;
  /** The vendor's staff alert addresses. Default: the seed's, or none. */
  staffAlerts?: string[] | undefined;
  /**
   * The key that seals tenants' secret keys in the database (AES-256-GCM): 32 bytes, as
   * 64 hex digits or base64 (`openssl rand -base64 32`). Every process needs the same.
   * Required with `databaseUrl`; with a data folder, default a key file made beside it on
   * the first start (`<folder>.encryption-key`, owner only); in memory, a random one.
   */
  encryptionKey?: string | undefined;
  /**
   * The secret the activity log's keys derive from: the Ed25519 key that signs its tree
   * heads and the key that blinds tenant ids. Every process of one intake must have the
   * same. Default: a random secret the intake makes on its first start and keeps in its
   * database (`intake_secrets`), found there by every process; give one to keep it out
   * of the database.
   */
  ledgerSecret?: string | undefined;
  /** The intake's clock. Default: real time. */
  clock?: MovableClock | undefined;
  rateLimit?: RateLimitOptions | false | undefined;
  /** Origins whose browser pages may call staff routes. Default: any port on localhost and 127.0.0.1. */
  staffOrigins?: string[] | undefined;
  /** Host names answered besides the bound address, `localhost` and the public URL's. */
  allowedHosts?: string[] | undefined;
  /** Tighter HTTP limits, for tests. */
  limits?: Partial<typeof SERVER_LIMITS> | undefined;
  /** How often report event streams send `: ping`, in ms. Default 15 000. */
  eventPingMs?: number | undefined;
  /**
   * Deliver the outbox over SMTP (`smtp://host:port`, `smtps://user:password@host:465`):
   * each email once its unit of work is committed, retried after 1, 5, 30, 120 and 600
   * seconds, by whichever process claims it first. Without it emails stay `queued`.
   */
  smtpUrl?: string | undefined;
  /** The `From` of every email. Default `vuln-report stub <security@vendor.example>`. */
  smtpFrom?: string | undefined;
  /** How long a worker's claim holds an email while it is sent, in seconds. Default 300. */
  emailLeaseSeconds?: number | undefined;
  /** How often the worker looks for emails other processes left, in ms. Default 5 000. */
  deliveryPollMs?: number | undefined;
  /** How often the scheduler ticks, in ms (stale closes, breached deadlines). Default 10 000. */
  tickIntervalMs?: number | undefined;
  /** How often a tick looks at every open deadline, whatever this process knows, in ms. Default 300 000. */
  rescanIntervalMs?: number | undefined;
  /** How long `close()` waits for requests under way before cutting them off, in ms. Default 10 000. */
  shutdownTimeoutMs?: number | undefined;
  /** Where the server's own messages go (a failed tick, a failed request). Default: standard error. */
  log?: ((line: string) => void) | undefined;
}

/** The name of the server in log lines. */
const NAME = 'vuln-report-server';

/** Where the records are, for people: never a password. */
function describeDatabase(options: ServerOptions): string {
  if (options.databaseUrl) {
    const url = new URL(options.databaseUrl);
    return `PostgreSQL at ${url.hostname || 'localhost'}:${url.port || 5432}/${decodeURIComponent(url.pathname.slice(1)) || url.username}${options.schema ? `, schema ${options.schema}` : ''}`;
  }
  return options.dataDir ? `PGlite in ${resolve(options.dataDir)}` : 'PGlite in memory (records end with the process)';
}

/**
 * The activity log's secret kept in the database: made at random by the first process to
 * ask (32 bytes, hex), and the same for every process after it.
 */
async function storedLedgerSecret(db: Database): Promise<string> {
  return db.transaction(async (sql) => {
    await sql.query("INSERT INTO intake_secrets (name, value) VALUES ('ledger', $1) ON CONFLICT (name) DO NOTHING", [randomBytes(32).toString('hex')]);
    return (await sql.query<{ value: string }>("SELECT value FROM intake_secrets WHERE name = 'ledger'"))[0]!.value;
  });
}

/**
 * The production intake, running: the stub's routes and domain core (`createIntakeApp`,
 * no test controls) over the PostgreSQL store, on `node:http` with the stub's hardening.
 *
 * - Each request's work is one transaction; its `2xx` is sent after COMMIT.
 * - Live status across processes: each committed change to a report is announced with
 *   NOTIFY, and a LISTEN connection feeds this process's event streams.
 * - A scheduler ticks the clock's work on an interval, safe with several processes.
 * - With `smtpUrl`, a worker delivers the outbox; each email once, whatever the processes.
 *
 * Configuration errors (a bad `DATABASE_URL`, a busy port, a data folder in use) reject
 * with a {@link ConfigError} in one sentence.
 */
export async function startServer(options: ServerOptions = {}) {
  const log = options.log ?? ((line: string) => console.error(line));
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 4000;
  if (options.databaseUrl) checkDatabaseUrl(options.databaseUrl);
  if (options.smtpUrl) checkSmtpUrl(options.smtpUrl);
  const publicUrlOption = options.publicUrl === undefined ? undefined : checkHttpUrl(options.publicUrl, 'public URL');
  const seed = options.seed;
  if (options.databaseUrl && !options.encryptionKey) {
    throw new ConfigError('Give the server an encryption key for the tenants’ secret keys with VULN_REPORT_ENCRYPTION_KEY (make one with `openssl rand -base64 32`; every process needs the same).');
  }
  const encryptionKey = options.encryptionKey ? parseEncryptionKey(options.encryptionKey) : undefined;
  const target = { databaseUrl: options.databaseUrl, dataDir: options.dataDir };

  // The database first: its errors are the likeliest, and nothing listens before it is usable.
  const migrations = await loadMigrations();
  const expectedVersion = migrations.at(-1)?.version ?? 0;
  let db;
  try {
    db = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, schema: options.schema, maxConnections: options.maxConnections });
  } catch (error) {
    throw explainDatabaseError(error, target);
  }
  let worker: Worker | undefined;
  // New emails committed here start this process's worker at once.
  const store = createServerStore(db, { onCommitted: (committed) => void (committed.newEmails > 0 && worker?.kick()) });
  const feed = createReportFeed();
  let listener: Listener | undefined;
  let accounts: TableAccounts | undefined;
  let seedImported = false;
  let http: Awaited<ReturnType<typeof listenHttp>> | undefined;
  try {
    try {
      await migrate(db, migrations);
      // Every committed change to a report, from any process, reaches this process's event streams.
      listener = await db.listen(
        store.channel,
        (id) => feed.changed(id),
        () => feed.changedAll(),
      );
      accounts = createAccountsStore(db, { box: createSecretBox(encryptionKey ?? (options.dataDir ? keyFileIn(options.dataDir) : randomBytes(32))), log });
      await accounts.start();
      seedImported = seed ? await accounts.importSeed(seed, scryptPasswords, iso(new Date())) : false;
    } catch (error) {
      throw explainDatabaseError(error, target);
    }
    try {
      http = await listenHttp({
        port,
        host,
        publicUrl: publicUrlOption,
        allowedHosts: options.allowedHosts,
        limits: options.limits,
        name: NAME,
        failureDetail: 'The intake failed to answer this request.',
      });
    } catch (error) {
      throw explainListenError(error, host, port);
    }
  } catch (error) {
    await accounts?.close().catch(() => undefined);
    await listener?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
  const people = accounts!;

  const clock = options.clock ?? createOffsetClock();
  const ledgerKeys = deriveLedgerKeys(options.ledgerSecret ?? (await storedLedgerSecret(db)));
  const staffAlerts = options.staffAlerts ?? seed?.staffAlerts ?? [];
  const app = createIntakeApp({
    ledgerKeys,
    store,
    seed,
    accounts: people,
    passwords: scryptPasswords,
    staffAlerts,
    // Every process takes from the same buckets.
    rateLimiter: (name, config, nowMs) => createSharedRateLimiter(db, name, config, nowMs),
    clock,
    feed,
    controls: false,
    publicUrl: http.publicUrl,
    supportCenterUrl: options.supportCenterUrl,
    rateLimit: options.rateLimit,
    staffOrigins: options.staffOrigins,
    eventPingMs: options.eventPingMs,
  });
  const scheduler = startScheduler({
    intake: app.intake,
    intervalMs: options.tickIntervalMs ?? 10_000,
    rescanMs: options.rescanIntervalMs ?? 300_000,
    onError: (error) => log(`${NAME}: the scheduler's tick failed: ${error.message}`),
    sweep: async () => {
      await people.sweepSessions(new Date());
      await sweepRateBuckets(db, clock.now().getTime());
    },
  });
  // Deadlines that passed while no process ran are handled at once.
  void scheduler.tick();
  if (options.smtpUrl) {
    worker = startWorker({
      store,
      clock,
      intake: app.intake,
      directory: {
        get tenants() {
          return people.tenants();
        },
        staffAlerts,
      },
      policy: narrowPolicy(seed?.policy?.notifications),
      ledgerKeys,
      smtpUrl: options.smtpUrl,
      smtpFrom: options.smtpFrom,
      leaseSeconds: options.emailLeaseSeconds,
      pollMs: options.deliveryPollMs,
      onError: (error: Error, email?: OutboxEmail) =>
        log(`${NAME}: ${email ? `SMTP delivery of ${email.id} (attempt ${email.attempts}) failed` : 'email delivery failed'}: ${worker?.describe(error) ?? error.message}`),
    });
  }

  let closing: Promise<void> | undefined;
  const readiness = () => checkReadiness(db, expectedVersion, listener, closing !== undefined, people);
  http.serve({
    handle: (request) =>
      HEALTH_PATHS.has(new URL(request.url).pathname)
        ? healthResponse(request, readiness, () => ({ unauthenticatedRequests: app.unauthenticatedRequests }))
        : app.handle(request),
    methodsFor: (pathname) => (HEALTH_PATHS.has(pathname) ? ['GET', 'HEAD'] : app.methodsFor(pathname)),
  });
  const listening = http;

  return {
    /** The server's base URL, such as `http://127.0.0.1:4000`. */
    url: listening.url,
    /** Where links point: the public URL, or the base URL. */
    publicUrl: listening.publicUrl,
    port: listening.port,
    /** Where the records are, in words (no password). */
    database: describeDatabase(options),
    seed,
    /** Whether this start put the seed in the tables (they were empty); a later start keeps what is there. */
    seedImported,
    /** People and keys, in the tables. */
    accounts: people,
    clock,
    store,
    /** Where the activity log's secret came from: the configuration, or the database (made on the first start). */
    ledgerSecretFrom: options.ledgerSecret === undefined ? ('database' as const) : ('configuration' as const),
    /** The domain core. */
    intake: app.intake,
    /** What `/readyz` answers. */
    readiness,
    /** How many report event streams this process holds open. */
    get eventStreams() {
      return feed.size;
    },
    /**
     * Stops accepting connections, finishes the requests under way (cut off after
     * `shutdownTimeoutMs`), ends event streams, stops the scheduler, then closes the
     * database (unlocking a data folder).
     */
    close(): Promise<void> {
      closing ??= (async () => {
        const cutOff = setTimeout(() => listening.server.closeAllConnections(), options.shutdownTimeoutMs ?? 10_000);
        try {
          await listening.close();
        } finally {
          clearTimeout(cutOff);
        }
        await scheduler.stop();
        await worker?.stop();
        await people.close();
        await listener?.close();
        await db.close();
      })();
      return closing;
    },
  };
}

/** A running server made by {@link startServer}. */
export type IntakeServer = Awaited<ReturnType<typeof startServer>>;
