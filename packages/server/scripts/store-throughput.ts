/**
 * Single-row insert throughput of the store: units of work that each put one new
 * report (one INSERT, one COMMIT), one after another and 8 at a time, on PGlite in
 * memory, PGlite in a data folder, and PostgreSQL (TEST_DATABASE_URL or the machine's).
 *
 *   npx tsx --conditions=vuln-report-source packages/server/scripts/store-throughput.ts [units]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredReport } from '@vuln-report/server-stub/core';
import { connectPostgres } from '../src/db/postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { openStore } from '../src/open.ts';
import { createPostgresStore, type PostgresStore } from '../src/store/postgres-store.ts';

const UNITS = Number(process.argv[2] ?? 2000);
const URL_ = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const report = (id: string) =>
  ({
    id,
    tenant: 'acme',
    projectKey: 'pk_test_acme',
    trackingToken: `trk_${id}`,
    draft: { kind: 'vulnerability', title: `Report ${id}`, description: 'x'.repeat(400) },
    attachments: [],
    state: 'received',
    dataLossSuspected: false,
    urgent: false,
    receivedAt: new Date().toISOString(),
    acknowledgeBy: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    timeline: [{ at: new Date().toISOString(), type: 'received' }],
  }) as unknown as StoredReport;

async function measure(name: string, store: PostgresStore, concurrency: number) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < UNITS) {
        const id = `rpt_${name.replace(/\W/g, '')}_${concurrency}_${next++}`;
        await store.transaction(async (tx) => tx.putReport(report(id)));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`${name}, ${concurrency} at a time: ${Math.round(UNITS / seconds)} single-row units/s (${UNITS} in ${seconds.toFixed(2)} s)`);
}

const memory = await openStore();
await measure('PGlite in memory', memory, 1);
await memory.close();

const dir = mkdtempSync(join(tmpdir(), 'vuln-report-throughput-'));
try {
  const folder = await openStore({ dataDir: join(dir, 'data') });
  await measure('PGlite in a data folder', folder, 1);
  await measure('PGlite in a data folder', folder, 8);
  await folder.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const schema = `vr_throughput_${process.pid}`;
const db = connectPostgres({ connectionString: URL_, schema });
await migrate(db);
const server = createPostgresStore(db);
try {
  await measure('PostgreSQL', server, 1);
  await measure('PostgreSQL', server, 8);
} finally {
  await db.transaction((sql) => sql.exec(`DROP SCHEMA ${schema} CASCADE`));
  await server.close();
}
