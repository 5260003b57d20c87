import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeSqlStore } from './sql-store.ts';
import { describeStoreContract } from './store-contract.ts';
import { at, report } from './support/fixtures.ts';
import { freshPostgresStore, postgresUnreachable, TEST_DATABASE_URL } from './support/postgres.ts';

const unreachable = await postgresUnreachable();
if (unreachable) console.warn(`PostgreSQL store tests skipped: ${unreachable}.`);

// Each test on a schema of its own, dropped after it.
async function freshStore() {
  const { store, drop } = await freshPostgresStore();
  return { store, db: store.db, close: drop };
}

describeStoreContract('PostgreSQL', freshStore, { skip: unreachable });
describeSqlStore('PostgreSQL', freshStore, { skip: unreachable });

describe.skipIf(Boolean(unreachable))('the SQL store on PostgreSQL, with units that overlap', () => {
  let subject: Awaited<ReturnType<typeof freshPostgresStore>>;
  let outside: pg.Client;
  beforeEach(async () => {
    subject = await freshPostgresStore();
    outside = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${subject.schema}` });
    await outside.connect();
  });
  afterEach(async () => {
    await outside?.end();
    await subject?.drop();
  });
  const countReports = async () => (await outside.query<{ n: number }>('SELECT count(*)::int AS n FROM reports')).rows[0]!.n;

  it('sends writes before COMMIT, shows them to others only after it, and resolves after it', async () => {
    const seenOutside: number[] = [];
    const done = subject.store.transaction(async (tx) => {
      tx.putReport(report('rpt_1'));
      // A read waits for the unit's writes: the row is in the database, uncommitted.
      expect(await tx.report('rpt_1')).toBeDefined();
      const [{ n }] = (await outside.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'reports' AND l.mode = 'RowExclusiveLock'")).rows as [{ n: number }];
      seenOutside.push(n, await countReports());
    });
    await done;
    expect(seenOutside).toEqual([1, 0]);
    expect(await countReports()).toBe(1);
  });

  it('refuses to write back a record read through a list when another unit changed it meanwhile', async () => {
    await subject.store.transaction(async (tx) => tx.putReport(report('rpt_1', { state: 'needs-info', needsInfoSince: at(0) })));
    let listed!: () => void;
    const hasListed = new Promise<void>((resolve) => (listed = resolve));
    let changed!: () => void;
    const hasChanged = new Promise<void>((resolve) => (changed = resolve));
    const stale = subject.store.transaction(async (tx) => {
      const [open] = await tx.reportsWithDeadlines();
      listed();
      await hasChanged;
      tx.putReport({ ...open!, state: 'closed', closeReason: 'stale' });
    });
    await hasListed;
    await subject.store.transaction(async (tx) => {
      const read = (await tx.report('rpt_1'))!;
      tx.putReport({ ...read, state: 'received', timeline: [...read.timeline, { at: at(1), type: 'reporter-replied', message: 'Here it is.' } as never] });
    });
    changed();
    await expect(stale).rejects.toThrow('Report rpt_1 was changed by another unit of work after this one read it');
    const kept = await subject.store.transaction(async (tx) => (await tx.report('rpt_1'))!);
    expect(kept.state).toBe('received');
    expect(kept.timeline).toHaveLength(2);
  });
});
