import * as z from 'zod/mini';
import { LIMITS } from './limits.ts';

export { CvssVectorShape } from './cvss-shape.ts';

/** A parsed CVSS vector: its version and its metrics, by abbreviation. */
export interface CvssVector {
  version: '3.1' | '4.0';
  metrics: Readonly<Record<string, string>>;
}

/** Qualitative rating of a CVSS score. */
export type CvssRating = 'none' | 'low' | 'medium' | 'high' | 'critical';

/** The outcome of {@link parseCvss}: the vector, or why it is not one. */
export type CvssParseResult = { ok: true; vector: CvssVector } | { ok: false; error: string };

type MetricTable = Readonly<Record<string, readonly string[]>>;

const V31_BASE: MetricTable = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'R'],
  S: ['U', 'C'],
  C: ['H', 'L', 'N'],
  I: ['H', 'L', 'N'],
  A: ['H', 'L', 'N'],
};

const V31_OPTIONAL: MetricTable = {
  E: ['X', 'H', 'F', 'P', 'U'],
  RL: ['X', 'U', 'W', 'T', 'O'],
  RC: ['X', 'C', 'R', 'U'],
  CR: ['X', 'H', 'M', 'L'],
  IR: ['X', 'H', 'M', 'L'],
  AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'R'],
  MS: ['X', 'U', 'C'],
  MC: ['X', 'H', 'L', 'N'],
  MI: ['X', 'H', 'L', 'N'],
  MA: ['X', 'H', 'L', 'N'],
};

const V40_BASE: MetricTable = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  AT: ['N', 'P'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'P', 'A'],
  VC: ['H', 'L', 'N'],
  VI: ['H', 'L', 'N'],
  VA: ['H', 'L', 'N'],
  SC: ['H', 'L', 'N'],
  SI: ['H', 'L', 'N'],
  SA: ['H', 'L', 'N'],
};

const V40_OPTIONAL: MetricTable = {
  E: ['X', 'A', 'P', 'U'],
  CR: ['X', 'H', 'M', 'L'],
  IR: ['X', 'H', 'M', 'L'],
  AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MAT: ['X', 'N', 'P'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'P', 'A'],
  MVC: ['X', 'H', 'L', 'N'],
  MVI: ['X', 'H', 'L', 'N'],
  MVA: ['X', 'H', 'L', 'N'],
  MSC: ['X', 'H', 'L', 'N'],
  MSI: ['X', 'S', 'H', 'L', 'N'],
  MSA: ['X', 'S', 'H', 'L', 'N'],
  S: ['X', 'N', 'P'],
  AU: ['X', 'N', 'Y'],
  R: ['X', 'A', 'U', 'I'],
  V: ['X', 'D', 'C'],
  RE: ['X', 'L', 'M', 'H'],
  U: ['X', 'Clear', 'Green', 'Amber', 'Red'],
};

const TABLES = {
  '3.1': { base: V31_BASE, optional: V31_OPTIONAL },
  '4.0': { base: V40_BASE, optional: V40_OPTIONAL },
} as const;

/**
 * Parses a CVSS v3.1 or v4.0 vector string (`CVSS:3.1/AV:N/...`). Every base metric
 * must be present once with a defined value; temporal, threat, environmental and
 * supplemental metrics are optional. Metric order is not enforced, repeats are refused.
 */
export function parseCvss(input: string): CvssParseResult {
  const [prefix, ...parts] = input.split('/');
  const version = prefix === 'CVSS:3.1' ? '3.1' : prefix === 'CVSS:4.0' ? '4.0' : undefined;
  if (!version) {
    return { ok: false, error: 'Must start with CVSS:3.1/ or CVSS:4.0/' };
  }
  const { base, optional } = TABLES[version];
  const metrics: Record<string, string> = {};
  for (const part of parts) {
    const [name, value, extra] = part.split(':');
    if (!name || value === undefined || extra !== undefined) {
      return { ok: false, error: `"${part}" is not a metric:value pair` };
    }
    const allowed = base[name] ?? optional[name];
    if (!allowed) return { ok: false, error: `Unknown CVSS ${version} metric ${name}` };
    if (!allowed.includes(value)) {
      return { ok: false, error: `${name} must be one of ${allowed.join(', ')}` };
    }
    if (name in metrics) return { ok: false, error: `Metric ${name} appears twice` };
    metrics[name] = value;
  }
  const missing = Object.keys(base).filter((name) => !(name in metrics));
  if (missing.length > 0) {
    return { ok: false, error: `Missing base metric${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` };
  }
  return { ok: true, vector: { version, metrics } };
}

const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
  PR: { U: { N: 0.85, L: 0.62, H: 0.27 }, C: { N: 0.85, L: 0.68, H: 0.5 } },
} as const;

/** CVSS v3.1 Roundup: the smallest one-decimal number not below the input, float-safe. */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

/**
 * The CVSS v3.1 base score (0.0 to 10.0) of a parsed v3.1 vector, per the
 * specification's equations. v4.0 vectors are validated but not scored here.
 */
export function cvss31BaseScore(vector: CvssVector): number {
  if (vector.version !== '3.1') throw new TypeError('cvss31BaseScore needs a CVSS:3.1 vector');
  const m = vector.metrics as Record<'AV' | 'AC' | 'PR' | 'UI' | 'S' | 'C' | 'I' | 'A', string>;
  const weight = <T extends Record<string, number>>(table: T, key: string) => table[key as keyof T] as number;
  const scope = m.S === 'C' ? 'C' : 'U';
  const iss =
    1 -
    (1 - weight(WEIGHTS.CIA, m.C)) * (1 - weight(WEIGHTS.CIA, m.I)) * (1 - weight(WEIGHTS.CIA, m.A));
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  const exploitability =
    8.22 *
    weight(WEIGHTS.AV, m.AV) *
    weight(WEIGHTS.AC, m.AC) *
    weight(WEIGHTS.PR[scope], m.PR) *
    weight(WEIGHTS.UI, m.UI);
  if (impact <= 0) return 0;
  const total = scope === 'U' ? impact + exploitability : 1.08 * (impact + exploitability);
  return roundUp(Math.min(total, 10));
}

/** The qualitative rating of a CVSS score, per the specification's bands. */
export function cvssRating(score: number): CvssRating {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

/**
 * A CVSS v3.1 or v4.0 vector string, validated metric by metric: what an intake checks.
 * A browser checks {@link CvssVectorShape} only, and the intake scores it.
 */
export const CvssVectorString = z.string().check(
  z.maxLength(LIMITS.cvssMax),
  z.regex(/^CVSS:(3\.1|4\.0)\//, 'Must be a CVSS vector starting with CVSS:3.1/ or CVSS:4.0/'),
  z.superRefine((value, ctx) => {
    if (!value.startsWith('CVSS:3.1/') && !value.startsWith('CVSS:4.0/')) return;
    const result = parseCvss(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.error, input: value });
  }),
);
