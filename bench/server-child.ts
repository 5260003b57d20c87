/**
 * The production server (`@vuln-report/server`) in a process of its own, driven by
 * `server.ts` over IPC so the load generator does not share its event loop. Argument:
 * a JSON object of `startServer` options (a PGlite data folder, or a PostgreSQL URL and
 * schema). Messages: `count` answers how many reports are stored; `close` stops it.
 */
import { startServer } from '@vuln-report/server';
import { DEFAULT_SEED } from '@vuln-report/server-stub';

if (!process.send) throw new Error('run me through server.ts: I need an IPC channel');
const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof startServer>[0];
// The documented seed's keys, and a fixed encryption key: the bench's records are throwaway.
const server = await startServer({ seed: DEFAULT_SEED, encryptionKey: Buffer.alloc(32, 1).toString('base64'), ...options, port: 0, rateLimit: false, log: () => undefined });

process.on('message', async (message) => {
  if (message === 'count') {
    const rows = await server.store.db.transaction((sql) => sql.query<{ n: number }>('SELECT count(*)::int AS n FROM reports'));
    process.send!({ reports: rows[0]!.n });
  } else if (message === 'close') {
    await server.close();
    process.disconnect();
  }
});
process.send({ url: server.url });
