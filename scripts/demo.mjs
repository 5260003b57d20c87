// Starts the stub intake server and the demo host app on loopback, prints where they
// are, and stops both cleanly on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const demoPort = process.env.DEMO_PORT ?? '5173';
const stubPort = process.env.STUB_PORT ?? '4010';
mkdirSync(join(root, '.vuln-report'), { recursive: true });

// The plain-HTML page embeds the widget's single-file build, as a host would.
console.log('demo: building the widget’s single-file bundle…');
const built = spawnSync(bin('vite'), ['build', '--config', 'packages/widget/vite.config.ts', '--mode', 'single', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

// The tools' own binaries, not npx: stopping npx would leave its child running.
const children = [
  spawn(
    bin('tsx'),
    ['--conditions=vuln-report-source', 'packages/server-stub/src/cli.ts', '--port', stubPort, '--data', '.vuln-report/demo-data.json'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  ),
  spawn(bin('vite'), ['--config', 'examples/demo/vite.config.ts', '--port', demoPort, '--strictPort', '--clearScreen', 'false'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  }),
];

let ready = 0;
for (const child of children) {
  child.stdout.on('data', (chunk) => {
    const text = chunk.toString();
    process.stdout.write(text);
    if (/listening on|ready in/.test(text) && ++ready === children.length) {
      console.log(`
  vuln-report demo
    host app        http://127.0.0.1:${demoPort}/            (the floating button is on every page)
    security page   http://127.0.0.1:${demoPort}/security.html
    plain HTML      http://127.0.0.1:${demoPort}/plain.html   (the single-file build, in Spanish)
    React           http://127.0.0.1:${demoPort}/react.html
    triage console  http://127.0.0.1:${demoPort}/console.html (staff token: staff_test_token)
    stub intake     http://127.0.0.1:${stubPort}/             (OpenAPI: /openapi.json; data: .vuln-report/demo-data.json)

  Press Ctrl-C to stop.
`);
    }
  });
}

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
let exited = 0;
for (const child of children) {
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`a demo process exited (${code}); stopping the rest`);
      stop();
    }
    if (++exited === children.length) process.exit(0);
  });
}
