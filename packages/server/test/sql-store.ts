import { createPostgresStore, type PostgresStore } from '../src/store/postgres-store.ts';
import type { Database } from '../src/db/database.ts';
import { loadMigrations, migrate, type Migration } from '../src/db/migrate.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyActivityLog } from '@vuln-report/server-stub/core';
import { activity, at, email, report } from './support/fixtures.ts';

/** A migrated store of its own, its database, and how to dispose of both. */
export interface SqlSubject {
  store: PostgresStore;
  db: Database;
  close: () => Promise<void>;
}

/**
 * What the SQL store does beyond the store interface, on PGlite and on a server alike:
 * migrations, the columns beside the documents, the chain's and the log's guards, and
 * its refusals.
 */
export function describeSqlStore(name: string, open: () => Promise<SqlSubject>, options: { skip?: string | undefined } = {}) {
  describe.skipIf(Boolean(options.skip))(`the SQL store on ${name}`, () => {
    let subject: SqlSubject;
    let store: PostgresStore;
    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(() => subject?.close());
    const rows = <Row extends object>(text: string, params: unknown[] = []) => subject.db.transaction((sql) => sql.query<Row>(text, params));

    it('sends a unit’s writes to distinct records as one statement, two writes of one record one after the other, and a batch that fails keeps nothing', async () => {
      const statements: string[] = [];
      const { db } = subject;
      const counted: Database = {
        kind: db.kind,
        schema: db.schema,
        query: (text, params) => db.query(text, params),
        listen: (channel, onMessage, onGap) => db.listen(channel, onMessage, onGap),
        close: () => db.close(),
        transaction: (work) =>
          db.transaction((sql) =>
            work({
              query: (text, params) => {
                statements.push(text);
                return sql.query(text, params);
              },
              exec: (script) => sql.exec(script),
            }),
          ),
      };
      const counting = createPostgresStore(counted);
      await counting.transaction(async (tx) => {
        tx.putReport(report('rpt_b1'));
        tx.addEmail(email('eml_b1'));
        tx.addEmail(email('eml_b2'));
        tx.putIdempotency('k1', { bodyHash: 'b1' } as never);
        tx.appendActivity({ at: at(0), actor: 'reporter', channel: 'sdk', action: 'report.submit', target: 'rpt_b1', tenants: ['acme'], outcome: 'ok' });
      });
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/^WITH w0 AS \(/);
      await store.transaction(async (tx) => {
        expect(await tx.report('rpt_b1')).toMatchObject({ id: 'rpt_b1' });
        expect(await tx.email('eml_b2')).toMatchObject({ id: 'eml_b2' });
        expect(await tx.idempotency('k1')).toEqual({ bodyHash: 'b1' });
      });

      statements.length = 0;
      await counting.transaction(async (tx) => {
        const read = (await tx.report('rpt_b1'))!;
        tx.putReport({ ...read, updatedAt: at(1) });
        tx.putReport({ ...read, updatedAt: at(2) });
      });
      expect(statements.filter((text) => text.startsWith('WITH w0'))).toEqual([]);
      expect(await store.transaction(async (tx) => (await tx.report('rpt_b1'))!.updatedAt)).toBe(at(2));

      await expect(
        counting.transaction(async (tx) => {
          tx.putReport(report('rpt_b2'));
          tx.addEmail(email('eml_b1'));
        }),
      ).rejects.toThrow('Email eml_b1 already exists.');
      expect(await store.transaction((tx) => tx.report('rpt_b2'))).toBeUndefined();
    });

    it('migrates once: a second run applies nothing, and a changed or unknown migration is refused', async () => {
      const files = await loadMigrations();
      expect(await migrate(subject.db)).toEqual({ applied: [], version: files.at(-1)!.version });
      const recorded = await rows<{ name: string }>('SELECT name FROM vuln_report_migrations ORDER BY version');
      expect(recorded.map((row) => row.name)).toEqual(files.map((file) => file.name));
      const edited: Migration[] = files.map((file, i) => (i === 0 ? { ...file, checksum: 'edited' } : file));
      await expect(migrate(subject.db, edited)).rejects.toThrow(`The migration ${files[0]!.name} changed after it was applied`);
      await expect(migrate(subject.db, files.slice(0, 0))).rejects.toThrow('which this version of the intake does not know');
    });

    it('derives each list column from the document it writes, and keeps attachment bytes as bytea', async () => {
      await store.transaction(async (tx) => {
        tx.putReport(report('rpt_1', { tenant: 'globex', state: 'triaged', severity: 'critical', acknowledgedAt: at(3) }));
        tx.putAttachmentData('rpt_1', 'att_1', Buffer.from([0, 1, 2, 255]).toString('base64'));
        tx.addEmail(email('eml_1', { attempts: 1, nextAttemptAt: at(7) }));
      });
      const [row] = await rows<{ tenant: string; state: string; severity: string; acknowledged: boolean; received: boolean; version: number }>(
        "SELECT tenant, state, severity, acknowledged_at = $1::timestamptz AS acknowledged, received_at = $2::timestamptz AS received, version FROM reports WHERE id = 'rpt_1'",
        [at(3), at(0)],
      );
      expect(row).toEqual({ tenant: 'globex', state: 'triaged', severity: 'critical', acknowledged: true, received: true, version: 1 });
      expect(await rows("SELECT octet_length(data) AS bytes FROM attachments WHERE report_id = 'rpt_1'")).toEqual([{ bytes: 4 }]);
      expect(await rows("SELECT due_at = $1::timestamptz AS due FROM outbox WHERE id = 'eml_1'", [at(7)])).toEqual([{ due: true }]);
    });

    it('adds entries unplaced, taking no lock, and places them in order of arrival when the log is next read', async () => {
      const [first, second, third] = activity(3);
      await store.transaction(async (tx) => tx.appendActivity(first!));
      await store.transaction(async (tx) => {
        tx.appendActivity(second!);
        tx.appendActivity(third!);
      });
      // Whatever place a record claims is ignored: the sealer gives each its own.
      await store.transaction(async (tx) => tx.appendActivity({ ...first!, seq: 99, prevHash: 'f'.repeat(64) } as never));
      expect(await rows('SELECT (SELECT count(*)::int FROM activity_pending) AS pending, (SELECT count(*)::int FROM activity_log) AS placed')).toEqual([{ pending: 4, placed: 0 }]);
      const log = await store.transaction(async (tx) => (await tx.listActivity({})).items);
      expect(log.slice(0, 3)).toEqual([first, second, third]);
      expect(log[3]).toMatchObject({ seq: 4, prevHash: third!.hash, target: first!.target });
      expect(verifyActivityLog(log)).toEqual({ ok: true, entries: 4 });
      expect(await rows('SELECT (SELECT count(*)::int FROM activity_pending) AS pending, (SELECT count(*)::int FROM activity_log) AS placed')).toEqual([{ pending: 0, placed: 4 }]);
    });

    it('keeps the activity log append-only, even to SQL written by hand', async () => {
      await store.transaction(async (tx) => activity(2).forEach((entry) => tx.appendActivity(entry)));
      await store.transaction(async (tx) => tx.listActivity({}));
      for (const statement of ["UPDATE activity_log SET entry = '{}' WHERE seq = 1", 'DELETE FROM activity_log WHERE seq = 2', 'TRUNCATE activity_log']) {
        await expect(rows(statement)).rejects.toThrow('The activity log is append-only');
      }
      expect(await rows('SELECT count(*)::int AS n FROM activity_log')).toEqual([{ n: 2 }]);
    });

    it('refuses a StoreTx used after its unit ended', async () => {
      let leaked!: Parameters<Parameters<PostgresStore['transaction']>[0]>[0];
      await store.transaction(async (tx) => {
        leaked = tx;
      });
      await expect(leaked.report('rpt_1')).rejects.toThrow('This unit of work has ended');
      expect(() => leaked.putReport(report('rpt_1'))).toThrow('This unit of work has ended');
    });

    it('says plainly that PostgreSQL cannot store U+0000 or an unpaired surrogate', async () => {
      for (const title of ['a\u0000b', 'a\ud800b']) {
        await expect(store.transaction(async (tx) => tx.putReport(report('rpt_1', { draft: { title } as never })))).rejects.toThrow(
          'Report rpt_1 holds U+0000 or an unpaired surrogate, which PostgreSQL cannot store.',
        );
      }
    });

    it('fails a unit whose attachment belongs to no stored report, when it commits', async () => {
      await expect(store.transaction(async (tx) => tx.putAttachmentData('rpt_none', 'att_1', 'AAAA'))).rejects.toThrow(/foreign key/);
      expect(await rows('SELECT count(*)::int AS n FROM attachments')).toEqual([{ n: 0 }]);
    });
  });
}
