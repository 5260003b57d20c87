import { describe, expect, it } from 'vitest';
import {
  CvssVectorString,
  CweId,
  CweList,
  cvss31BaseScore,
  cvssRating,
  parseCvss,
  validate,
} from '../src/index.ts';

function score(vector: string): number {
  const parsed = parseCvss(vector);
  if (!parsed.ok) throw new Error(parsed.error);
  return cvss31BaseScore(parsed.vector);
}

describe('CVSS v3.1 base score', () => {
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N', 5.4],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', 5.3],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8],
    ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H', 9.1],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
  ])('scores %s as %d', (vector, expected) => {
    expect(score(vector)).toBe(expected);
  });

  it('ignores metric order and optional temporal and environmental metrics', () => {
    expect(score('CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:P/RL:O/RC:C/MAV:L')).toBe(9.8);
  });

  it('refuses to score a v4.0 vector', () => {
    const parsed = parseCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(() => cvss31BaseScore(parsed.vector)).toThrow(TypeError);
  });
});

describe('CVSS rating bands', () => {
  it.each([
    [0, 'none'],
    [0.1, 'low'],
    [3.9, 'low'],
    [4, 'medium'],
    [6.9, 'medium'],
    [7, 'high'],
    [8.9, 'high'],
    [9, 'critical'],
    [10, 'critical'],
  ])('rates %d as %s', (value, rating) => {
    expect(cvssRating(value)).toBe(rating);
  });
});

describe('CVSS vector validation', () => {
  it.each([
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:C/C:N/I:L/A:N/E:X/CR:H/MS:C',
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
    'CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:A/VC:L/VI:N/VA:N/SC:H/SI:L/SA:N/E:A/MSI:S/S:P/AU:Y/R:I/V:C/RE:H/U:Amber',
  ])('accepts %s', (vector) => {
    expect(validate(CvssVectorString, vector).ok).toBe(true);
  });

  it.each([
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/'],
    ['AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', 'Missing base metric A'],
    ['CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'AV appears twice'],
    ['CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'AV must be one of'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1', 'Unknown CVSS 3.1 metric ZZ'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/', 'is not a metric:value pair'],
    ['CVSS:3.1/AV:N:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'is not a metric:value pair'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'UI must be one of N, P, A'],
    ['CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'Missing base metric AT'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSC:S', 'MSC must be one of'],
  ])('refuses %s, saying why', (vector, why) => {
    const result = validate(CvssVectorString, vector);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.message).join(' | ')).toContain(why);
  });

  it('refuses a vector over the length limit', () => {
    const result = validate(CvssVectorString, `CVSS:3.1/${'AV:N/'.repeat(60)}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.code).toBe('too_big');
  });
});

describe('CWE ids', () => {
  it.each(['CWE-79', 'CWE-1', 'CWE-1321', 'CWE-999999'])('accepts %s', (id) => {
    expect(validate(CweId, id).ok).toBe(true);
  });

  it.each(['CWE-0', 'CWE-079', 'cwe-79', 'CWE79', 'CWE-', 'CWE-1234567', 'CWE-79 ', 'CVE-2024-1'])('refuses %s', (id) => {
    expect(validate(CweId, id).ok).toBe(false);
  });

  it('limits a list to ten distinct ids and names the bad one', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `CWE-${i + 1}`);
    expect(validate(CweList, ten).ok).toBe(true);
    expect(validate(CweList, [...ten, 'CWE-11']).ok).toBe(false);
    expect(validate(CweList, ['CWE-79', 'CWE-79']).ok).toBe(false);
    const bad = validate(CweList, ['CWE-79', 'XSS']);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]?.path).toBe('1');
  });
});
