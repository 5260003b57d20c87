// Makes a fresh clone ready: the right Node, the dependencies, and (with --browser)
// a Chromium for the browser tests. Plain Node with no dependencies, so it runs first.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findChromium } from './lib/chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const wantBrowser = process.argv.includes('--browser');

function fail(sentence) {
  console.error(`\nsetup: ${sentence}`);
  process.exit(1);
}

function run(command, args, env = process.env) {
  console.log(`setup: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) fail(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}); see its output above.`);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  fail(`Node ${process.versions.node} is too old: install Node 20.19 or newer and run this again.`);
}

// npm ci refuses the lockfile here (it lacks other platforms' optional builds); install honours it.
const marker = `${root}/node_modules/.package-lock.json`;
const stale = !existsSync(marker) || statSync(`${root}/package-lock.json`).mtimeMs > statSync(marker).mtimeMs;
if (stale) run('npm', ['install', '--no-audit', '--no-fund']);

if (wantBrowser && !findChromium()) {
  if (process.env.CHROME_PATH) {
    fail(`CHROME_PATH is set to ${process.env.CHROME_PATH}, which does not exist: point it at a Chromium or Chrome binary.`);
  }
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    fail('No Chromium found: install Chromium (on Debian: `sudo apt-get install chromium`) or set CHROME_PATH to a Chromium or Chrome binary, then run this again.');
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], env);
  run('apt-get', ['install', '-y', '-qq', 'chromium'], env);
  if (!findChromium()) fail('apt-get installed chromium but no binary was found at /usr/bin/chromium: set CHROME_PATH to it.');
}
