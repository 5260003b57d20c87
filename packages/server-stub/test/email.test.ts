import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED } from '../src/seed.ts';
import { startStubServer, type StubServer } from '../src/run/node-server.ts';
import { runConformance } from '../src/conformance/suite.ts';
import { draft } from './support/harness.ts';
import { SUITE_CREDENTIALS } from './support/suite-credentials.ts';
import { useSmtpSink } from './support/smtp-sink.ts';

const sink = useSmtpSink();

const hostile = {
  title: '<script>alert("title")</script> Bcc: victim@example.com',
  description: 'Line one\r\nBcc: attacker@evil.example\r\n\r\n<img src=x onerror=alert(1)> {{7*7}} ${process.env}',
};

async function withServer(run: (server: StubServer) => Promise<void>) {
  const server = await startStubServer({ port: 0, smtpUrl: sink.url });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

const staff = { Authorization: 'Bearer staff_test_token', 'Content-Type': 'application/json' };

describe('SMTP delivery', () => {
  it('delivers nothing to an authorized contact in a test-mode conformance run, which passes; a live report still reaches them', async () => {
    const seed = { ...DEFAULT_SEED, tenants: DEFAULT_SEED.tenants.map((tenant) => (tenant.id === 'acme' ? { ...tenant, testRecipients: ['qa@acme.example'] } : tenant)) };
    const server = await startStubServer({ port: 0, smtpUrl: sink.url, seed });
    const contacts = DEFAULT_SEED.tenants.flatMap((tenant) => tenant.supportContacts.map((contact) => contact.email));
    try {
      const results = await runConformance({ baseUrl: server.url, ...SUITE_CREDENTIALS });
      expect(results.filter((result) => !result.ok)).toEqual([]);
      await server.close();
      const delivered = sink.received.flatMap((mail) => (mail.to && 'value' in mail.to ? mail.to.value.map((address) => address.address) : []));
      expect(delivered.filter((address) => contacts.includes(address ?? ''))).toEqual([]);
      expect(delivered.length).toBeGreaterThan(0);
      expect(new Set(delivered)).toEqual(new Set(['qa@acme.example']));
      // Recorded as sent, with the intended recipient kept and the real one beside it.
      const toContact = server.stub.state.outbox.find((email) => email.to === 'security@acme.example')!;
      expect(toContact).toMatchObject({ mode: 'test', status: 'sent', deliveredTo: ['qa@acme.example'] });
    } finally {
      await server.close();
    }
    sink.received.length = 0;
    await withServer(async (live) => {
      const receipt = await (
        await fetch(`${live.url}/v1/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_live_acme', 'Idempotency-Key': crypto.randomUUID() }, body: JSON.stringify(draft()) })
      ).json();
      await fetch(`${live.url}/v1/triage/reports/${receipt.id}/data-loss`, { method: 'POST', headers: staff, body: JSON.stringify({ affectedTenants: ['acme'], actionTaken: 'Restored.', customerMeasures: 'Rotate keys.' }) });
      await live.close();
      const delivered = sink.received.flatMap((mail) => (mail.to && 'value' in mail.to ? mail.to.value.map((address) => address.address) : []));
      expect(delivered).toEqual(expect.arrayContaining(['security@acme.example', 'ops@acme.example']));
    });
  });

  it('delivers every outbox email as plain text, hostile reporter text included as text', async () => {
    await withServer(async (server) => {
      const response = await fetch(`${server.url}/v1/reports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_live_acme', 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify(draft({ ...hostile, reporter: { email: 'ada@example.com', name: 'Ada' } })),
      });
      const receipt = await response.json();
      await fetch(`${server.url}/v1/triage/reports/${receipt.id}/assess`, {
        method: 'POST',
        headers: staff,
        body: JSON.stringify({ vulnerability: true, dataCompromised: true, serverCompromised: false, denialOfService: false, scope: 'reporter-tenant' }),
      });
      await fetch(`${server.url}/v1/triage/reports/${receipt.id}/resolve`, {
        method: 'POST',
        headers: staff,
        body: JSON.stringify({ fixedIn: '3.1.4', releaseNote: 'Titles are escaped.\nBcc: sneaky@evil.example', details: '<b>bold?</b>', affectedVersions: ['< 3.1.4'] }),
      });
      await server.close();
      const outbox = server.stub.state.outbox;
      expect(sink.received).toHaveLength(outbox.length);
      const contacts = DEFAULT_SEED.tenants.flatMap((tenant) => tenant.supportContacts.map((contact) => contact.email));
      expect(outbox.map((mail) => mail.to).sort()).toEqual(['ada@example.com', 'ada@example.com', ...contacts, 'security-team@vendor.example'].sort());

      for (const mail of sink.received) {
        expect(mail.html).toBe(false);
        expect(mail.headers.has('bcc')).toBe(false);
        expect(mail.to && 'text' in mail.to ? mail.to.text : '').not.toContain('evil.example');
        const original = outbox.find((email) => email.id === mail.headers.get('x-vuln-report-email'))!;
        expect(mail.subject).toBe(original.subject);
        expect(mail.text?.trimEnd()).toBe(original.text.trimEnd());
      }
      const ack = sink.received.find((mail) => mail.headers.get('x-vuln-report-kind') === 'acknowledgement')!;
      expect(ack.text).toContain('<script>alert("title")</script>');
      const resolution = sink.received.find((mail) => mail.headers.get('x-vuln-report-kind') === 'resolution' && mail.to && 'text' in mail.to && mail.to.text === 'security@acme.example')!;
      expect(resolution.text).toContain('<b>bold?</b>');
      expect(resolution.text).not.toContain('<script>');
    });
  });

  it('keeps subjects to one line, whatever a staff member types', async () => {
    await withServer(async (server) => {
      const response = await fetch(`${server.url}/v1/triage/incidents`, {
        method: 'POST',
        headers: staff,
        body: JSON.stringify({ title: 'Storage\nBcc: x@evil.example', affectedTenants: ['globex'], detectedAt: new Date(Date.now() - 1000).toISOString(), recommendedMeasures: 'Rotate keys.' }),
      });
      expect(response.status).toBe(400);
      const created = await fetch(`${server.url}/v1/triage/incidents`, {
        method: 'POST',
        headers: staff,
        body: JSON.stringify({ title: 'Storage exposure', affectedTenants: ['globex'], detectedAt: new Date(Date.now() - 1000).toISOString(), recommendedMeasures: 'Rotate keys.\r\nBcc: x@evil.example' }),
      });
      const incident = await created.json();
      await fetch(`${server.url}/v1/triage/incidents/${incident.id}/notify`, { method: 'POST', headers: staff, body: '{}' });
      await server.close();
      expect(sink.received).toHaveLength(1);
      expect(sink.received[0]!.subject).toBe('Security incident affecting Globex: Storage exposure');
      expect(sink.received[0]!.headers.has('bcc')).toBe(false);
      expect(sink.received[0]!.text).toContain('Bcc: x@evil.example');
    });
  });
});
