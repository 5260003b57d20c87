import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFolder } from '../src/db/folder-lock.ts';
import { freshSchema, postgresUnreachable, startCli, TEST_DATABASE_URL } from './support/server.ts';

const unreachable = await postgresUnreachable();
/** A PostgreSQL test, run beside the others of this file. */
const itWithPostgres = unreachable ? it.skip : it.concurrent;
const work = mkdtempSync(join(tmpdir(), 'vuln-report-server-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A run that must fail at start: its exit code and what it wrote to standard error. */
async function failing(args: string[]) {
  const run = startCli(args);
  const code = await run.exited;
  return { code, stderr: run.stderr, stdout: run.stdout };
}

/** One line, ending with a full stop, naming the program. */
const ONE_SENTENCE = /^vuln-report-server: [^\n]+\.\n$/;

describe('vuln-report-server', () => {
  it.concurrent('refuses a database URL that is not one, in one sentence, without its password', async () => {
    const { code, stderr } = await failing(['--database-url', 'mysql://root:hunter2@db/app']);
    expect(code).toBe(2);
    expect(stderr).toMatch(ONE_SENTENCE);
    expect(stderr).toContain('is not a PostgreSQL URL');
    expect(stderr).not.toContain('hunter2');
  });

  it.concurrent('refuses a data folder in use by another process, in one sentence', async () => {
    const dir = join(work, 'locked');
    const unlock = lockFolder(dir);
    try {
      const { code, stderr } = await failing(['--data', dir, '--port', '0']);
      expect(code).toBe(2);
      expect(stderr).toBe(`vuln-report-server: The data folder ${dir} is in use by process ${process.pid} on ${(await import('node:os')).hostname()} (vuln-report.lock); stop that process or choose another folder.\n`);
    } finally {
      unlock();
    }
  });

  itWithPostgres('refuses a busy port, in one sentence', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const { schema, drop } = freshSchema();
    try {
      const { code, stderr } = await failing(['--port', String(port), '--database-url', TEST_DATABASE_URL, '--schema', schema]);
      expect(code).toBe(2);
      expect(stderr).toBe(`vuln-report-server: Port ${port} on 127.0.0.1 is already in use; stop what runs there or choose another port with --port.\n`);
    } finally {
      taken.close();
      await drop();
    }
  });

  it.concurrent('refuses an unknown option with its usage', async () => {
    const { code, stderr } = await failing(['--prot', '4000']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--prot'/);
    expect(stderr).toMatch(/Usage:/);
  });

  itWithPostgres('migrates a database as a step of its own, once', async () => {
    const { schema, drop } = freshSchema();
    try {
      const first = startCli(['migrate', '--database-url', TEST_DATABASE_URL, '--schema', schema]);
      expect(await first.exited).toBe(0);
      expect(first.stdout).toMatch(/^Applied 0001_initial\.sql, .*0006_people_and_keys\.sql on PostgreSQL\.\n$/);
      const again = startCli(['migrate', '--database-url', TEST_DATABASE_URL, '--schema', schema]);
      expect(await again.exited).toBe(0);
      expect(again.stdout).toMatch(/^PostgreSQL is up to date \(migration \d+\)\.\n$/);
    } finally {
      await drop();
    }
  });
});
