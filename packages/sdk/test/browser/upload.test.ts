import { expect } from '@open-wc/testing';
import { createClient, memoryQueue, type Client } from '../../src/index.ts';
import { progressFetch } from '../../src/upload/index.ts';
import { DRAFT, FAST, vendor } from './support/helpers.ts';

describe('upload progress in Chromium (XMLHttpRequest.upload)', () => {
  const clients: Client[] = [];
  beforeEach(() => vendor.reset());
  afterEach(() => clients.splice(0).forEach((client) => client.close()));

  const client = () => {
    const made = createClient({ ...FAST, queue: memoryQueue() });
    clients.push(made);
    return made;
  };

  it('tells how much of a report’s files is sent, then answers as fetch would', async () => {
    const seen: Array<[number, number]> = [];
    const log = new File([new Uint8Array(2 * 1024 * 1024).fill(65)], 'big.txt', { type: 'text/plain' });
    const result = await client().report(DRAFT, { attachments: [log], fetch: progressFetch((sent, total) => seen.push([sent, total])) });
    expect(result.status).to.equal('sent');
    expect(seen.length).to.be.greaterThan(0);
    const [sent, total] = seen.at(-1)!;
    expect(total).to.be.greaterThan(log.size);
    expect(sent).to.equal(total);
  });

  it('sends an answer with a file the same way, and a refusal comes back as the SDK’s typed error', async () => {
    const sdk = client();
    const result = await sdk.report(DRAFT);
    if (result.status !== 'sent') throw new Error(result.status);
    const seen: number[] = [];
    const file = new File(['a log line'], 'log.txt', { type: 'text/plain' });
    const view = await sdk.reply(result.receipt, 'The log you asked for.', { attachments: [file], fetch: progressFetch((sent) => seen.push(sent)) });
    expect(view.attachments.map((attachment) => attachment.name)).to.deep.equal(['log.txt']);
    expect(seen.length).to.be.greaterThan(0);
    const refused = await sdk.reply({ ...result.receipt, trackingToken: 'trk_not_this_one_at_all' }, 'Hello', { attachments: [file], fetch: progressFetch(() => undefined) }).catch((error: Error) => error);
    expect(refused).to.have.property('name', 'RequestError');
    expect(refused).to.have.property('status', 404);
  });

  it('rejects as fetch does when no answer comes, and when aborted', async () => {
    const offline = progressFetch(() => undefined);
    const error = await offline('http://127.0.0.1:9/nothing', { method: 'POST', body: 'x' }).catch((caught: Error) => caught);
    expect(error).to.be.instanceOf(TypeError);
    const controller = new AbortController();
    controller.abort(new DOMException('stop', 'AbortError'));
    const aborted = await offline(`${FAST.endpoint}/v1/release-notes`, { signal: controller.signal }).catch((caught: Error) => caught);
    expect(aborted).to.have.property('name', 'AbortError');
  });
});
