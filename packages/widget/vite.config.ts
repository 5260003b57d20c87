import { defaultClientConditions, defineConfig } from 'vite';

/**
 * Browser builds for hosts that embed the widget with a script tag (npm users get the
 * tsc output in dist/ and bundle it themselves):
 * - `dist/browser/`: `vuln-report-button.js` registers the tag and loads the dialog
 *   chunk from beside itself on first intent. What size-limit measures.
 * - `vite build --mode single`: `dist/vuln-report-button.bundle.js`, everything in one
 *   file, for hosts that want a single `<script type="module">`.
 */
export default defineConfig(({ mode }) => {
  const single = mode === 'single';
  return {
    root: import.meta.dirname,
    resolve: { conditions: ['vuln-report-source', ...defaultClientConditions] },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: single ? 'dist' : 'dist/browser',
      // dist/browser is Vite's alone; dist itself also holds tsc's output.
      emptyOutDir: !single,
      target: 'es2022',
      minify: true,
      lib: {
        entry: { 'vuln-report-button': 'src/define.ts' },
        formats: ['es'],
        fileName: (_format, name) => (single ? `${name}.bundle.js` : `${name}.js`),
      },
      rolldownOptions: {
        output: {
          minify: true,
          ...(single
            ? { codeSplitting: false }
            : {
                chunkFileNames: 'chunks/[name]-[hash].js',
                // Every module the first one shares with the dialog (Lit, the error event) in one
                // chunk of a known name, so the budget for the first load can find it.
                codeSplitting: { groups: [{ name: 'first', minShareCount: 2 }] },
              }),
        },
      },
    },
  };
});
