// Builds the static demo, in which the stub runs in the browser's service worker, into
// examples/demo/dist-static/; with --serve, serves it on loopback until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const vite = join(root, 'node_modules', '.bin', 'vite');
const serve = process.argv.includes('--serve');
const port = process.env.DEMO_PORT || '4173';

function fail(sentence) {
  console.error(`static demo: ${sentence}`);
  process.exit(1);
}

/** Whether 127.0.0.1:port is free to listen on. */
function isFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

if (serve) {
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) fail(`DEMO_PORT must be a port number from 1 to 65535, not "${port}".`);
  if (!(await isFree(Number(port)))) fail(`port ${port} on 127.0.0.1 is already in use: stop what uses it, or set DEMO_PORT to another port.`);
}

const run = (args) => {
  const result = spawnSync(vite, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(['build', '--config', 'packages/widget/vite.config.ts', '--mode', 'single', '--logLevel', 'warn']);
run(['build', '--config', 'examples/demo/vite.config.ts', '--mode', 'static', '--logLevel', 'warn']);
console.log('\nstatic demo: examples/demo/dist-static/ (any static host; the intake runs in the service worker)');

if (serve) {
  const preview = spawn(vite, ['preview', '--config', 'examples/demo/vite.config.ts', '--mode', 'static', '--host', '127.0.0.1', '--port', port, '--strictPort'], {
    cwd: root,
    stdio: 'inherit',
  });
  const stop = () => preview.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  preview.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1)));
}
