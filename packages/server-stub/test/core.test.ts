import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ActivityLogEntry } from '@vuln-report/contract';
import { chainActivity, verifyActivityLog } from '../src/core/activity-log.ts';
import { createManualClock, createOffsetClock } from '../src/core/clock.ts';
import { oneLine, planDataLoss, planResolution, plainText } from '../src/core/notifications.ts';
import { sha256Hex } from '../src/core/sha256.ts';
import { canonicalJson } from '../src/http/body.ts';
import { originMatches } from '../src/http/cors.ts';
import { createRateLimiter } from '../src/http/rate-limit.ts';
import { DEFAULT_SEED } from '../src/seed.ts';

describe('notification planning', () => {
  const contactsOf = (emails: { to: string }[]) => emails.map((email) => email.to).sort();
  const all = DEFAULT_SEED.tenants.flatMap((tenant) => tenant.supportContacts.map((contact) => contact.email)).sort();
  const fix = { fixedIn: '1.2.3', releaseNote: 'Fixed.', releaseNotesUrl: 'http://x/v1/release-notes#1.2.3' };

  it.each([
    ['blocker', all],
    ['major', all],
    ['critical', ['ops@acme.example', 'security@acme.example']],
  ] as const)('sends a %s resolution to exactly the contract’s recipients', (severity, expected) => {
    const emails = planResolution(DEFAULT_SEED, { id: 'rpt_1', tenant: 'acme', severity, title: 't' }, fix);
    expect(contactsOf(emails)).toEqual([...expected].sort());
    expect(new Set(emails.map((email) => email.kind))).toEqual(new Set(['resolution']));
  });

  it('adds the reporter when they gave an email', () => {
    const emails = planResolution(DEFAULT_SEED, { id: 'rpt_1', tenant: 'acme', severity: 'critical', title: 't', reporterEmail: 'r@example.com' }, fix);
    expect(contactsOf(emails)).toContain('r@example.com');
  });

  it('tells only the affected tenants of data loss', () => {
    const emails = planDataLoss(DEFAULT_SEED, { reportId: 'rpt_1', affectedTenants: ['globex'], actionTaken: 'x', declaredAt: '2026-01-01T00:00:00.000Z' });
    expect(contactsOf(emails)).toEqual(['secops@globex.example']);
    expect(emails[0]!.tenant).toBe('globex');
  });

  it('makes subjects one safe line and text plain', () => {
    expect(oneLine('a\r\nBcc: x@evil.example\u2028b')).toBe('a Bcc: x@evil.example b');
    expect(oneLine('x'.repeat(300))).toHaveLength(200);
    expect(plainText('a\r\nb\u0007c\td')).toBe('a\nbc\td');
  });
});

describe('the activity log chain', () => {
  it('chains each entry to the previous one and detects removal, reordering and edits', () => {
    const log: ActivityLogEntry[] = [];
    for (let i = 0; i < 4; i++) log.push(chainActivity(log.at(-1), { actor: 'Sam', channel: 'api', action: 'report.read', target: `rpt_${i}`, tenants: ['acme'] }, `2026-01-01T00:00:0${i}.000Z`));
    expect(verifyActivityLog(log)).toEqual({ ok: true, entries: 4 });
    expect(verifyActivityLog([log[0]!, log[2]!, log[3]!])).toMatchObject({ ok: false, seq: 3 });
    expect(verifyActivityLog([log[1]!, log[0]!])).toMatchObject({ ok: false });
    expect(verifyActivityLog(log.map((entry, i) => (i === 2 ? { ...entry, tenants: ['globex'] } : entry)))).toMatchObject({ ok: false, seq: 3 });
  });

  it('hashes with SHA-256 exactly as node:crypto does', () => {
    for (const input of ['', 'abc', 'x'.repeat(55), 'x'.repeat(64), 'héllo ✓ 😀'.repeat(40)]) {
      expect(sha256Hex(input)).toBe(createHash('sha256').update(input).digest('hex'));
    }
  });
});

describe('clocks', () => {
  it('never goes back', () => {
    const manual = createManualClock(new Date('2026-01-01T00:00:00Z'));
    manual.advance(60);
    expect(manual.set(new Date('2025-12-31T00:00:00Z'))).toBe(false);
    expect(manual.now().toISOString()).toBe('2026-01-01T00:01:00.000Z');
    let real = 1_000_000;
    const offset = createOffsetClock(() => real);
    offset.advance(10);
    real += 5;
    expect(offset.now().getTime()).toBe(1_010_005);
    expect(offset.set(new Date(1_000_000))).toBe(false);
  });
});

describe('HTTP helpers', () => {
  it.each([
    ['http://localhost:5173', 'http://localhost:*', true],
    ['http://localhost', 'http://localhost:*', true],
    ['http://localhost.evil.example', 'http://localhost:*', false],
    ['http://localhost:5173.evil.example', 'http://localhost:*', false],
    ['https://localhost:5173', 'http://localhost:*', false],
    ['https://app.acme.example', 'https://app.acme.example', true],
    ['https://app.acme.example:8443', 'https://app.acme.example', false],
  ])('matches origin %s against %s: %s', (origin, pattern, expected) => {
    expect(originMatches(origin, pattern)).toBe(expected);
  });

  it('refills a token bucket from the clock and says how long to wait', () => {
    let now = 0;
    const limiter = createRateLimiter({ capacity: 2, refillPerSecond: 0.5 }, () => now);
    expect(limiter.take('k').ok).toBe(true);
    expect(limiter.take('k').ok).toBe(true);
    expect(limiter.take('k')).toEqual({ ok: false, retryAfterSeconds: 2 });
    expect(limiter.take('other').ok).toBe(true);
    now = 2000;
    expect(limiter.take('k').ok).toBe(true);
  });

  it('writes canonical JSON whatever the key order', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null })).toBe(canonicalJson({ a: null, b: [1, { c: 2, d: 1 }] }));
  });
});
