import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeServer } from '../src/server.ts';
import { call, freshSchema, postgresUnreachable, TEST_DATABASE_URL, startTestServer } from './support/server.ts';
import { HARDENING_LIMITS, itResistsHttpAttacks } from '../../server-stub/test/support/http-hardening.ts';

const unreachable = await postgresUnreachable();

/** The attacks on the HTTP adapter the stub and the server share, against the server, and what the server alone must refuse. */
describe.skipIf(unreachable)('the server, attacked', () => {
  const { schema, drop } = freshSchema();
  let server: IntakeServer;
  beforeAll(async () => {
    server = await startTestServer({
      port: 0,
      databaseUrl: TEST_DATABASE_URL,
      schema,
      publicUrl: 'https://intake.vendor.example',
      limits: HARDENING_LIMITS,
    });
  });
  afterAll(async () => {
    await server?.close();
    await drop();
  });

  it('has no test controls: /__stub/* is not there', async () => {
    for (const path of ['/__stub/reset', '/__stub/clock', '/__stub/faults']) {
      const response = await call(`${server.url}${path}`, { method: 'POST', headers: { Authorization: 'Bearer stub_control_token' }, body: {} });
      expect(response.status, path).toBe(404);
    }
  });

  itResistsHttpAttacks(async () => server);
});
