import { parseArgs } from 'node:util';
import { migrate } from './db/migrate.ts';
import { openDatabase, storeOptionsFromEnv } from './open.ts';

const USAGE = `Usage: vuln-report-server migrate [--database-url URL] [--data DIR] [--schema NAME]

  Brings the database's schema up to date and prints what it applied.
  --database-url  a PostgreSQL server (default: DATABASE_URL)
  --data          without a server: PGlite's data folder (default: VULN_REPORT_DATA_DIR)
  --schema        the schema to keep the records in (default: VULN_REPORT_DB_SCHEMA, or public)`;

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'database-url': { type: 'string' }, data: { type: 'string' }, schema: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals[0] !== 'migrate' || positionals.length !== 1) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const env = storeOptionsFromEnv(process.env);
  const options = {
    databaseUrl: values['database-url'] ?? env.databaseUrl,
    dataDir: values.data ?? env.dataDir,
    schema: values.schema ?? env.schema,
  };
  if (!options.databaseUrl && !options.dataDir) {
    console.error('vuln-report-server migrate: give a server (--database-url or DATABASE_URL) or a data folder (--data); an in-memory database would forget the migration at once.');
    return 2;
  }
  const db = await openDatabase(options);
  try {
    const result = await migrate(db);
    const where = db.kind === 'postgres' ? 'PostgreSQL' : `PGlite in ${options.dataDir}`;
    console.log(result.applied.length ? `Applied ${result.applied.join(', ')} on ${where}.` : `${where} is up to date (migration ${result.version}).`);
    return 0;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`vuln-report-server migrate: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
