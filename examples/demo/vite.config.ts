import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const widgetBundle = here('../../packages/widget/dist/vuln-report-button.bundle.js');
const serviceWorker = here('../../packages/server-stub/public/mockServiceWorker.js');

/**
 * The plain-HTML page loads the widget's single-file build as any host would: a static
 * file, not part of Vite's graph. Served in dev, copied into the build.
 */
function singleFileWidget(): Plugin {
  return {
    name: 'vuln-report-single-file-widget',
    configureServer(server) {
      server.middlewares.use('/vendor/vuln-report-button.bundle.js', (_request, response) => {
        if (!existsSync(widgetBundle)) {
          response.statusCode = 404;
          response.end('Build the widget first: npm run build -w packages/widget');
          return;
        }
        response.setHeader('Content-Type', 'text/javascript');
        response.end(readFileSync(widgetBundle));
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'vendor/vuln-report-button.bundle.js', source: readFileSync(widgetBundle) });
    },
  };
}

/**
 * The static demo runs the stub in a service worker: it ships msw's worker, and the
 * plain page, which loads nothing but the widget, gets the stub's starter too.
 */
function staticIntake(): Plugin {
  return {
    name: 'vuln-report-static-intake',
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        if (!context.filename.endsWith('plain.html')) return html;
        return html
          .replace('endpoint="http://127.0.0.1:4010"', '')
          .replace('<script type="module" src="/vendor', '<script type="module" src="/src/plain-static.ts"></script>\n    <script type="module" src="./vendor');
      },
    },
    writeBundle(options) {
      copyFileSync(serviceWorker, `${options.dir}/mockServiceWorker.js`);
    },
  };
}

export default defineConfig(({ mode }) => {
  const isStatic = mode === 'static';
  return {
    root: import.meta.dirname,
    base: './',
    // Run the workspace packages from their sources: no build step before the demo.
    resolve: { conditions: ['vuln-report-source', ...defaultClientConditions] },
    define: { 'import.meta.env.VITE_VR_STATIC': JSON.stringify(String(isStatic)) },
    server: { host: '127.0.0.1', port: 5173, strictPort: false },
    // Pre-bundled up front, so opening a page never makes Vite re-optimise and reload.
    optimizeDeps: { include: ['lit', 'lit/decorators.js', 'lit/directives/keyed.js', 'ky', 'idb-keyval', 'zod/mini', 'react', 'react-dom/client', '@lit/react'] },
    plugins: [singleFileWidget(), ...(isStatic ? [staticIntake()] : [])],
    build: {
      outDir: isStatic ? 'dist-static' : 'dist',
      emptyOutDir: true,
      target: 'es2022',
      rolldownOptions: {
        input: {
          index: here('index.html'),
          projects: here('projects.html'),
          security: here('security.html'),
          plain: here('plain.html'),
          react: here('react.html'),
          console: here('console.html'),
        },
      },
    },
  };
});
