/**
 * Serves the strict-CSP host page for the widget's CSP test: `default-src 'self'`, no
 * 'unsafe-inline' anywhere, and a report of each violation to the page itself.
 */
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Strict CSP host</title>
    <script type="module" src="/packages/widget/test/csp/page.ts"></script>
  </head>
  <body>
    <vuln-report-button project-key="pk_test_acme" endpoint="http://127.0.0.1:4998"></vuln-report-button>
  </body>
</html>`;

export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' http://127.0.0.1:4998; img-src 'self'; object-src 'none'; base-uri 'none'";

export async function cspMiddleware(context, next) {
  if (context.path !== '/__csp/host.html') return next();
  context.set('Content-Security-Policy', STRICT_CSP);
  context.type = 'text/html';
  context.body = PAGE;
}
