import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nestsDeeperThan, safeFileName } from '../src/http/body.ts';
import { draft, useStub } from './support/harness.ts';

const { stub, call, submit, receipt } = useStub();

/**
 * The records, for "a refused request stores nothing": all but the refused staff calls
 * the activity log must record (the contract's one exception), which must be all it added.
 */
const snapshot = () => {
  const { activityLog, ...records } = stub.state;
  const settled = activityLog.filter((entry) => entry.outcome === 'ok').length;
  return JSON.stringify({ records, settled });
};
const reporter = (headers: Record<string, string> = {}) => ({ 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': randomUUID(), ...headers });
const bytes = (...parts: Array<string | number[] | Uint8Array>) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : [...part])));

/** A multipart body written byte for byte, as a hostile client could send it. */
function multipart(parts: Array<{ name: string; filename?: string; type?: string; content: Uint8Array | string }>) {
  const boundary = 'strict-input-boundary';
  const chunks: Array<string | Uint8Array> = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    chunks.push(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`, part.content, '\r\n');
  }
  chunks.push(`--${boundary}--\r\n`);
  return { raw: bytes(...chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Submits a multipart report; `files` follow a valid `report` part unless one is given. */
function sendMultipart(parts: Parameters<typeof multipart>[0]) {
  const body = parts.some((part) => part.name === 'report') ? parts : [{ name: 'report', content: JSON.stringify(draft()) }, ...parts];
  const { raw, contentType } = multipart(body);
  return call('POST', '/v1/reports', { raw, headers: { ...reporter(), 'Content-Type': contentType } });
}

/** Expects a 400 problem document naming `path` (and `code`, when given), and nothing stored. */
async function expectRefused(send: () => Promise<{ status: number; headers: Headers; body: any }>, path: string, code?: string) {
  const before = snapshot();
  const response = await send();
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body).toMatchObject({ type: expect.any(String), title: 'Bad Request', status: 400, detail: expect.any(String) });
  expect(response.body.errors).toEqual(expect.arrayContaining([{ path, message: expect.any(String), code: code ?? expect.any(String) }]));
  expect(snapshot(), 'a refused request stores nothing').toBe(before);
  return response.body;
}

const storedAttachments = (id: string) => stub.state.reports[id]!.attachments;

describe('invalid UTF-8 in a request body', () => {
  const titleWith = (...invalid: number[]) => bytes('{"kind":"bug","title":"caf', invalid, '","description":"d"}');

  it('refuses a JSON report whose bytes are not UTF-8, instead of storing U+FFFD', async () => {
    for (const invalid of [[0xe9], [0xc3], [0xff], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]]) {
      const body = await expectRefused(
        () => call('POST', '/v1/reports', { raw: titleWith(...invalid), headers: { ...reporter(), 'Content-Type': 'application/json' } }),
        '',
        'invalid_encoding',
      );
      expect(body.detail).toMatch(/UTF-8/);
    }
  });

  it('refuses a JSON message body that is not UTF-8', async () => {
    const { id, trackingToken } = await receipt();
    await expectRefused(
      () => call('POST', `/v1/reports/${id}/messages`, { raw: bytes('{"message":"bad ', [0xff], '"}'), headers: { Authorization: `Bearer ${trackingToken}`, 'Content-Type': 'application/json' } }),
      '',
      'invalid_encoding',
    );
  });

  it('still takes a JSON body in UTF-8, byte order mark and U+FFFD sent as such included', async () => {
    const raw = bytes([0xef, 0xbb, 0xbf], JSON.stringify(draft({ title: 'Caf\u00e9 \u2603 \u{1f600} \ufffd' })));
    const response = await call('POST', '/v1/reports', { raw, headers: { ...reporter(), 'Content-Type': 'application/json' } });
    expect(response.status).toBe(201);
    expect(stub.state.reports[response.body.id]!.draft.title).toBe('Caf\u00e9 \u2603 \u{1f600} \ufffd');
  });

  it('refuses a multipart report field that is not UTF-8', async () => {
    await expectRefused(() => sendMultipart([{ name: 'report', content: titleWith(0xe9) }]), 'report', 'invalid_encoding');
  });

  it('refuses a multipart report sent as a file part that is not UTF-8', async () => {
    await expectRefused(() => sendMultipart([{ name: 'report', filename: 'report.json', type: 'application/json', content: titleWith(0x80) }]), 'report', 'invalid_encoding');
  });

  it('takes a multipart report field holding U+FFFD as UTF-8', async () => {
    const response = await sendMultipart([{ name: 'report', content: JSON.stringify(draft({ title: 'Mojibake: \ufffd\ufffd' })) }]);
    expect(response.status).toBe(201);
    expect(stub.state.reports[response.body.id]!.draft.title).toBe('Mojibake: \ufffd\ufffd');
  });
});

describe('one-line fields', () => {
  const refusedInOneLine = ['\t', '\u0000', '\u001b[31m', '\u007f', '\u0085', '\u009b', '\u2028', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];

  it('refuses control characters and bidirectional overrides and isolates in the title and names', async () => {
    for (const char of refusedInOneLine) {
      await expectRefused(() => submit(draft({ title: `invoice${char}gnp.exe` })), 'title', 'custom');
      await expectRefused(() => submit(draft({ reporter: { name: `Eve${char}Mallory` } })), 'reporter.name', 'custom');
      await expectRefused(() => submit(draft({ reporter: { credit: { wanted: true, name: `Eve${char}M` } } })), 'reporter.credit.name', 'custom');
    }
  });

  it('keeps them in long text, where they are evidence', async () => {
    const text = 'log:\t\u0085\u009b \u202eevil\u202c \u2067isolate\u2069 end';
    const { id } = await receipt(draft({ description: text, stepsToReproduce: text }));
    expect(stub.state.reports[id]!.draft).toMatchObject({ description: text, stepsToReproduce: text });
  });

  it('keeps the bidirectional marks in a one-line name, as right-to-left names need them', async () => {
    const name = '\u05d3\u05e0\u05d4 \u05db\u05d4\u05df\u200f 2';
    const { id } = await receipt(draft({ title: `\u0645\u0634\u0643\u0644\u0629\u061c 42`, reporter: { name } }));
    expect(stub.state.reports[id]!.draft.title).toBe('\u0645\u0634\u0643\u0644\u0629\u061c 42');
    expect(stub.state.reports[id]!.draft.reporter?.name).toBe(name);
  });
});

/** Minimal files of each accepted type, as their signatures make them. */
const SAMPLES: Record<string, Uint8Array> = {
  'image/png': bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR'),
  'image/jpeg': bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF'),
  'image/gif': bytes('GIF89a', [1, 0, 1, 0]),
  'image/webp': bytes('RIFF', [36, 0, 0, 0], 'WEBPVP8 '),
  'application/pdf': bytes('%PDF-1.7\n%\xe2\xe3\n'),
  'application/zip': bytes('PK', [3, 4, 20, 0]),
  'video/mp4': bytes([0, 0, 0, 24], 'ftypmp42', [0, 0, 0, 0], 'mp42isom', [0, 0, 0, 8], 'free'),
  'video/webm': bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], 'webm', [0x42, 0x87, 0x81, 0x04]),
  'text/plain': bytes('Started\n\u00e9t\u00e9 \u2603\n'),
  'text/csv': bytes('a,b\n1,"\u00e9"\n'),
  'application/json': bytes('{"errors":[1,2]}'),
};
const EXECUTABLES = { 'Windows PE': bytes('MZ', [0x90, 0, 3, 0]), ELF: bytes([0x7f], 'ELF', [2, 1, 1]), 'Mach-O': bytes([0xcf, 0xfa, 0xed, 0xfe]), script: bytes('#!/bin/sh\nrm -rf ~\n') };

describe('attachment content', () => {
  it('takes a file of every accepted type whose bytes match it', async () => {
    const types = Object.keys(SAMPLES);
    for (let i = 0; i < types.length; i += 5) {
      const batch = types.slice(i, i + 5);
      const response = await sendMultipart(batch.map((type) => ({ name: 'attachments', filename: `sample.${type.split('/')[1]}`, type, content: SAMPLES[type]! })));
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(storedAttachments(response.body.id).map((file) => file.type)).toEqual(batch);
    }
  });

  it('refuses an executable declared as an image, a document or a video, naming the attachment', async () => {
    for (const [kind, content] of Object.entries(EXECUTABLES)) {
      for (const type of ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'application/zip', 'video/mp4', 'video/webm']) {
        const body = await expectRefused(() => sendMultipart([{ name: 'attachments', filename: 'screenshot.png', type, content }]), 'attachments.0.type', 'invalid_value');
        expect(body.errors[0].message, `${kind} as ${type}`).toContain(type);
      }
    }
  });

  it('refuses a file whose bytes are another accepted type than the one declared', async () => {
    await expectRefused(() => sendMultipart([{ name: 'attachments', filename: 'a.png', type: 'image/png', content: SAMPLES['image/jpeg']! }]), 'attachments.0.type');
    await expectRefused(() => sendMultipart([{ name: 'attachments', filename: 'a.webm', type: 'video/webm', content: bytes([0x1a, 0x45, 0xdf, 0xa3, 0xa3, 0x42, 0x82, 0x88], 'matroska') }]), 'attachments.0.type');
    await expectRefused(() => sendMultipart([{ name: 'attachments', filename: 'a.webp', type: 'image/webp', content: bytes('RIFF', [36, 0, 0, 0], 'WAVEfmt ') }]), 'attachments.0.type');
    await expectRefused(() => sendMultipart([{ name: 'attachments', filename: 'a.mp4', type: 'video/mp4', content: bytes([0, 0, 0, 99], 'ftypisom') }]), 'attachments.0.type');
  });

  it('names the second attachment when only it is wrong', async () => {
    await expectRefused(
      () =>
        sendMultipart([
          { name: 'attachments', filename: 'ok.png', type: 'image/png', content: SAMPLES['image/png']! },
          { name: 'attachments', filename: 'payload.png', type: 'image/png', content: EXECUTABLES['Windows PE'] },
        ]),
      'attachments.1.type',
      'invalid_value',
    );
  });

  it('refuses text, CSV and JSON that are not UTF-8, hold NUL bytes, or (for JSON) do not parse', async () => {
    for (const type of ['text/plain', 'text/csv', 'application/json']) {
      await expectRefused(() => sendMultipart([{ name: 'attachments', filename: 'a', type, content: bytes('"caf', [0xe9], '"') }]), 'attachments.0.type', 'invalid_value');
      await expectRefused(() => sendMultipart([{ name: 'attachments', filename: 'a', type, content: bytes('"a', [0], 'b"') }]), 'attachments.0.type', 'invalid_value');
      await expectRefused(() => sendMultipart([{ name: 'attachments', filename: 'a', type, content: EXECUTABLES['Windows PE'] }]), 'attachments.0.type', 'invalid_value');
    }
    await expectRefused(() => sendMultipart([{ name: 'attachments', filename: 'a.json', type: 'application/json', content: '{"unterminated": ' }]), 'attachments.0.type', 'invalid_value');
    // UTF-16 has NUL bytes in every ASCII character.
    await expectRefused(() => sendMultipart([{ name: 'attachments', filename: 'a.txt', type: 'text/plain', content: bytes([0xff, 0xfe, 0x61, 0, 0x62, 0]) }]), 'attachments.0.type');
  });

  it('takes an empty text file, and refuses an empty image', async () => {
    const response = await sendMultipart([{ name: 'attachments', filename: 'empty.log', type: 'text/plain', content: '' }]);
    expect(response.status).toBe(201);
    await expectRefused(() => sendMultipart([{ name: 'attachments', filename: 'empty.png', type: 'image/png', content: '' }]), 'attachments.0.type');
  });
});

describe('attachment names', () => {
  it.each([
    ['screen.png', 'screen.png'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\eve\\shot.png', 'shot.png'],
    ['.', 'attachment'],
    ['..', 'attachment'],
    ['. . ..  ', 'attachment'],
    ['', 'attachment'],
    ['\u202e\u2066', 'attachment'],
    ['report\u202Egnp.exe', 'reportgnp.exe'],
    ['invoice\u2067exe.png\u2069.scr', 'invoiceexe.png.scr'],
    ['a\u200fb\u200e\u061cc.txt', 'abc.txt'],
    ['bell\u0007and\u0085next\u009bline.txt', 'bellandnextline.txt'],
    ['line\u2028break.txt', 'linebreak.txt'],
    ['what?<is>:this|"*.txt', 'what__is__this___.txt'],
    ['evil.exe.', 'evil.exe'],
    ['evil.exe . .', 'evil.exe'],
    ['  padded.txt  ', 'padded.txt'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['com1.log', '_com1.log'],
    ['LPT9', '_LPT9'],
    ['console.log', 'console.log'],
    ['.env', '.env'],
  ])('names %j %j', (sent, kept) => {
    expect(safeFileName(sent)).toBe(kept);
  });

  it('keeps at most 255 bytes of UTF-8, cut between characters, extension kept', () => {
    const utf8Length = (text: string) => new TextEncoder().encode(text).length;
    for (const stem of ['a'.repeat(300), '\u00e9'.repeat(300), '\u{1f600}'.repeat(100), `a${'\u2603'.repeat(100)}`]) {
      const name = safeFileName(`${stem}.png`);
      expect(utf8Length(name)).toBeLessThanOrEqual(255);
      expect(utf8Length(name)).toBeGreaterThan(250);
      expect(name.endsWith('.png')).toBe(true);
      expect(name).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      expect(stem.startsWith(name.slice(0, -4))).toBe(true);
    }
    expect(utf8Length(safeFileName('x'.repeat(1000)))).toBe(255);
  });

  it('stores neutralised names as sent over the wire, byte for byte', async () => {
    const response = await sendMultipart([
      { name: 'attachments', filename: 'report\u202Egnp.exe', type: 'text/plain', content: 'x' },
      { name: 'attachments', filename: '..', type: 'text/plain', content: 'x' },
      { name: 'attachments', filename: 'a\u0085b.txt', type: 'text/plain', content: 'x' },
    ]);
    expect(response.status).toBe(201);
    expect(storedAttachments(response.body.id).map((file) => file.name)).toEqual(['reportgnp.exe', 'attachment', 'ab.txt']);
  });
});

describe('Idempotency-Key', () => {
  it('is the same key in upper and lower case: a replay, not a second report', async () => {
    const key = randomUUID();
    const first = await submit(draft(), 'pk_test_acme', key.toUpperCase());
    const again = await submit(draft(), 'pk_test_acme', key);
    const third = await submit(draft(), 'pk_test_acme', `${key.slice(0, 9)}${key.slice(9).toUpperCase()}`);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(third.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(Object.keys(stub.state.reports)).toHaveLength(1);
  });

  it('refuses another body under the same key in another case with 422', async () => {
    const key = randomUUID();
    await submit(draft(), 'pk_test_acme', key);
    const before = snapshot();
    const other = await submit(draft({ title: 'Something else' }), 'pk_test_acme', key.toUpperCase());
    expect(other.status).toBe(422);
    expect(snapshot()).toBe(before);
  });
});

describe('never a 500', () => {
  it('answers truncated and malformed multipart bodies with problem details', async () => {
    const { raw, contentType } = multipart([{ name: 'report', content: JSON.stringify(draft()) }]);
    for (const body of [raw.subarray(0, 20), raw.subarray(0, raw.length - 10), bytes('--x\r\n\r\n'), new Uint8Array()]) {
      const before = snapshot();
      const response = await call('POST', '/v1/reports', { raw: body, headers: { ...reporter(), 'Content-Type': contentType } });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ status: 400 });
      expect(snapshot()).toBe(before);
    }
  });

  it('refuses a JSON body of invalid UTF-8 on a staff route too', async () => {
    const { id } = await receipt();
    await expectRefused(
      () => call('POST', `/v1/triage/reports/${id}/request-info`, { raw: bytes('{"message":"', [0xfe], '"}'), headers: { Authorization: 'Bearer staff_test_token', 'Content-Type': 'application/json' } }),
      '',
      'invalid_encoding',
    );
  });
});

describe('deep nesting', () => {
  it('refuses a body nested deeper than the limit before anything walks it, without a 500', async () => {
    const deep = (levels: number) => `{"kind":"bug","title":"t","description":"d","context":{"extra":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}}`;
    for (const levels of [40, 10_000, 200_000]) {
      const response = await call('POST', '/v1/reports', { raw: deep(levels), headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': randomUUID() } });
      expect(response.status, `${levels} levels`).toBe(levels * 5 > 256 * 1024 ? 413 : 400);
      if (response.status === 400) expect(response.body.errors).toEqual([{ path: '', message: 'Must nest at most 32 levels', code: 'too_deep' }]);
    }
    expect(stub.state.reports).toEqual({});
  });

  it('finds the depth of any value without recursion', () => {
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
    let value: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) value = [value];
    expect(nestsDeeperThan(value, 32)).toBe(true);
  });
});

describe('a list’s cursor', () => {
  it('is refused (400, path cursor) when the list did not give it, on every staff list, instead of reading from the start', async () => {
    await receipt();
    for (const path of ['/v1/triage/reports', '/v1/triage/incidents', '/v1/triage/sla', '/v1/triage/outbox', '/v1/triage/activity-log', '/v1/triage/evidence-requests']) {
      for (const cursor of ['abc', '-1', '1e3', ' 2']) {
        const answer = await call('GET', `${path}?cursor=${encodeURIComponent(cursor)}`, { headers: { Authorization: 'Bearer staff_test_token' } });
        expect(answer.status, `${path} ${cursor}`).toBe(400);
        expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
      }
      const first = await call('GET', `${path}?limit=1`, { headers: { Authorization: 'Bearer staff_test_token' } });
      expect(first.status, path).toBe(200);
      if (first.body.nextCursor) expect((await call('GET', `${path}?cursor=${first.body.nextCursor}`, { headers: { Authorization: 'Bearer staff_test_token' } })).status).toBe(200);
    }
  });
});

describe('half a surrogate pair', () => {
  it('is refused (400) in any string of a JSON body, a member name included, and nothing is stored', async () => {
    const before = snapshot();
    for (const raw of ['{"kind":"bug","title":"\\ud800","description":"x"}', '{"kind":"bug","title":"ok","description":"\\udc00 tail"}', '{"kind":"bug","title":"ok","description":"x","context":{"\\ud83d":"y"}}']) {
      const answer = await call('POST', '/v1/reports', { raw: new TextEncoder().encode(raw), headers: { ...reporter(), 'Content-Type': 'application/json' } });
      expect(answer.status, raw).toBe(400);
      expect(answer.body.detail).toContain('half a surrogate pair');
    }
    expect(snapshot()).toBe(before);
    // A whole pair is text: an emoji, escaped.
    const pair = '{"kind":"bug","title":"\\ud83d\\ude00 fine","description":"x"}';
    expect((await call('POST', '/v1/reports', { raw: new TextEncoder().encode(pair), headers: { ...reporter(), 'Content-Type': 'application/json' } })).status).toBe(201);
  });
});
