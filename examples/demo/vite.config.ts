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

/** The `endpoint` attribute of the plain page's `<vuln-report-button>`, written for the stub on 127.0.0.1:4010. */
const PLAIN_ENDPOINT = /(<vuln-report-button\b[^>]*?)\s+endpoint="[^"]*"/;

/**
 * Points the pages at the intake. `npm run demo` runs the standalone stub on `STUB_PORT`
 * (4010 when unset) and passes it on to this server: each page names that stub in a
 * `<meta name="vuln-report-intake">`, and the plain page, which loads nothing but the
 * widget, in its button's `endpoint`.
 *
 * The static demo runs the stub in a service worker instead, on the page's own origin:
 * it ships msw's worker, and the plain page gets the stub's starter too.
 */
function demoIntake(isStatic: boolean): Plugin {
  const stub = `http://127.0.0.1:${process.env.STUB_PORT || '4010'}`;
  return {
    name: 'vuln-report-demo-intake',
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        const plain = context.filename.endsWith('plain.html');
        if (isStatic) {
          if (!plain) return html;
          return html
            .replace(PLAIN_ENDPOINT, '$1')
            .replace('<script type="module" src="/vendor', '<script type="module" src="/src/plain-static.ts"></script>\n    <script type="module" src="./vendor');
        }
        return {
          html: plain ? html.replace(PLAIN_ENDPOINT, `$1 endpoint="${stub}"`) : html,
          tags: [{ tag: 'meta', attrs: { name: 'vuln-report-intake', content: stub }, injectTo: 'head-prepend' }],
        };
      },
    },
    writeBundle(options) {
      if (isStatic) copyFileSync(serviceWorker, `${options.dir}/mockServiceWorker.js`);
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
    optimizeDeps: { include: ['lit', 'lit/decorators.js', 'lit/directives/keyed.js', 'idb-keyval', 'zod/mini', 'react', 'react-dom/client', '@lit/react'] },
    plugins: [singleFileWidget(), demoIntake(isStatic)],
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
