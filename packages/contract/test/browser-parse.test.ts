import { describe, expect, it } from 'vitest';
import { CvssVectorShape, ReportDraft, ReportFields, validate } from '../src/index.ts';
import { describeIssue as codeOnly } from '../src/issue-code.ts';

const base = { kind: 'vulnerability', title: 'Stored XSS', description: 'A script in a name runs.' } as const;

describe('what a browser checks', () => {
  it('checks a CVSS vector by its shape in ReportFields; ReportDraft, what an intake checks, validates its metrics', () => {
    const metricsWrong = { ...base, cvss: 'CVSS:3.1/AV:N' };
    expect(validate(ReportFields, metricsWrong).ok).toBe(true);
    const draft = validate(ReportDraft, metricsWrong);
    expect(draft.ok ? [] : draft.issues.map((issue) => issue.path)).toEqual(['cvss']);
    for (const notAVector of ['', 'high', 'CVSS:2.0/AV:N', 'CVSS:3.1/', 'CVSS:3.1/AV:N/<script>', `CVSS:3.1/${'AV:N/'.repeat(60)}AV:N`]) {
      expect(validate(CvssVectorShape, notAVector).ok, notAVector).toBe(false);
    }
    expect(validate(ReportDraft, { ...base, cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }).ok).toBe(true);
  });

  it('words issues in English in Node; the browser build gives each its code (or the check’s own words) for the client to word', () => {
    const result = validate(ReportFields, { ...base, title: '' });
    expect(result.ok ? [] : result.issues).toEqual([{ path: 'title', message: 'Required', code: 'too_small' }]);
    expect(codeOnly({ code: 'too_small', origin: 'string', minimum: 1, input: '' } as never)).toBe('too_small');
  });
});
