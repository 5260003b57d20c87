import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frame, openJournal, readRecords } from '../src/run/journal.ts';
import { startStubServer } from '../src/run/node-server.ts';
import { startCli } from './support/cli.ts';
import { draft } from './support/harness.ts';

const work = mkdtempSync(join(tmpdir(), 'vuln-report-durable-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let files = 0;
const fresh = () => join(work, `data-${++files}.json`);

describe('the journal', () => {
  it('reads back what was appended, in order, after a reopen', async () => {
    const path = fresh();
    const journal = openJournal(path);
    await Promise.all([1, 2, 3].map((n) => journal.append({ n })));
    await journal.close();
    expect(openJournal(path).loaded.records).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('drops a record torn by a crash, and truncates the file to the last whole one', async () => {
    const path = fresh();
    const journal = openJournal(path);
    await journal.append({ n: 1 });
    await journal.append({ n: 2 });
    await journal.close();
    const file = `${path}.journal.0`;
    const whole = statSync(file).size;
    appendFileSync(file, frame({ n: 3, text: 'x'.repeat(100) }).subarray(0, 40));
    const reopened = openJournal(path);
    expect(reopened.loaded.records).toEqual([{ n: 1 }, { n: 2 }]);
    expect(statSync(file).size).toBe(whole);
    await reopened.append({ n: 4 });
    await reopened.close();
    expect(openJournal(path).loaded.records).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }]);
  });

  it('refuses a journal damaged in the middle rather than drop what follows', () => {
    const bytes = Buffer.concat([frame({ n: 1 }), frame({ n: 2 }), frame({ n: 3 })]);
    bytes.writeUInt8(bytes.readUInt8(frame({ n: 1 }).length + 10) ^ 0xff, frame({ n: 1 }).length + 10);
    expect(() => readRecords(bytes)).toThrow(/damaged at byte/);
    // The same damage in the last record is what a torn write looks like: it is dropped.
    const last = Buffer.concat([frame({ n: 1 }), frame({ n: 2 })]);
    last.writeUInt8(last.readUInt8(last.length - 2) ^ 0xff, last.length - 2);
    expect(readRecords(last)).toEqual({ records: [{ n: 1 }], end: frame({ n: 1 }).length });
  });

  it('acknowledges each append only after its flush, and flushes many appends at once (group commit)', async () => {
    const path = fresh();
    let flushes = 0;
    const onDisk: number[] = [];
    const journal = openJournal(path, {
      sync: () => {
        flushes += 1;
        onDisk.push(...readRecords(readFileSync(`${path}.journal.0`)).records.map((record) => (record as { n: number }).n));
      },
    });
    const acknowledged: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        journal.append({ n }).then(() => {
          expect(onDisk).toContain(n);
          acknowledged.push(n);
        }),
      ),
    );
    expect(acknowledged).toHaveLength(200);
    expect(flushes).toBeLessThan(20);
    await journal.close();
  });

  it('starts a new file at compaction and replays only what came after the snapshot', async () => {
    const path = fresh();
    const journal = openJournal<{ total: number }>(path);
    await journal.append({ n: 1 });
    await journal.append({ n: 2 });
    await journal.compact({ total: 2 });
    await journal.append({ n: 3 });
    await journal.close();
    const reopened = openJournal<{ total: number }>(path);
    expect(reopened.loaded).toEqual({ snapshot: { total: 2 }, records: [{ n: 3 }] });
  });
});

describe('the stub on its data file', () => {
  it('stops, rather than acknowledge, when a write cannot be flushed', async () => {
    const fatal: Error[] = [];
    const server = await startStubServer({
      port: 0,
      dataFile: fresh(),
      journal: {
        sync: () => {
          throw new Error('EIO: the disk refused');
        },
        onFatal: (error) => fatal.push(error),
      },
    });
    try {
      const response = await fetch(`${server.url}/v1/reports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify(draft()),
      });
      expect(response.status).toBe(500);
      expect(await response.text()).not.toContain('EIO');
      expect(fatal.map((error) => error.message)).toEqual(['EIO: the disk refused']);
    } finally {
      await server.close().catch(() => undefined);
    }
  });

  it('keeps every acknowledged report, none twice, when killed with SIGKILL in the middle of a burst (5 rounds)', async () => {
    const dataFile = fresh();
    const acknowledged = new Map<string, { id: string; trackingToken: string }>();
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    for (let round = 0; round < 5; round++) {
      const run = startCli(['--port', '0', '--data', dataFile, '--no-rate-limit']);
      const url = await run.url;
      let answered = 0;
      const killed = new Promise<void>((resolve) => {
        const sends = Array.from({ length: 400 }, async (_, i) => {
          const key = crypto.randomUUID();
          try {
            const response = await postJson(agent, `${url}/v1/reports`, draft({ title: `Round ${round} report ${i}` }), {
              'X-Project-Key': 'pk_test_acme',
              'Idempotency-Key': key,
            });
            if (response.status === 201) acknowledged.set(`Round ${round} report ${i}`, JSON.parse(response.body));
          } catch {
            // The process died under this request: it was never acknowledged.
          }
          if (++answered === 120) {
            run.child.kill('SIGKILL');
            resolve();
          }
        });
        void Promise.all(sends).then(() => resolve());
      });
      await killed;
      await run.exited;
    }
    agent.destroy();

    const check = startCli(['--port', '0', '--data', dataFile, '--no-rate-limit']);
    const url = await check.url;
    try {
      for (const receipt of acknowledged.values()) {
        const view = await fetch(`${url}/v1/reports/${receipt.id}`, { headers: { Authorization: `Bearer ${receipt.trackingToken}` } });
        expect(view.status, receipt.id).toBe(200);
      }
      const titles: string[] = [];
      let cursor: string | undefined;
      do {
        const page = (await (await fetch(`${url}/v1/triage/reports?limit=100&mode=all${cursor ? `&cursor=${cursor}` : ''}`, { headers: { Authorization: 'Bearer staff_test_token' } })).json()) as {
          items: { title: string }[];
          nextCursor?: string;
        };
        titles.push(...page.items.map((item) => item.title));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(titles).size, 'no report stored twice').toBe(titles.length);
      for (const title of acknowledged.keys()) expect(titles).toContain(title);
      expect(acknowledged.size).toBeGreaterThan(5 * 100);
    } finally {
      check.child.kill('SIGTERM');
      await check.exited;
    }
  }, 120_000);
});

/** A POST over a keep-alive agent with node:http, which reports a reset connection as an error. */
async function postJson(agent: Agent, url: string, body: unknown, headers: Record<string, string>) {
  const { request } = await import('node:http');
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('old data files', () => {
  it('sets aside a data file of the older one-file format and starts empty, saying so', async () => {
    const dataFile = fresh();
    writeFileSync(dataFile, JSON.stringify({ reports: {}, outbox: [] }));
    const server = await startStubServer({ port: 0, dataFile });
    await server.close();
    expect(JSON.parse(readFileSync(`${dataFile}.old-format`, 'utf8'))).toEqual({ reports: {}, outbox: [] });
  });
});
