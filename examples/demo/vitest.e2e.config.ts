import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/** The end-to-end stories: the built demo and the standalone stub, driven through Debian's Chromium. */
export default defineConfig({
  // The stub runs from its sources, like every other test: no build needed first. The
  // global setup loads in Vitest's own environment, which does not follow `ssr`.
  ssr: { resolve: { conditions: ['vuln-report-source', ...defaultServerConditions] } },
  environments: { __vitest__: { resolve: { conditions: ['vuln-report-source', ...defaultServerConditions] } } },
  test: {
    root: import.meta.dirname,
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    // One browser at a time: two cores, and the stories share one intake.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
