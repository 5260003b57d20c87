// Runs the contract's conformance suite through the published CLI: starts the built
// standalone stub on a free loopback port, runs `vuln-report-stub verify` against it,
// and stops the server with SIGTERM (which must exit cleanly).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../packages/server-stub/dist/cli.js', import.meta.url));

const server = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let output = '';
  server.stdout.on('data', (chunk) => {
    output += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(output);
    if (match) resolve(match[1]);
  });
  server.on('exit', (code) => reject(new Error(`the stub exited (${code}) before listening:\n${output}`)));
});

const roles = ['triager', 'responder', 'legal', 'admin'].flatMap((role) => ['--role-token', `${role}=staff_test_${role}`]);
// The secret key travels in the environment, as the CLI advises, not on the command line.
const verify = spawn(process.execPath, [cli, 'verify', '--base-url', url, '--staff-token', 'staff_test_token', '--project-key', 'pk_test_acme', ...roles], {
  stdio: 'inherit',
  env: { ...process.env, VULN_REPORT_SECRET_KEY: 'sk_test_acme' },
});
const verified = await new Promise((resolve) => verify.on('exit', resolve));
const stopped = new Promise((resolve) => server.on('exit', resolve));
server.kill('SIGTERM');
const serverExit = await stopped;
if (serverExit !== 0) console.error(`the stub exited with ${serverExit} on SIGTERM`);
process.exit(verified === 0 && serverExit === 0 ? 0 : 1);
