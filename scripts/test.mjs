// The whole test suite: type-check, Node tests, browser tests. Every step runs even if
// an earlier one fails, so one run shows everything that is broken.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const work = mkdtempSync(join(tmpdir(), 'vuln-report-test-'));
const vitestJson = join(work, 'vitest.json');
const wtrJson = join(work, 'wtr.json');
const e2eJson = join(work, 'e2e.json');

const steps = [
  { name: 'type-check', command: bin('tsc'), args: ['-p', 'tsconfig.json'] },
  { name: 'build (tsc: dist with .d.ts)', command: 'npm', args: ['run', 'build', '--silent'] },
  { name: 'package exports', command: process.execPath, args: ['scripts/check-packages.mjs'] },
  {
    name: 'node tests (vitest)',
    command: bin('vitest'),
    args: ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
    counts: () => {
      const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
      return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
    },
  },
  {
    name: 'browser tests (web-test-runner, Chromium)',
    command: bin('web-test-runner'),
    args: [],
    env: { VR_WTR_COUNTS: wtrJson },
    counts: () => JSON.parse(readFileSync(wtrJson, 'utf8')),
  },
  {
    name: 'end-to-end stories (the built demo and the stub, in Chromium)',
    command: bin('vitest'),
    args: ['run', '--config', 'examples/demo/vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${e2eJson}`],
    counts: () => {
      const report = JSON.parse(readFileSync(e2eJson, 'utf8'));
      return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
    },
  },
  { name: 'conformance (vuln-report-stub verify against the standalone stub)', command: process.execPath, args: ['scripts/conformance.mjs'] },
  // The bench's smoke mode: every part still produces its numbers (timings are not checked).
  { name: 'bench smoke (npm run bench -- --quick)', command: bin('tsx'), args: ['--conditions=vuln-report-source', 'bench/run.ts', '--quick', '--no-build'] },
  { name: 'bundle budgets (size-limit)', command: bin('size-limit'), args: [] },
];

const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const started = performance.now();
  const result = spawnSync(step.command, step.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  let counts;
  if (step.counts) {
    try {
      counts = step.counts();
    } catch {
      counts = { passed: 0, failed: 1, skipped: 0 };
    }
    totals.passed += counts.passed;
    totals.failed += counts.failed || (ok ? 0 : 1);
    totals.skipped += counts.skipped;
  } else if (!ok) {
    totals.failed += 1;
  }
  const detail = counts ? ` (${counts.passed} passed, ${counts.failed} failed)` : '';
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${step.name}${detail} in ${seconds}s`);
}

if (existsSync(work)) rmSync(work, { recursive: true, force: true });
console.log(`\n=== summary ===\n${summary.join('\n')}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(summary.some((line) => line.startsWith('FAIL')) ? 1 : 0);
