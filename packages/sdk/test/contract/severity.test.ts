import { describe, expect, it } from 'vitest';
import { AssessBody, classifySeverity, validate, type SeverityFactors } from '../../src/contract/index.ts';

const flags = [false, true] as const;
const rows: Array<[SeverityFactors, string]> = [];
for (const dataCompromised of flags)
  for (const serverCompromised of flags)
    for (const denialOfService of flags)
      for (const scope of ['platform', 'reporter-tenant'] as const) {
        const harmful = dataCompromised || serverCompromised || denialOfService;
        rows.push([
          { dataCompromised, serverCompromised, denialOfService, scope },
          !harmful ? 'major' : scope === 'platform' ? 'blocker' : 'critical',
        ]);
      }

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
      dataCompromised: false,
      serverCompromised: false,
      denialOfService: false,
      scope: 'platform',
      cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
    });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(classifySeverity(parsed.value)).toBe('major');
  });
});
