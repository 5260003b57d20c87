/**
 * `npm run bench`: builds what the bench needs, runs every part, prints one markdown
 * table and writes it to `bench/RESULTS.md` with the machine it ran on.
 * `npm run bench -- --quick`: the same with tiny counts, as a smoke test; writes nothing.
 * `npm run bench -- --only=server` (or any parts, comma-separated): those parts alone;
 * a full run then refreshes only their rows of `bench/RESULTS.md`.
 * Either exits non-zero when a part fails to produce its numbers. Timings are figures,
 * never assertions.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromiumPath } from '../scripts/lib/chromium.mjs';
import { benchBrowser } from './browser.ts';
import { benchMerkle } from './merkle.ts';
import { benchSdk } from './sdk.ts';
import { benchServer } from './server.ts';
import { benchSizes, ROOT } from './sizes.ts';
import { benchStub } from './stub.ts';
import type { Row } from './stats.ts';

const quick = process.argv.includes('--quick');
/** `--only server,stub`: runs those parts alone and, in a full run, refreshes only their rows of RESULTS.md. */
const onlyArg = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const only = onlyArg ? new Set(onlyArg.split(',')) : undefined;
const COUNTS = quick
  ? { loads: 2, calls: 20, seconds: 1, reports: 500, stored: 2_000, merkle: { sizes: [1_000, 10_000], samples: 100 } }
  : { loads: 15, calls: 5000, seconds: 10, reports: 10_000, stored: 1_000_000, merkle: { sizes: [10_000, 1_000_000], samples: 1000 } };

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The machine's load when the run began: above the core count, other work was running and the timings suffer. */
const STARTING_LOAD = loadavg()[0]!.toFixed(1);

/** A cell that is not a figure: a part that "ran" but measured nothing. */
const broken = (cell: string | undefined) => cell !== undefined && /NaN|undefined|Infinity/.test(cell);

/** Runs one part; a failure is reported and counted, and the other parts still run. */
async function part(name: string, run: () => Promise<Row[]>, failures: string[]): Promise<Row[]> {
  const started = performance.now();
  log(`bench: ${name}...`);
  try {
    const rows = await run();
    const bad = rows.filter((row) => !/\d/.test(row.ours) || broken(row.ours) || broken(row.sentry));
    if (rows.length === 0 || bad.length) throw new Error(`no number for: ${bad.map((row) => row.what).join('; ') || 'anything'}`);
    log(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return rows;
  } catch (error) {
    failures.push(`${name}: ${(error as Error).stack ?? error}`);
    log(`bench: ${name} FAILED: ${(error as Error).message}`);
    return [];
  }
}

/** The table: one row per figure, ours beside Sentry's where there is one. */
function table(rows: Row[]): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  const lines = ['| part | what | ours | Sentry | ours / Sentry |', '|---|---|---|---|---|'];
  for (const row of rows) lines.push(`| ${[row.part, row.what, row.ours, row.sentry ?? '', row.ratio ?? ''].map(escape).join(' | ')} |`);
  return lines.join('\n');
}

function machine(): string {
  const cpu = cpus();
  let chromium = 'unknown';
  try {
    chromium = execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // The browser part reports its own failure.
  }
  return [
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'}, ${cpu.length} cores`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node ${process.version}, ${chromium}`,
    `- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${STARTING_LOAD} at the start`,
  ].join('\n');
}

const NOTES = `How to read it:

- Sizes are summed file by file, each compressed alone (gzip level 9, brotli quality 11), as
  each file is sent alone. Sentry's SDK has no lazy part: its first load is all of it.
- The browser pages are one host page served from a \`node:http\` server on 127.0.0.1 (brotli,
  \`no-store\`), each load in a fresh context with the cache disabled, interleaved, after one
  unmeasured warm-up round. Both widgets float in the bottom-right corner. "Visible and
  clickable" is checked once a frame: rendered, opacity above 0, and the topmost element at
  its centre. Script bytes, blocking time (the sum over long tasks of their time beyond
  50 ms), script time (CDP's \`ScriptDuration\`) and heap (CDP's \`JSHeapUsedSize\` after a
  forced GC) are read twice: before the first interaction, 500 ms after the button is
  clickable (after the load event on the bare page), with our widget's idle prefetch held
  back until then; and once idle, after the prefetch (ours fetches its dialog once the page
  is idle after its load event and renders it, closed) and another 500 ms. "Click" is a
  real mouse click at the button's centre, timed from the click event's timestamp to the
  dialog open (\`[open]\` and rendered; fade-ins not waited for) with focus inside it.
  Sentry's dialog opens but leaves focus outside (it stays on the page's body), so its
  opening time is given instead. A first click with no hover before it comes once idle, as
  a person's would; ours also loads its dialog on hover, focus or touch, if those come first.
- The SDK figures are in Node, whose timer has the resolution a sub-millisecond call needs.
- The stub runs in a child process; autocannon sends each report with a new Idempotency-Key,
  and every one is checked to be a 201 and stored once.
- The production server (\`@vuln-report/server\`) runs in child processes, each on its own
  database (a fresh PGlite data folder, a fresh PostgreSQL schema); the load comes from this
  process over keep-alive connections, each report with a new Idempotency-Key, every answer
  checked to be a 201 and the reports counted in the database afterwards. With two processes
  the connections alternate between them. \`pgbench\` runs right after, on the same
  database, inserting the same JSON as one JSONB row per transaction with as many clients:
  the rate the database itself allows for one durable write per transaction. The server is
  far below it: each submission is one transaction of about ten statements, and every
  logged write holds the activity log's one hash-chain lock from its append to COMMIT, so
  submissions commit one at a time whatever the number of processes (the sealer that
  orders the log after commit, not built yet, is what lifts this).
- The Merkle log runs in this process: appends and proofs on the core tree (\`@noble/hashes\`),
  verification with \`@vuln-report/sdk/verify\` (WebCrypto), every proof checked to verify.
  Leaves and kept sizes are drawn at random; proofs are timed one by one after as many
  unmeasured. Their cost follows log₂ of the size: the last rows compare the two sizes.`;

/** The first cell of each part's rows, to find them in an earlier RESULTS.md. */
const PART_LABELS: Record<string, RegExp> = {
  sizes: /^size/,
  browser: /^browser/,
  sdk: /^SDK/,
  stub: /^stub/,
  server: /^(server|PostgreSQL 15 alone)/,
  merkle: /^merkle/,
};
const PART_ORDER = Object.keys(PART_LABELS);

/**
 * RESULTS.md with the rows of `names` replaced by `rows` (in their place, or before the
 * rows of the parts that follow), the other parts' rows left as they were, and a line
 * under the machine saying when those parts were measured alone.
 */
function refreshRows(previous: string, rows: Row[], names: string[]): string {
  const lines = previous.split('\n');
  const partOf = (line: string) => {
    const cell = /^\| ([^|]+) \|/.exec(line)?.[1]?.trim();
    return cell === undefined ? undefined : PART_ORDER.find((name) => PART_LABELS[name]!.test(cell));
  };
  const fresh = table(rows).split('\n').slice(2);
  const kept = lines.filter((line) => !names.includes(partOf(line) ?? ''));
  const later = (line: string) => {
    const name = partOf(line);
    return name !== undefined && names.every((chosen) => PART_ORDER.indexOf(name) > PART_ORDER.indexOf(chosen));
  };
  let at = kept.findIndex(later);
  if (at < 0) at = kept.findLastIndex((line) => partOf(line) !== undefined) + 1;
  kept.splice(at, 0, ...fresh);
  const stamp = `- ${names.join(', ')} measured alone on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (\`npm run bench -- --only=${names.join(',')}\`), load average ${STARTING_LOAD} at the start`;
  const machineEnd = kept.findIndex((line) => line.startsWith('- date:'));
  const earlier = kept.findIndex((line) => line.startsWith(`- ${names.join(', ')} measured alone on`));
  if (earlier >= 0) kept[earlier] = stamp;
  else if (machineEnd >= 0) kept.splice(machineEnd + 1, 0, stamp);
  let text = kept.join('\n');
  // The notes follow the code.
  text = text.replace(/\nHow to read it:[\s\S]*$/, `\n${NOTES}\n`);
  return text;
}

async function main() {
  const failures: string[] = [];
  // Only the widget's browser builds are measured as files; the rest runs from source.
  // `--no-build` is for npm test, whose build step has just made them.
  const selected = (name: string) => !only || only.has(name);
  if (!process.argv.includes('--no-build') && (selected('sizes') || selected('browser'))) {
    log(`bench: ${quick ? 'quick smoke run' : 'full run'}; building the widget's browser bundles...`);
    const vite = join(ROOT, 'node_modules', '.bin', 'vite');
    for (const mode of ['production', 'single']) {
      const build = spawnSync(vite, ['build', '--config', 'packages/widget/vite.config.ts', '--mode', mode, '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      if (build.status !== 0) {
        log('bench: the build failed; nothing to measure');
        process.exit(1);
      }
    }
  }

  // One part at a time: on a small machine, parts running together would measure each other.
  const parts: Array<[string, () => Promise<Row[]>]> = [
    ['sizes', benchSizes],
    ['browser', () => benchBrowser({ loads: COUNTS.loads, onProgress: (round) => log(`bench: browser round ${round}/${COUNTS.loads}`) })],
    ['sdk', () => benchSdk({ calls: COUNTS.calls })],
    ['stub', () => benchStub({ seconds: COUNTS.seconds, reports: COUNTS.reports })],
    ['server', () => benchServer({ seconds: COUNTS.seconds, stored: COUNTS.stored, log })],
    ['merkle', () => benchMerkle(COUNTS.merkle)],
  ];
  if (only) for (const name of only) if (!parts.some(([known]) => known === name)) throw new Error(`--only: no part ${name} (${parts.map(([known]) => known).join(', ')})`);
  const rows: Row[] = [];
  for (const [name, run] of parts) if (selected(name)) rows.push(...(await part(name, run, failures)));

  const output = table(rows);
  console.log(output);
  if (failures.length) {
    log(`\nbench: ${failures.length} part(s) failed:\n${failures.join('\n')}`);
    process.exit(1);
  }
  if (quick) {
    log('bench: quick run, RESULTS.md left as it was');
    return;
  }
  const path = join(ROOT, 'bench', 'RESULTS.md');
  const results =
    only && existsSync(path)
      ? refreshRows(readFileSync(path, 'utf8'), rows, [...only])
      : `# Benchmark results\n\nWritten by \`npm run bench\`; run it again to refresh. Machine:\n\n${machine()}\n\n${output}\n\n${NOTES}\n`;
  writeFileSync(path, results);
  log('bench: written to bench/RESULTS.md');
}

await main();
