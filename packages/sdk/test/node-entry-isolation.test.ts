// The signing code (`@vuln-report/sdk/node`, node:crypto HMAC with a secret key) must
// never reach a page. These bundles are made the way the browser builds resolve the
// workspace: esbuild (what size-limit measures with) for the browser platform, with the
// source condition and Vite's client conditions the widget's build uses.
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const BROWSER: BuildOptions = {
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  conditions: ['vuln-report-source', 'module', 'browser', 'production'],
  define: { 'process.env.NODE_ENV': '"production"' },
  absWorkingDir: root,
  logLevel: 'silent',
  // Unminified, so an export's name would still be there to find.
  minify: false,
};
const SIGNING_MARKS = ['signCustomerToken', 'createHmac', 'node:crypto'];

/** Bundles `contents` (an entry module at the repository's root) and returns the output. */
async function bundle(contents: string, options: BuildOptions = BROWSER): Promise<string> {
  const result = await build({ ...options, stdin: { contents, resolveDir: root, sourcefile: 'entry.ts', loader: 'ts' } });
  return result.outputFiles?.map((file) => file.text).join('\n') ?? '';
}

describe('the SDK\'s Node entry stays out of browser bundles', () => {
  it('bundles report() for the browser without any signing code', async () => {
    const output = await bundle(`export { init, report } from '@vuln-report/sdk';`);
    expect(output).toContain('Idempotency-Key');
    for (const mark of SIGNING_MARKS) expect(output, mark).not.toContain(mark);
  });

  it('bundles every export of the SDK\'s main entry for the browser without any signing code', async () => {
    const output = await bundle(`export * from '@vuln-report/sdk';`);
    for (const mark of SIGNING_MARKS) expect(output, mark).not.toContain(mark);
  });

  it('bundles the widget for the browser, its dialog and the SDK it loads included, without any signing code', async () => {
    const output = await bundle(`export * from '@vuln-report/widget'; import '@vuln-report/widget/define';`);
    expect(output).toContain('vuln-report-button');
    // The dialog's chunk, with the SDK's transport in it, is in the bundle too.
    expect(output).toContain('Idempotency-Key');
    for (const mark of SIGNING_MARKS) expect(output, mark).not.toContain(mark);
  });

  it('cannot resolve @vuln-report/sdk/node for the browser', async () => {
    const error = await bundle(`export { signCustomerToken } from '@vuln-report/sdk/node';`).then(
      () => undefined,
      (failure: unknown) => failure as Error,
    );
    expect(error, 'a browser bundle resolved @vuln-report/sdk/node').toBeInstanceOf(Error);
    expect(error?.message).toMatch(/Could not resolve "@vuln-report\/sdk\/node"/);
  });

  it('finds the marks in the Node entry itself, so their absence above means something', async () => {
    const output = await bundle(`export { signCustomerToken } from '@vuln-report/sdk/node';`, {
      ...BROWSER,
      platform: 'node',
      conditions: ['vuln-report-source', 'module', 'node'],
    });
    expect(output).toContain('signCustomerToken');
    expect(output).toContain('createHmac');
    expect(output).toContain('node:crypto');
  });
});
