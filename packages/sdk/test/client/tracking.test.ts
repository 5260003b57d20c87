import { describe, expect, it } from 'vitest';
import type { Receipt, ReportView } from '../../src/index.ts';
import { AuthError, RequestError, ValidationError, type VulnReportError } from '../../src/index.ts';
import { DRAFT, testClient, useStub, waitFor } from '../support/node-vendor.ts';

const vendor = useStub();

async function sent(client = testClient()): Promise<Receipt> {
  const result = await client.report(DRAFT);
  if (result.status !== 'sent') throw new Error(`not sent: ${result.status}`);
  return result.receipt;
}

describe('after the receipt', () => {
  it('status() reads the reporter view with the tracking token', async () => {
    const client = testClient();
    const receipt = await sent(client);
    const view = await client.status(receipt);
    expect(view).toMatchObject({ id: receipt.id, state: 'received', title: DRAFT.title, timeline: [{ type: 'received' }] });
  });

  it('status() throws AuthError without the right credential and RequestError for an unknown report', async () => {
    const client = testClient();
    const receipt = await sent(client);
    await expect(client.status({ id: receipt.id, trackingToken: '' })).rejects.toThrow(AuthError);
    const error = await client.status({ id: 'r_404', trackingToken: receipt.trackingToken }).catch((caught: VulnReportError) => caught);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).problem).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('withdraw() closes a report not yet triaged; a second withdraw is a 409', async () => {
    const client = testClient();
    const receipt = await sent(client);
    expect(await client.withdraw(receipt)).toMatchObject({ state: 'closed', closeReason: 'withdrawn' });
    const error = await client.withdraw(receipt).catch((caught: VulnReportError) => caught);
    expect(error).toMatchObject({ name: 'RequestError', status: 409 });
  });

  it('reply() adds a message; an empty one is a ValidationError before sending', async () => {
    const client = testClient();
    const receipt = await sent(client);
    await vendor.triage(receipt.id, 'request-info', { message: 'Which browser?' });
    expect((await client.status(receipt)).state).toBe('needs-info');
    const view = await client.reply(receipt, '  Chromium 131  ');
    expect(view.state).toBe('received');
    expect(view.timeline.at(-1)).toMatchObject({ type: 'reporter-replied', message: 'Chromium 131' });
    const requests = vendor.requests.length;
    await expect(client.reply(receipt, '   ')).rejects.toThrow(ValidationError);
    expect(vendor.requests).toHaveLength(requests);
  });

  it('watch() reports each change and stops on a final state', async () => {
    const client = testClient();
    const receipt = await sent(client);
    const views: ReportView[] = [];
    const stop = client.watch(receipt, (view) => views.push(view), { intervalMs: 5, maxIntervalMs: 20 });
    await waitFor(() => views.length === 1);
    // Harm to the reporting customer only: the stub's severity rule makes it critical.
    await vendor.triage(receipt.id, 'assess', { dataCompromised: true, serverCompromised: false, denialOfService: false, scope: 'reporter-tenant' });
    await waitFor(() => views.length === 2);
    await vendor.triage(receipt.id, 'resolve', { fixedIn: '2.4.1', releaseNote: 'Project names are escaped everywhere.' });
    await waitFor(() => views.length === 3);
    const polls = vendor.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(vendor.requests).toHaveLength(polls);
    expect(views.map((view) => view.state)).toEqual(['received', 'triaged', 'resolved']);
    expect(views[1]).toMatchObject({ severity: 'critical' });
    expect(views[2]).toMatchObject({ fixedIn: '2.4.1' });
    stop();
  });

  it('watch() keeps polling through failures that may pass, and stops when told to', async () => {
    const client = testClient({ retry: { limit: 0 } });
    const receipt = await sent(client);
    vendor.failNext({ status: 503 }, { drop: true });
    const errors: VulnReportError[] = [];
    const views: ReportView[] = [];
    const stop = client.watch(receipt, (view) => views.push(view), { intervalMs: 5, onError: (error) => errors.push(error) });
    await waitFor(() => views.length === 1);
    expect(errors.map((error) => error.name)).toEqual(['ServerError', 'NetworkError']);
    stop();
    const polls = vendor.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(vendor.requests).toHaveLength(polls);
  });

  it('watch() stops for good on a refusal that polling cannot fix', async () => {
    const client = testClient();
    const receipt = await sent(client);
    const errors: VulnReportError[] = [];
    client.watch({ ...receipt, trackingToken: 'tt_wrong_but_long_enough' }, () => undefined, {
      intervalMs: 5,
      onError: (error) => errors.push(error),
    });
    await waitFor(() => errors.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(RequestError);
  });
});
