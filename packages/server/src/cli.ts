import { parseArgs } from 'node:util';
import { checkDatabaseUrl, checkHttpUrl, checkSmtpUrl, ConfigError, explainDatabaseError, loadSeedFile } from './config.ts';
import type { ServerOptions } from './server.ts';

// The server, the database drivers and the domain are loaded once the arguments are
// known to be usable: a mistyped option is answered at once.

/** Store options from the environment (as `storeOptionsFromEnv`, without loading the drivers). */
const storeOptionsFromEnv = (env: NodeJS.ProcessEnv) => ({
  databaseUrl: env.DATABASE_URL || undefined,
  dataDir: env.VULN_REPORT_DATA_DIR || undefined,
  schema: env.VULN_REPORT_DB_SCHEMA || undefined,
});

/** Where records go when neither a server nor a folder is given. */
export const DEFAULT_DATA_DIR = './vuln-report-data';

const USAGE = `vuln-report-server: the vuln-report intake on PostgreSQL

Usage:
  vuln-report-server [start] [--port 4000] [--host 127.0.0.1] [--public-url URL]
                     [--database-url URL | --data DIR] [--schema NAME]
                     [--seed demo|file.json] [--smtp smtp://host:port]
                     [--smtp-from ADDRESS] [--no-rate-limit]
  vuln-report-server admin create --email ADDRESS [--name NAME] [--roles admin,...]
                     [--database-url URL | --data DIR] [--schema NAME]
  vuln-report-server migrate [--database-url URL | --data DIR] [--schema NAME]

start    Runs the intake (the default command). With no database given it keeps its
         records in PGlite, embedded PostgreSQL, in ${DEFAULT_DATA_DIR} (locked against
         a second process); with --database-url (or DATABASE_URL) on that PostgreSQL
         server, where several processes may run side by side. It migrates the schema
         first, prints where its data is and its URL, answers /healthz and /readyz,
         and stops cleanly on SIGTERM or Ctrl-C (requests under way are finished).
           --port, --host   where to listen (default 127.0.0.1:4000, loopback only)
           --public-url     where links in receipts and emails point (default: the
                            address it listens on)
           --data           PGlite's data folder (default ${DEFAULT_DATA_DIR}; or
                            VULN_REPORT_DATA_DIR)
           --database-url   a PostgreSQL server (default: DATABASE_URL)
           --schema         the schema to keep the records in (default:
                            VULN_REPORT_DB_SCHEMA, or public)
           --seed           tenants, keys and staff, in the stub's seed format,
                            put in the tables on the first start only; \`demo\`
                            is the stub's documented seed (test credentials,
                            printed at start: not for production)
           --smtp           deliver the outbox over SMTP, retrying failed attempts
                            (without it emails stay queued in the outbox)
           --smtp-from      the sender of every email
           --no-rate-limit  turns the per-client rate limits off (load tests)
         The environment gives DATABASE_URL, VULN_REPORT_DATA_DIR,
         VULN_REPORT_DB_SCHEMA, VULN_REPORT_STAFF_ALERTS (addresses, comma-separated),
         VULN_REPORT_ENCRYPTION_KEY: 32 bytes (\`openssl rand -base64 32\`) that seal
         the tenants' secret keys, the same for every process (required with a
         PostgreSQL server; with a data folder, made beside it on the first start:
         <folder>.encryption-key), and
         VULN_REPORT_LEDGER_SECRET: the secret the activity log's signing and
         blinding keys derive from (the same for every process; default: a random
         one made on the first start and kept in the database).
admin create
         Makes a staff member with every role (or --roles), prints a new password
         for the console and an api token for scripts, once: only their hashes are
         kept. Run it before the first start, or with the server stopped when the
         records are in a data folder.
migrate  Brings the database's schema up to date and prints what it applied (start
         does this too; run it alone as a deployment step).`;

type Values = Record<string, string | boolean | undefined>;

const str = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);

function portOf(value: string | undefined): number {
  if (value === undefined) return 4000;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new ConfigError(`The port ${value} is not a port number; give one from 0 to 65535 with --port.`);
  return port;
}

/** The server's options from the command line, then the environment. */
async function serverOptions(values: Values, env: NodeJS.ProcessEnv): Promise<ServerOptions> {
  const fromEnv = storeOptionsFromEnv(env);
  const databaseUrl = str(values['database-url']) ?? fromEnv.databaseUrl;
  const dataDir = str(values.data) ?? fromEnv.dataDir;
  if (databaseUrl && str(values.data)) throw new ConfigError('Give either a PostgreSQL server (--database-url or DATABASE_URL) or a data folder (--data), not both.');
  const smtp = str(values.smtp);
  const from = str(values['smtp-from']);
  if (from !== undefined && !(await import('@vuln-report/server-stub')).isSenderAddress(from)) throw new ConfigError(`The sender ${from} is not an email address on one line; write it as "Security <security@example.com>".`);
  const seed = str(values.seed);
  const alerts = env.VULN_REPORT_STAFF_ALERTS?.split(',').map((address) => address.trim()).filter(Boolean);
  if (alerts?.length) {
    const { Email, validate } = await import('@vuln-report/contract');
    const bad = alerts.find((address) => !validate(Email, address).ok);
    if (bad !== undefined) throw new ConfigError(`VULN_REPORT_STAFF_ALERTS holds ${JSON.stringify(bad)}, which is not an email address; give addresses separated by commas.`);
  }
  const publicUrl = str(values['public-url']);
  return {
    port: portOf(str(values.port)),
    host: str(values.host) ?? '127.0.0.1',
    ...(publicUrl ? { publicUrl: checkHttpUrl(publicUrl, 'public URL') } : {}),
    ...(databaseUrl ? { databaseUrl: checkDatabaseUrl(databaseUrl) } : { dataDir: dataDir ?? DEFAULT_DATA_DIR }),
    schema: str(values.schema) ?? fromEnv.schema,
    ...(seed ? { seed: seed === 'demo' ? (await import('@vuln-report/server-stub')).DEFAULT_SEED : await loadSeedFile(seed) } : {}),
    ...(alerts?.length ? { staffAlerts: alerts } : {}),
    ...(env.VULN_REPORT_ENCRYPTION_KEY ? { encryptionKey: env.VULN_REPORT_ENCRYPTION_KEY } : {}),
    ...(smtp ? { smtpUrl: checkSmtpUrl(smtp) } : {}),
    ...(from ? { smtpFrom: from } : {}),
    ...(values['no-rate-limit'] ? { rateLimit: false as const } : {}),
    ...(env.VULN_REPORT_LEDGER_SECRET ? { ledgerSecret: checkLedgerSecret(env.VULN_REPORT_LEDGER_SECRET) } : {}),
  };
}

/** A ledger secret long enough not to be guessed. */
function checkLedgerSecret(secret: string): string {
  if (secret.length < 32) throw new ConfigError('VULN_REPORT_LEDGER_SECRET is shorter than 32 characters; use a long random value, such as the output of `openssl rand -hex 32`.');
  return secret;
}

async function start(values: Values): Promise<number> {
  const options = await serverOptions(values, process.env);
  const { startServer } = await import('./server.ts');
  const server = await startServer(options);
  console.log(`vuln-report-server: records in ${server.database}`);
  console.log(`vuln-report-server listening on ${server.url}`);
  if (server.publicUrl !== server.url) console.log(`  public URL (links): ${server.publicUrl}`);
  // The demo seed's credentials are documented test values; a seed file's secrets stay out of the logs.
  if (str(values.seed) === 'demo' && options.seed && server.seedImported) {
    for (const member of options.seed.staff) {
      const tokens = member.tokens?.length ? `token ${member.tokens.join(', ')}` : 'no token';
      const console_ = member.email ? `; console ${member.email}${member.password ? ` / ${member.password}` : ''}` : '';
      console.log(`  staff ${member.name} (${member.roles.join(', ')}): ${tokens}${console_}`);
    }
  }
  for (const tenant of server.accounts.tenants()) {
    const live = tenant.projectKeys.filter((key) => !key.revoked).map((key) => key.key);
    console.log(`  tenant ${tenant.id}: publishable keys ${live.join(', ') || 'none yet'}`);
  }
  if (!(await server.accounts.hasStaff())) {
    console.log('  no staff yet: make the first admin with `vuln-report-server admin create --email you@example.com` (stop the server first when its records are in a data folder)');
  }
  console.log(`  health: ${server.url}/healthz, ${server.url}/readyz; OpenAPI: ${server.url}/openapi.json`);
  console.log(options.smtpUrl ? `  email: delivered over ${new URL(options.smtpUrl).host}` : '  email: kept queued in the outbox (no --smtp)');
  if (server.ledgerSecretFrom === 'database') console.log('  activity log keys: from a secret made on the first start and kept in the database (VULN_REPORT_LEDGER_SECRET keeps it out of it)');
  const seedName = str(values.seed) === 'demo' ? 'the documented demo seed (test keys and tokens: not for production)' : str(values.seed);
  console.log(
    !options.seed
      ? '  seed: none (people and keys are in the database: the admin routes change them)'
      : server.seedImported
        ? `  seed: ${seedName}, put in the tables`
        : `  seed: ${seedName}, not put in the tables: they hold people and keys already (the admin routes change them)`,
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        console.error(`vuln-report-server: ${signal} again, stopping at once.`);
        process.exit(1);
      }
      stopping = true;
      console.log(`vuln-report-server: ${signal}, finishing the requests under way...`);
      server.close().then(
        () => {
          console.log('vuln-report-server: stopped.');
          resolve(0);
        },
        (error: unknown) => {
          console.error(`vuln-report-server: stopping failed: ${error instanceof Error ? error.message : String(error)}`);
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}

async function runMigrate(values: Values): Promise<number> {
  const env = storeOptionsFromEnv(process.env);
  const databaseUrl = str(values['database-url']) ?? env.databaseUrl;
  const options = {
    databaseUrl: databaseUrl ? checkDatabaseUrl(databaseUrl) : undefined,
    dataDir: str(values.data) ?? env.dataDir,
    schema: str(values.schema) ?? env.schema,
  };
  if (!options.databaseUrl && !options.dataDir) {
    throw new ConfigError('Give migrate a server (--database-url or DATABASE_URL) or a data folder (--data); an in-memory database would forget the migration at once.');
  }
  const [{ openDatabase }, { migrate }] = await Promise.all([import('./open.ts'), import('./db/migrate.ts')]);
  let db;
  try {
    db = await openDatabase(options);
  } catch (error) {
    throw explainDatabaseError(error, options);
  }
  try {
    const result = await migrate(db).catch((error: unknown) => {
      throw explainDatabaseError(error, options);
    });
    const where = db.kind === 'postgres' ? 'PostgreSQL' : `PGlite in ${options.dataDir}`;
    console.log(result.applied.length ? `Applied ${result.applied.join(', ')} on ${where}.` : `${where} is up to date (migration ${result.version}).`);
    return 0;
  } finally {
    await db.close();
  }
}

/** `admin create`: the first admin, with a password and an api token shown once. */
async function adminCreate(values: Values): Promise<number> {
  const env = storeOptionsFromEnv(process.env);
  const email = str(values.email);
  if (!email) throw new ConfigError('Give the admin’s email with --email you@example.com.');
  const roles = (str(values.roles) ?? 'triager,responder,legal,admin').split(',').map((role) => role.trim());
  const [{ StaffDraft, validate }, { createFirstAdmin }] = await Promise.all([import('@vuln-report/contract'), import('./admin-cli.ts')]);
  const name = str(values.name) ?? email.split('@')[0]!;
  const draft = validate(StaffDraft, { name, email, roles });
  if (!draft.ok) throw new ConfigError(`The admin cannot be made: ${draft.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}.`);
  if (!draft.value.roles.includes('admin')) throw new ConfigError('The first admin needs the admin role: add admin to --roles.');
  const databaseUrl = str(values['database-url']) ?? env.databaseUrl;
  const made = await createFirstAdmin({
    ...(databaseUrl ? { databaseUrl: checkDatabaseUrl(databaseUrl) } : { dataDir: str(values.data) ?? env.dataDir ?? DEFAULT_DATA_DIR }),
    schema: str(values.schema) ?? env.schema,
    encryptionKey: process.env.VULN_REPORT_ENCRYPTION_KEY || undefined,
    email: draft.value.email!,
    name: draft.value.name,
    roles: draft.value.roles,
  });
  console.log(`vuln-report-server: made ${made.member.name} <${email}> (${made.member.roles.join(', ')}), id ${made.member.id}.`);
  console.log('Shown this once; only their hashes are kept:');
  console.log(`  console password: ${made.password}`);
  console.log(`  api token:        ${made.token}`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string' },
        data: { type: 'string' },
        'database-url': { type: 'string' },
        schema: { type: 'string' },
        seed: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        roles: { type: 'string' },
        smtp: { type: 'string' },
        'smtp-from': { type: 'string' },
        'no-rate-limit': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`vuln-report-server: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals.join(' ') || 'start';
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!['start', 'migrate', 'admin create'].includes(command)) {
    console.error(`vuln-report-server: unknown command ${positionals.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  try {
    return command === 'migrate' ? await runMigrate(values) : command === 'admin create' ? await adminCreate(values) : await start(values);
  } catch (error) {
    // A configuration error is one sentence for the operator; anything else keeps its stack.
    if (error instanceof ConfigError) {
      console.error(`vuln-report-server: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`vuln-report-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
