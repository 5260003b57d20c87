import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';
import { startStubServer } from '@vuln-report/server-stub';

const demoConfig = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));
const widgetConfig = fileURLToPath(new URL('../../../../packages/widget/vite.config.ts', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    demoUrl: string;
    intakeUrl: string;
  }
}

/**
 * Builds the demo as it ships (the widget's single file, then every page), serves it
 * with `vite preview`, and starts the standalone stub, both on loopback.
 */
export default async function setup(project: TestProject) {
  const outDir = mkdtempSync(join(tmpdir(), 'vuln-report-demo-'));
  await build({ configFile: widgetConfig, mode: 'single', logLevel: 'warn' });
  await build({ configFile: demoConfig, logLevel: 'warn', build: { outDir } });
  const server = await preview({ configFile: demoConfig, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const intake = await startStubServer({ port: 0, rateLimit: false });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  project.provide('demoUrl', `http://127.0.0.1:${port}`);
  project.provide('intakeUrl', intake.url);
  return async () => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    await intake.close();
    rmSync(outDir, { recursive: true, force: true });
  };
}
