import { describe, expect, it } from 'vitest';
import { AssessBody, classifySeverity, validate, type SeverityFactors } from '../src/index.ts';

// The contract's table written out row by row: data, server, denial of service, scope, severity.
const TABLE: Array<[boolean, boolean, boolean, SeverityFactors['scope'], string]> = [
  [false, false, false, 'platform', 'major'],
  [false, false, false, 'reporter-tenant', 'major'],
  [false, false, true,  'platform', 'blocker'],
  [false, false, true,  'reporter-tenant', 'critical'],
  [false, true,  false, 'platform', 'blocker'],
  [false, true,  false, 'reporter-tenant', 'critical'],
  [false, true,  true,  'platform', 'blocker'],
  [false, true,  true,  'reporter-tenant', 'critical'],
  [true,  false, false, 'platform', 'blocker'],
  [true,  false, false, 'reporter-tenant', 'critical'],
  [true,  false, true,  'platform', 'blocker'],
  [true,  false, true,  'reporter-tenant', 'critical'],
  [true,  true,  false, 'platform', 'blocker'],
  [true,  true,  false, 'reporter-tenant', 'critical'],
  [true,  true,  true,  'platform', 'blocker'],
  [true,  true,  true,  'reporter-tenant', 'critical'],
];
const rows = TABLE.map(([dataCompromised, serverCompromised, denialOfService, scope, severity]) => [
  { dataCompromised, serverCompromised, denialOfService, scope },
  severity,
] as const);

describe('classifySeverity', () => {
  it.each(rows)('classifies %o as %s', (factors, expected) => {
    expect(classifySeverity(factors)).toBe(expected);
  });

  it('makes a platform-wide compromise of any one kind a blocker', () => {
    const none = { dataCompromised: false, serverCompromised: false, denialOfService: false, scope: 'platform' } as const;
    expect(classifySeverity(none)).toBe('major');
    expect(classifySeverity({ ...none, dataCompromised: true })).toBe('blocker');
    expect(classifySeverity({ ...none, serverCompromised: true })).toBe('blocker');
    expect(classifySeverity({ ...none, denialOfService: true })).toBe('blocker');
  });

  it('drops a compromise to critical when it reaches only the reporting tenant', () => {
    const platform = { dataCompromised: true, serverCompromised: false, denialOfService: false, scope: 'platform' } as const;
    expect(classifySeverity(platform)).toBe('blocker');
    expect(classifySeverity({ ...platform, scope: 'reporter-tenant' })).toBe('critical');
  });

  it('keeps a harmless issue major whatever its scope', () => {
    const harmless = { dataCompromised: false, serverCompromised: false, denialOfService: false } as const;
    expect(classifySeverity({ ...harmless, scope: 'platform' })).toBe('major');
    expect(classifySeverity({ ...harmless, scope: 'reporter-tenant' })).toBe('major');
  });

  it('is not overridden by a maximal CVSS vector in the assessment', () => {
    const parsed = validate(AssessBody, {
      vulnerability: true,
      dataCompromised: false,
      serverCompromised: false,
      denialOfService: false,
      scope: 'platform',
      cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
    });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(classifySeverity(parsed.value as SeverityFactors)).toBe('major');
  });
});
