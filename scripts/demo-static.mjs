// Builds the static demo, in which the stub runs in the browser's service worker, into
// examples/demo/dist-static/; with --serve, serves it on loopback until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const vite = join(root, 'node_modules', '.bin', 'vite');
const run = (args) => {
  const result = spawnSync(vite, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(['build', '--config', 'packages/widget/vite.config.ts', '--mode', 'single', '--logLevel', 'warn']);
run(['build', '--config', 'examples/demo/vite.config.ts', '--mode', 'static', '--logLevel', 'warn']);
console.log('\nstatic demo: examples/demo/dist-static/ (any static host; the intake runs in the service worker)');

if (process.argv.includes('--serve')) {
  const port = process.env.DEMO_PORT ?? '4173';
  const preview = spawn(vite, ['preview', '--config', 'examples/demo/vite.config.ts', '--mode', 'static', '--host', '127.0.0.1', '--port', port, '--strictPort'], {
    cwd: root,
    stdio: 'inherit',
  });
  const stop = () => preview.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  preview.on('exit', () => process.exit(0));
}
