// Starts the stub intake server and the demo host app on loopback, prints where they
// are, and stops both cleanly on Ctrl-C. DEMO_PORT (5173) and STUB_PORT (4010) move them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);

function fail(sentence) {
  console.error(`demo: ${sentence}`);
  process.exit(1);
}

/** A port from the environment, or the default; anything else stops the demo with one sentence. */
function portFrom(name, fallback) {
  const value = process.env[name] || fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) fail(`${name} must be a port number from 1 to 65535, not "${value}".`);
  return port;
}

/** Whether 127.0.0.1:port is free to listen on, as both servers do. */
function isFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

const demoPort = portFrom('DEMO_PORT', '5173');
const stubPort = portFrom('STUB_PORT', '4010');
if (demoPort === stubPort) fail(`DEMO_PORT and STUB_PORT are both ${demoPort}: give the demo and the stub different ports.`);
for (const [name, port] of [['DEMO_PORT', demoPort], ['STUB_PORT', stubPort]]) {
  if (!(await isFree(port))) fail(`port ${port} on 127.0.0.1 is already in use (is a demo already running?): stop what uses it, or set ${name} to another port.`);
}

// Each stub port keeps its own reports, so two demos side by side never share a file.
mkdirSync(join(root, '.vuln-report'), { recursive: true });
const dataFile = `.vuln-report/demo-data-${stubPort}.json`;
const olderDataFile = join(root, '.vuln-report', 'demo-data.json');
if (stubPort === 4010 && existsSync(olderDataFile) && !existsSync(join(root, dataFile))) renameSync(olderDataFile, join(root, dataFile));

// The plain-HTML page embeds the widget's single-file build, as a host would.
console.log('demo: building the widget’s single-file bundle…');
const built = spawnSync(bin('vite'), ['build', '--config', 'packages/widget/vite.config.ts', '--mode', 'single', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

// The tools' own binaries, not npx: stopping npx would leave its child running. The demo's
// server reads STUB_PORT to point every page at this stub.
const env = { ...process.env, STUB_PORT: String(stubPort) };
const children = [
  spawn(bin('tsx'), ['--conditions=vuln-report-source', 'packages/server-stub/src/cli.ts', '--port', String(stubPort), '--data', dataFile], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  }),
  spawn(bin('vite'), ['--config', 'examples/demo/vite.config.ts', '--port', String(demoPort), '--strictPort', '--clearScreen', 'false'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  }),
];

let ready = 0;
for (const child of children) {
  child.stdout.on('data', (chunk) => {
    const text = chunk.toString();
    process.stdout.write(text);
    // A moment's wait lets the stub finish printing its keys before the summary.
    if (/listening on|ready in/.test(text) && ++ready === children.length) setTimeout(printSummary, 100);
  });
}

function printSummary() {
  console.log(`
  vuln-report demo
    host app        http://127.0.0.1:${demoPort}/            (the floating button is on every page)
    security page   http://127.0.0.1:${demoPort}/security.html
    plain HTML      http://127.0.0.1:${demoPort}/plain.html   (the single-file build, in Spanish)
    React           http://127.0.0.1:${demoPort}/react.html
    triage console  http://127.0.0.1:${demoPort}/console.html (staff token: staff_test_token)
    stub intake     http://127.0.0.1:${stubPort}/             (OpenAPI: /openapi.json; data: ${dataFile})

  Press Ctrl-C to stop.
`);
}

let stopping = false;
let failed = false;
function stop() {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
let exited = 0;
for (const child of children) {
  let done = false;
  const finish = (reason) => {
    if (done) return;
    done = true;
    if (!stopping) {
      failed = true;
      console.error(`demo: ${reason}; stopping the rest.`);
      stop();
    }
    if (++exited === children.length) process.exit(failed ? 1 : 0);
  };
  child.on('error', (error) => finish(`${child.spawnfile} could not start (${error.message}): run \`npm install\``));
  child.on('exit', (code, signal) => finish(`${child.spawnfile.split('/').pop()} exited (${code ?? signal})`));
}
