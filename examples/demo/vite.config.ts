import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  // Run the workspace packages from their sources: no build step before the demo.
  resolve: { conditions: ['vuln-report-source', ...defaultClientConditions] },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
