import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/redact.ts';

/**
 * Redaction runs on the host page's main thread, on strings an attacker may shape (a URL,
 * an error message): every pattern must take time linear in the input. No stopwatch
 * threshold: the time for 100 kB of an adversarial input must stay under 15 times the time
 * for 10 kB of the same input (linear is about 10, quadratic about 100).
 */
const SMALL = 10_000;
const LARGE = 100_000;
const MAX_GROWTH = 15;

/** `prefix`, then `unit` repeated up to `length` characters. */
const repeated =
  (unit: string, prefix = '') =>
  (length: number) =>
    prefix + unit.repeat(Math.floor((length - prefix.length) / unit.length));

/** Milliseconds per call of `run` over fresh copies of `input`, `count` of them in a row. */
function perCall(run: (value: string) => unknown, input: string, count: number): number {
  // Fresh strings, so nothing a previous call left in a cache makes this one faster.
  const copies = Array.from({ length: count }, (_, i) => `${i % 10}${input}`.slice(1));
  const start = performance.now();
  for (const copy of copies) run(copy);
  return (performance.now() - start) / count;
}

/**
 * How many times longer `run` takes on the large input than on the small one. The small
 * input is timed ten copies at a time, so both timings touch as much memory (a cache that
 * holds 10 kB but not 100 kB would otherwise count as growth). The two sizes alternate,
 * and each keeps its fastest of `runs`: a busy machine slows a measurement, never speeds
 * one up. The best of up to `attempts` is taken, stopping at the first under the limit: a
 * quadratic pattern is far above it every time.
 */
function growth(run: (value: string) => unknown, input: (length: number) => string, { runs = 7, attempts = 5 } = {}) {
  const small = input(SMALL);
  const large = input(LARGE);
  const batch = LARGE / SMALL;
  perCall(run, small, 2); // compiles the code and the regular expressions
  let best = Infinity;
  for (let attempt = 0; attempt < attempts && best >= MAX_GROWTH; attempt++) {
    let smallest = Infinity;
    let largest = Infinity;
    for (let i = 0; i < runs; i++) {
      smallest = Math.min(smallest, perCall(run, small, batch));
      largest = Math.min(largest, perCall(run, large, 1));
    }
    best = Math.min(best, largest / Math.max(smallest, 1e-4));
  }
  return best;
}

/**
 * Per pattern of `redactText`, inputs that would make a backtracking pattern retry or rescan
 * (runs that start like a secret and are not one), and single matches as long as the input.
 */
const ADVERSARIAL: Record<string, ((length: number) => string)[]> = {
  'URL parameters': [
    repeated('?token='),
    repeated('a', '?'),
    repeated('?a'),
    repeated('a', '?x=1&'),
    repeated('token', '?'),
    repeated('a', '?token='),
  ],
  JWT: [
    repeated('eyJ-'),
    repeated('eyJ-', 'eyJa.'),
    repeated('eyJ.'),
    repeated('a.', 'eyJ'),
    repeated('-eyJa.eyJ'),
    (length) => `eyJ${'a'.repeat(length / 2)}.${'b'.repeat(length / 2 - 6)}.c`,
  ],
  'AWS access key ids': [repeated('AKIA'), repeated('AKIA-'), repeated('AKIAAAAAAAAAAAAAAAA-')],
  'GitHub tokens': [repeated('ghp_-'), repeated(`ghp_${'a'.repeat(35)}-`), repeated('github_pat_-'), repeated('a', 'ghp_')],
  'Stripe keys': [repeated('sk_live_-'), repeated(`sk_live_${'a'.repeat(9)}-`), repeated('a', 'sk_live_')],
  'Slack tokens': [repeated('xoxb-'), repeated(`xoxb-${'a'.repeat(9)} `), repeated('a', 'xoxb-')],
  'Google API keys': [repeated('AIza-'), repeated(`AIza${'-'.repeat(34)} `)],
  'OpenAI and Anthropic keys': [repeated('sk-'), repeated('sk-proj-'), repeated(`sk-${'a'.repeat(19)} `), repeated('a', 'sk-ant-')],
  'PEM private keys': [
    repeated('-----BEGIN '),
    repeated('A', '-----BEGIN '),
    repeated('PRIVATE KEY', '-----BEGIN '),
    repeated('-----END A', '-----BEGIN PRIVATE KEY-----'),
    repeated('MIIEow\n', '-----BEGIN RSA PRIVATE KEY-----\n'),
  ],
  'Bearer and Basic credentials': [
    repeated('Bearer '),
    repeated('a', 'Bearer '),
    repeated(' ', 'Bearer'),
    repeated('Bearer a'),
    repeated('Basic abcdefg '),
    repeated('bearer-'),
    repeated('a', 'Bearer 1'),
  ],
  'card numbers': [repeated('1 '), repeated('1'), repeated('1-'), repeated('12 '), repeated('4111111111111111 ')],
};

describe('redaction time', () => {
  for (const [pattern, inputs] of Object.entries(ADVERSARIAL)) {
    it(`grows linearly for ${pattern}`, () => {
      for (const input of inputs) {
        const sample = input(40);
        expect(growth(redactText, input), `${JSON.stringify(sample)}...`).toBeLessThan(MAX_GROWTH);
      }
    });
  }

  it('tells quadratic from linear: the former JWT pattern fails the same check', () => {
    // The pattern redaction used before: a run that starts like a JWT and is not one is
    // tried again from every `eyJ` inside it, each attempt reading to the end of the run.
    const former = /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g;
    const run = (value: string) => value.replace(former, REDACTED);
    // One run of each size: 100 kB takes over a second.
    expect(growth(run, repeated('eyJ-'), { runs: 1, attempts: 1 })).toBeGreaterThan(MAX_GROWTH);
  });
});
