import { LIMITS } from '@vuln-report/contract';
import { describe, expect, it } from 'vitest';
import { BASE, STAFF, useStub } from './support/harness.ts';

const { stub, receipt, staff, asReporter } = useStub();

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const png = (name = 'answer.png', bytes: Uint8Array = PNG) => new File([bytes as BlobPart], name, { type: 'image/png' });

/** Posts a multipart message with files, as the widget's reply box does. */
async function reply(id: string, token: string, message: string | undefined, files: File[]) {
  const form = new FormData();
  if (message !== undefined) form.append('message', message);
  for (const file of files) form.append('attachments', file);
  const response = await fetch(`${BASE}/v1/reports/${id}/messages`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  return { status: response.status, body: (await response.json()) as any };
}

describe('POST /v1/reports/{id}/messages with files', () => {
  it('stores the answer’s files with the report: the reporter sees them listed, staff download them', async () => {
    const r = await receipt();
    await staff('POST', `/v1/triage/reports/${r.id}/request-info`, { message: 'A screenshot, please?' });
    const answered = await reply(r.id, r.trackingToken, 'Here it is.', [png()]);
    expect(answered.status).toBe(200);
    expect(answered.body.state).toBe('received');
    expect(answered.body.attachments).toEqual([expect.objectContaining({ name: 'answer.png', type: 'image/png', size: PNG.length })]);
    const [file] = answered.body.attachments;
    expect(answered.body.timeline.at(-1)).toMatchObject({ type: 'reporter-replied', message: 'Here it is.', attachments: [file.id] });
    expect(answered.body.updatedAt).toBe(answered.body.timeline.at(-1).at);

    const download = await fetch(`${BASE}/v1/triage/reports/${r.id}/attachments/${file.id}`, { headers: STAFF });
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG);
  });

  it('takes a plain JSON message as before', async () => {
    const r = await receipt();
    const answered = await asReporter('POST', `/v1/reports/${r.id}/messages`, r.trackingToken, { message: 'Chromium 156.' });
    expect(answered.status).toBe(200);
    expect(answered.body.timeline.at(-1)).toEqual(expect.objectContaining({ type: 'reporter-replied', message: 'Chromium 156.' }));
    expect(answered.body.timeline.at(-1).attachments).toBeUndefined();
  });

  it('refuses a form without its message field, or with an empty one, and stores nothing', async () => {
    const r = await receipt();
    const missing = await reply(r.id, r.trackingToken, undefined, [png()]);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'message' })]);
    const empty = await reply(r.id, r.trackingToken, '   ', []);
    expect(empty.status).toBe(400);
    expect(stub.state.reports[r.id]!.timeline.map((entry) => entry.type)).not.toContain('reporter-replied');
  });

  it('refuses a file whose bytes are not its declared type', async () => {
    const r = await receipt();
    const answered = await reply(r.id, r.trackingToken, 'Here.', [new File(['not a png'], 'x.png', { type: 'image/png' })]);
    expect(answered.status).toBe(400);
    expect(answered.body.errors[0]).toMatchObject({ path: 'attachments.0.type', code: 'invalid_value' });
  });

  it('counts the report’s files before: more than the report’s limit is 413 and nothing is stored', async () => {
    const r = await receipt();
    for (let i = 0; i < LIMITS.attachmentsMax - 1; i++) expect((await reply(r.id, r.trackingToken, `file ${i}`, [png(`f${i}.png`)])).status).toBe(200);
    const over = await reply(r.id, r.trackingToken, 'two more', [png('a.png'), png('b.png')]);
    expect(over.status).toBe(413);
    expect(over.body.type).toBe('urn:vuln-report:problem:too-large');
    expect(stub.state.reports[r.id]!.attachments).toHaveLength(LIMITS.attachmentsMax - 1);
    expect(Object.keys(stub.state.attachments)).toHaveLength(LIMITS.attachmentsMax - 1);
    expect((await reply(r.id, r.trackingToken, 'the last one', [png('last.png')])).status).toBe(200);
  });

  it('refuses files on a report that takes no more messages', async () => {
    const r = await receipt();
    await asReporter('POST', `/v1/reports/${r.id}/withdraw`, r.trackingToken);
    const late = await reply(r.id, r.trackingToken, 'Too late?', [png()]);
    expect(late.status).toBe(409);
    expect(Object.keys(stub.state.attachments)).toEqual([]);
  });
});
