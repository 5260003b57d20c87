import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ActivityLogEntry } from '@vuln-report/contract';
import { chainActivity, verifyActivityLog } from '../src/core/activity-log.ts';
import { canonicalize } from '../src/core/merkle.ts';
import { createManualClock, createOffsetClock } from '../src/core/clock.ts';
import { NoticeTrigger } from '@vuln-report/contract';
import { oneLine, planNotice, plainText, recipientsOf, resolution } from '../src/core/notifications.ts';
import { narrowPolicy, POLICY } from '../src/core/policy.ts';
import { sha256Hex } from '../src/core/sha256.ts';
import { originMatches } from '../src/http/cors.ts';
import { createRateLimiter } from '../src/http/rate-limit.ts';
import { DEFAULT_SEED } from '../src/seed.ts';

describe('the notification table', () => {
  const directory = { tenants: DEFAULT_SEED.tenants, staffAlerts: ['security-team@vendor.example'] };
  const contacts = (...tenants: string[]) => DEFAULT_SEED.tenants.filter((tenant) => tenants.includes(tenant.id)).flatMap((tenant) => tenant.supportContacts.map((contact) => contact.email));
  const everyContact = contacts('acme', 'globex', 'initech');
  const parties = { reporterEmail: 'r@example.com', tenant: 'acme', affectedTenants: ['globex'], requesterEmail: 'user@acme.example' };
  const expected: Record<NoticeTrigger, string[]> = {
    intake: ['r@example.com'],
    'intake-staff-alert': ['security-team@vendor.example'],
    'deadline-breached': ['security-team@vendor.example'],
    'request-info': ['r@example.com'],
    'resolve-blocker': [...everyContact, 'r@example.com'],
    'resolve-critical': [...everyContact, 'r@example.com'],
    'resolve-major': [...everyContact, 'r@example.com'],
    'resolve-not-vulnerability': ['r@example.com'],
    'data-loss': contacts('globex'),
    'data-loss-update': contacts('globex'),
    'incident-notice': contacts('globex'),
    'incident-update': contacts('globex'),
    'evidence-answered': ['user@acme.example', ...contacts('acme')],
    'evidence-declined': ['user@acme.example', ...contacts('acme')],
  };

  it.each(Object.entries(expected))('sends %s to exactly the contract’s recipients', (trigger, recipients) => {
    const to = recipientsOf(directory, POLICY, trigger as NoticeTrigger, parties).map((recipient) => recipient.email);
    expect(to.sort()).toEqual([...recipients].sort());
  });

  it('publishes a row for every trigger, and reaches nobody where a party is unknown', () => {
    expect(POLICY.notifications.map((rule) => rule.trigger).sort()).toEqual([...NoticeTrigger.options].sort());
    expect(recipientsOf(directory, POLICY, 'intake', {})).toEqual([]);
  });

  it('narrows an audience where the vendor says so, and refuses to widen one', () => {
    const narrowed = narrowPolicy({ 'resolve-critical': ['reporting-tenant', 'reporter'] });
    expect(recipientsOf(directory, narrowed, 'resolve-critical', parties).map((recipient) => recipient.email).sort()).toEqual([...contacts('acme'), 'r@example.com'].sort());
    expect(recipientsOf(directory, narrowed, 'resolve-blocker', parties)).toHaveLength(everyContact.length + 1);
    expect(() => narrowPolicy({ intake: ['all-tenants'] })).toThrow(/only narrow who hears of intake/);
  });

  it('writes each email for its recipient: a contact never gets the reporter’s text', () => {
    const emails = planNotice(directory, POLICY, {
      trigger: 'resolve-critical',
      kind: 'resolution',
      relatedId: 'rpt_1',
      parties,
      content: resolution(
        { id: 'rpt_1', title: 'Secret title from the reporter', severity: 'critical', reportingTenant: 'acme' },
        { fixedIn: '1.2.3', releaseNote: 'Fixed.', details: 'Escaped the output.', affectedVersions: ['< 1.2.3'], releaseNotesUrl: 'http://x/v1/release-notes#1.2.3' },
      ),
    });
    const toContact = emails.find((email) => email.to === 'secops@globex.example')!;
    const toReporter = emails.find((email) => email.to === 'r@example.com')!;
    expect(toContact.text).not.toContain('Secret title');
    expect(toContact.text).toContain('Affected versions: < 1.2.3');
    expect(toContact.text).toContain('Escaped the output.');
    expect(toContact.tenant).toBe('globex');
    expect(toReporter.text).toContain('Secret title');
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
    for (let i = 0; i < 4; i++) log.push(chainActivity(log.at(-1), { actor: 'Sam', channel: 'api', action: 'report.read', target: `rpt_${i}`, tenants: ['acme'], outcome: 'ok' }, `2026-01-01T00:00:0${i}.000Z`));
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
    expect(canonicalize({ b: [1, { d: 1, c: 2 }], a: null })).toBe(canonicalize({ a: null, b: [1, { c: 2, d: 1 }] }));
  });
});
