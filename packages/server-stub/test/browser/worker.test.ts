import { expect } from '@open-wc/testing';
import { startStubWorker } from '../../src/run/browser.ts';

/** A vendor origin with no server behind it: only the service worker answers. */
const INTAKE = 'http://127.0.0.1:4999';

describe('the stub in a service worker', () => {
  let running: Awaited<ReturnType<typeof startStubWorker>>;

  before(async () => {
    running = await startStubWorker({ rateLimit: false });
  });
  after(() => running.stop());

  it('takes a report from the page and lets the reporter read it back', async () => {
    const response = await fetch(`${INTAKE}/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ kind: 'bug', title: '<b>Export</b> fails', description: 'Nothing downloads.' }),
    });
    expect(response.status).to.equal(201);
    const receipt = await response.json();
    const view = await fetch(`${INTAKE}/v1/reports/${receipt.id}`, { headers: { Authorization: `Bearer ${receipt.trackingToken}` } });
    expect((await view.json()).title).to.equal('<b>Export</b> fails');
    expect(Object.keys(running.stub.state.reports)).to.deep.equal([receipt.id]);
  });

  it('answers an unknown project key with problem details the page can read', async () => {
    const response = await fetch(`${INTAKE}/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_unknown', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ kind: 'bug', title: 't', description: 'd' }),
    });
    expect(response.status).to.equal(401);
    expect(response.headers.get('content-type')).to.contain('application/problem+json');
    expect((await response.json()).detail).to.equal('Unknown project key.');
  });

  it('serves the staff routes to the page, for a console with no server', async () => {
    const sla = await fetch(`${INTAKE}/v1/triage/sla`, { headers: { Authorization: 'Bearer staff_test_token' } });
    expect(sla.status).to.equal(200);
    expect(running.stub.state.activityLog.at(-1)?.channel).to.equal('api');
  });
});
