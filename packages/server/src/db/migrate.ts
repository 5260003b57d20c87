import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { Database } from './database.ts';

/** The folder of versioned SQL files, shipped with the package (`migrations/NNNN_name.sql`). */
export const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url);

/** One versioned change to the schema. */
export interface Migration {
  version: number;
  /** The file's name, `0001_initial.sql`. */
  name: string;
  sql: string;
  /** SHA-256 of the file: an applied migration must never change. */
  checksum: string;
}

const FILE_NAME = /^(\d{4})_[a-z0-9_-]+\.sql$/;

/** The migrations in `dir`, oldest first. */
export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = FILE_NAME.exec(name);
    if (!match) throw new Error(`The migration file ${name} is not named NNNN_name.sql.`);
    const sql = await readFile(new URL(name, dir), 'utf8');
    const version = Number(match[1]);
    if (migrations.at(-1)?.version === version) throw new Error(`Two migrations have the version ${match[1]}.`);
    migrations.push({ version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

/** What {@link migrate} did. */
export interface MigrationResult {
  /** The migrations applied by this call, oldest first (none when the schema was current). */
  applied: string[];
  /** Every migration now in the database. */
  version: number;
}

/**
 * Brings the database's schema up to date: in one transaction, under an advisory lock
 * so that intakes starting together migrate once, applies every migration not yet
 * recorded in `vuln_report_migrations`, in order. Refuses a database whose recorded
 * migrations differ from the files (changed after they were applied, or newer than
 * this code).
 */
export async function migrate(db: Database, migrations?: readonly Migration[]): Promise<MigrationResult> {
  const files = migrations ?? (await loadMigrations());
  return db.transaction(async (sql) => {
    await sql.query("SELECT pg_advisory_xact_lock(hashtextextended('vuln-report migrate ' || $1, 0))", [db.schema ?? '']);
    if (db.schema) await sql.exec(`CREATE SCHEMA IF NOT EXISTS ${db.schema}`);
    await sql.exec(`CREATE TABLE IF NOT EXISTS vuln_report_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const recorded = await sql.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM vuln_report_migrations ORDER BY version');
    const known = new Map(files.map((file) => [file.version, file]));
    for (const row of recorded) {
      const file = known.get(row.version);
      if (!file) throw new Error(`The database has migration ${row.name}, which this version of the intake does not know: run a newer intake.`);
      if (file.checksum !== row.checksum) throw new Error(`The migration ${file.name} changed after it was applied; add a new migration instead of editing an applied one.`);
    }
    const done = new Set(recorded.map((row) => row.version));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file.version)) continue;
      await sql.exec(file.sql);
      await sql.query('INSERT INTO vuln_report_migrations (version, name, checksum) VALUES ($1, $2, $3)', [file.version, file.name, file.checksum]);
      applied.push(file.name);
    }
    return { applied, version: files.at(-1)?.version ?? 0 };
  });
}
