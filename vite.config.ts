/// <reference types="vitest/config" />
import { defaultClientConditions, defaultServerConditions, defineConfig } from 'vite';

/**
 * Workspace packages export their TypeScript sources under this condition, so tests,
 * the type-check and the dev servers run the code as written, with no build first.
 */
export const SOURCE_CONDITION = 'vuln-report-source';

export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
  test: {
    include: ['packages/{contract,sdk,server-stub,server}/test/**/*.test.ts', 'packages/widget/test/node/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/test/browser/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
