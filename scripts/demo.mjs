// Starts the demo host app on loopback and stops it cleanly on Ctrl-C.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.DEMO_PORT ?? '5173';

// The tool's own binary, not npx: stopping npx would leave its child running.
const vite = spawn(
  join(root, 'node_modules', '.bin', 'vite'),
  ['--config', 'examples/demo/vite.config.ts', '--port', port, '--strictPort', '--clearScreen', 'false'],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);

vite.stdout.on('data', (chunk) => {
  const text = chunk.toString();
  process.stdout.write(text);
  if (text.includes('ready in')) {
    console.log(`
  vuln-report demo
    host app   http://127.0.0.1:${port}/

  Still to come: the report dialog, the SDK, the stub intake server on
  http://127.0.0.1:4010 and the staff triage console. Press Ctrl-C to stop.
`);
  }
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  vite.kill('SIGTERM');
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
vite.on('exit', (code, signal) => process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0))));
