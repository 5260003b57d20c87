import { describe, expect, it } from 'vitest';
import { validate } from '@vuln-report/contract';
import { ClockUpdate, FaultConfig } from '../src/http/controls-schemas.ts';

const NOW = '2026-11-26T09:30:00Z';

describe('FaultConfig', () => {
  const cases: Array<[string, unknown[], unknown[]]> = [
    ['rate', [0, 1, 0.5], [undefined, -0.1, 1.1, '0.3']],
    ['status', [503, 429, 408], [200, 600, 503.5]],
    ['delayMs', [0, 60_000], [-1, 60_001]],
    ['drop', [true], ['yes']],
  ];
  for (const [field, valid, invalid] of cases) {
    for (const value of valid) {
      it(`takes ${field} = ${JSON.stringify(value)}`, () => {
        expect(validate(FaultConfig, { rate: 0.3, [field]: value }).ok).toBe(true);
      });
    }
    for (const value of invalid) {
      it(`refuses ${field} = ${JSON.stringify(value)} at that path`, () => {
        const result = validate(FaultConfig, { rate: 0.3, [field]: value });
        expect(result.ok || result.issues.map((issue) => issue.path)).toEqual([field]);
      });
    }
  }
});

describe('ClockUpdate', () => {
  it('takes either an advance or a time, not both, not neither', () => {
    expect(validate(ClockUpdate, { advanceSeconds: 86_400 }).ok).toBe(true);
    expect(validate(ClockUpdate, { now: NOW }).ok).toBe(true);
    expect(validate(ClockUpdate, {}).ok).toBe(false);
    expect(validate(ClockUpdate, { advanceSeconds: -1 }).ok).toBe(false);
    expect(validate(ClockUpdate, { advanceSeconds: 1, now: NOW }).ok).toBe(false);
  });
});
