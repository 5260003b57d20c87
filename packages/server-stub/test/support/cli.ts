import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
/** tsx as a loader of the child itself, not its CLI (which runs the program in a grandchild a SIGKILL would leave running). */
const TSX_LOADER = import.meta.resolve('tsx');

/** Starts `vuln-report-stub` from its sources as a child process (the stub itself, so a signal reaches it): its URL once it listens, and its exit code. */
export function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, '--conditions=vuln-report-source', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exited };
}
