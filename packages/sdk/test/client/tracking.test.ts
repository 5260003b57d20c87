import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../src/index.ts';
import { AuthError, RequestError, ValidationError, type VulnReportError } from '../../src/index.ts';
import { DRAFT, testClient, useStub } from '../support/node-vendor.ts';

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

  it('reply() sends files with the message as multipart, within the limits; a refused file is a ValidationError before sending', async () => {
    const client = testClient();
    const receipt = await sent(client);
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])], 'screen.png', { type: 'image/png' });
    const view = await client.reply(receipt, 'The screenshot you asked for.', { attachments: [png] });
    expect(view.attachments).toEqual([expect.objectContaining({ name: 'screen.png', type: 'image/png' })]);
    expect(view.timeline.at(-1)).toMatchObject({ type: 'reporter-replied', attachments: [view.attachments[0]!.id] });
    const requests = vendor.requests.length;
    await expect(client.reply(receipt, 'A program', { attachments: [new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' })] })).rejects.toThrow(ValidationError);
    expect(vendor.requests).toHaveLength(requests);
  });
});
