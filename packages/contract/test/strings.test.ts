import { describe, expect, it } from 'vitest';
import { IdempotencyKey, IncidentDraft, LIMITS, MessageBody, ReportDraft, line, text, validate } from '../src/index.ts';

const codePoints = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));
const hex = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Every character a one-line field refuses, by group. */
const REFUSED_IN_ONE_LINE = {
  C0: codePoints(0x00, 0x1f),
  'DEL and C1': codePoints(0x7f, 0x9f),
  'line and paragraph separators': ['\u2028', '\u2029'],
  'bidirectional embeddings and overrides': codePoints(0x202a, 0x202e),
  'bidirectional isolates': codePoints(0x2066, 0x2069),
};
const BIDI_MARKS = ['\u200e', '\u200f', '\u061c'];

const report = (overrides: Record<string, unknown>) => ({ kind: 'bug', title: 'Export fails', description: 'It fails.', ...overrides });
const incident = (title: string) => ({ title, affectedTenants: ['acme'], detectedAt: '2026-11-26T09:00:00Z', recommendedMeasures: 'Rotate keys.' });

/** Every field built with `line()`, as a path and a way to put a value in it. */
const ONE_LINE_FIELDS: Array<[string, (value: string) => ReturnType<typeof validate>]> = [
  ['title', (value) => validate(ReportDraft, report({ title: value }))],
  ['reporter.name', (value) => validate(ReportDraft, report({ reporter: { name: value } }))],
  ['reporter.credit.name', (value) => validate(ReportDraft, report({ reporter: { credit: { wanted: true, name: value } } }))],
  ['title', (value) => validate(IncidentDraft, incident(value))],
];

describe('one-line fields', () => {
  for (const [group, chars] of Object.entries(REFUSED_IN_ONE_LINE)) {
    it(`refuse ${group} anywhere in the line, with the field's path, a code and an English message`, () => {
      for (const [path, check] of ONE_LINE_FIELDS) {
        for (const char of chars) {
          const result = check(`report${char}gnp.exe`);
          expect(result.ok, `${hex(char)} in ${path}`).toBe(false);
          if (!result.ok) expect(result.issues).toEqual([{ path, code: 'custom', message: 'Must be a single line without control characters' }]);
        }
      }
    });
  }

  it('refuse them in line() itself, at the edges too when trimming does not remove them', () => {
    const schema = line(LIMITS.titleMax);
    expect(validate(schema, '\u202eexe.png').ok).toBe(false);
    expect(validate(schema, 'png.exe\u202c').ok).toBe(false);
    expect(validate(schema, '\u0085title').ok).toBe(false);
    // Whitespace at the edges (tab and line breaks among it) is trimmed first, as before.
    expect(validate(schema, '\tTitle\r\n')).toEqual({ ok: true, value: 'Title' });
  });

  it('keep the bidirectional marks, and right-to-left and other scripts', () => {
    for (const [path, check] of ONE_LINE_FIELDS) {
      for (const value of [`\u05d3\u05e0\u05d4 \u05db\u05d4\u05df\u200f 2`, `\u0645\u0634\u0643\u0644\u0629\u061c 42`, `a\u200eb`, 'Caf\u00e9 \u2603 \u{1f600} \u00a0\u3000x', '<img src=x onerror=alert(1)>']) {
        expect(check(value).ok, `${JSON.stringify(value)} in ${path}`).toBe(true);
      }
    }
    for (const mark of BIDI_MARKS) expect(validate(line(10), `a${mark}b`).ok).toBe(true);
  });
});

describe('long text', () => {
  const description = (value: string) => validate(ReportDraft, report({ description: value }));

  it('keeps tab, line breaks, C1 controls and bidirectional formatting: they are evidence, neutralised when shown', () => {
    const allowed = ['\t', '\n', '\r', ...REFUSED_IN_ONE_LINE['line and paragraph separators'], ...codePoints(0x80, 0x9f), ...REFUSED_IN_ONE_LINE['bidirectional embeddings and overrides'], ...REFUSED_IN_ONE_LINE['bidirectional isolates'], ...BIDI_MARKS];
    for (const char of allowed) {
      expect(description(`log${char}line`), hex(char)).toEqual({ ok: true, value: expect.objectContaining({ description: `log${char}line` }) });
      expect(validate(MessageBody, { message: `a${char}b` }).ok, hex(char)).toBe(true);
      expect(validate(text(100), `a${char}b`).ok, hex(char)).toBe(true);
    }
  });

  it('still refuses the other C0 controls and DEL', () => {
    for (const char of [...codePoints(0x00, 0x08), '\u000b', '\u000c', ...codePoints(0x0e, 0x1f), '\u007f']) {
      const result = description(`bell${char}x`);
      expect(result.ok, hex(char)).toBe(false);
      if (!result.ok) expect(result.issues).toEqual([{ path: 'description', code: 'custom', message: 'Must not contain control characters' }]);
    }
  });

  it('still says Required for an empty value', () => {
    expect(description('   ')).toEqual({ ok: false, issues: [{ path: 'description', code: 'too_small', message: 'Required' }] });
    expect(validate(text(10, 0), '').ok).toBe(true);
  });
});

describe('IdempotencyKey', () => {
  it('parses a UUID in any case to its lower-case canonical form', () => {
    const key = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
    expect(validate(IdempotencyKey, key)).toEqual({ ok: true, value: key.toLowerCase() });
    expect(validate(IdempotencyKey, key.toLowerCase())).toEqual({ ok: true, value: key.toLowerCase() });
    expect(validate(IdempotencyKey, '3f2504e0-4F89-41d3-9A0C-0305e82c3301')).toEqual({ ok: true, value: key.toLowerCase() });
  });

  it('still refuses what is not a UUID', () => {
    for (const value of ['', 'not-a-uuid', '3F2504E0-4F89-41D3-9A0C-0305E82C330', `${'3F2504E0-4F89-41D3-9A0C-0305E82C3301'} `, undefined]) {
      expect(validate(IdempotencyKey, value).ok, String(value)).toBe(false);
    }
  });
});
