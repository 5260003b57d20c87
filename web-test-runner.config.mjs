import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { fileURLToPath } from 'node:url';
import { chromiumPath, CHROMIUM_ARGS } from './scripts/lib/chromium.mjs';
import { countReporter } from './scripts/lib/wtr-count-reporter.mjs';
import { sdkVendorMiddleware } from './packages/sdk/test/browser/support/vendor-middleware.mjs';
import { serviceWorkerMiddleware } from './packages/server-stub/test/browser/support/worker-middleware.mjs';
import { cspMiddleware } from './packages/widget/test/csp/csp-middleware.mjs';

/** Browser-side tests: every widget test, and each package's `test/browser/`. */
export default {
  rootDir: fileURLToPath(new URL('.', import.meta.url)),
  files: ['packages/widget/test/**/*.test.ts', '!packages/widget/test/node/**', 'packages/*/test/browser/**/*.test.ts'],
  // The SDK's browser tests reach the stub intake on this server, under /__sdk-vendor/.
  // The stub's browser tests register msw's worker from the root, so it controls the test pages.
  middleware: [sdkVendorMiddleware, serviceWorkerMiddleware, cspMiddleware],
  nodeResolve: { exportConditions: ['vuln-report-source', 'browser', 'production'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.base.json', import.meta.url)) })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true },
    }),
  ],
  reporters: [defaultReporter(), ...(process.env.VR_WTR_COUNTS ? [countReporter(process.env.VR_WTR_COUNTS)] : [])],
  concurrency: 1,
  testFramework: { config: { timeout: 10_000 } },
  testsFinishTimeout: 180_000,
};
