/**
 * An intake in a child process for the bench, driven over IPC, so the load generator here
 * does not share its event loop: the child sends `{ url }` once it listens, answers each
 * question with one message, and stops on `close`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { ROOT } from './sizes.ts';

/** Forks `script` (from sources, through tsx) with `args`; what it serves, a way to ask it, and to stop it. */
export async function forkIntake(script: string, args: string[], options: { what: string; execArgv?: string[] }) {
  const child: ChildProcess = fork(script, args, {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', '--conditions=vuln-report-source', ...(options.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      const fail = (code: number | null) => reject(new Error(`the ${options.what}'s process exited (${code})`));
      child.once('exit', fail);
      child.once('message', (message) => {
        child.off('exit', fail);
        resolve(message as T);
      });
    });
  const { url } = await next<{ url: string }>();
  return {
    url,
    /** Sends `question` and waits for the child's one answer. */
    ask: <T>(question: string) => (child.send(question), next<T>()),
    close: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.send('close'))),
  };
}
