import { CONTRACT_VERSION } from '@vuln-report/contract';

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The stub's home page: what it is and where to go next, for whoever opens its URL in a browser. */
export function stubHomePage(baseUrl: string): string {
  const base = escape(baseUrl);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>vuln-report stub intake</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem}code{background:#8882;padding:0 .2em}</style></head>
<body>
<h1>vuln-report stub intake</h1>
<p>This is the local stand-in for a vendor's intake API (contract version ${CONTRACT_VERSION}): reports from the
<code>&lt;vuln-report-button&gt;</code> widget and the SDK land here, with triage, notifications and the activity log.</p>
<ul>
<li><a href="${base}/openapi.json">OpenAPI 3.1 document</a> of every route</li>
<li><a href="${base}/v1/release-notes">Public release notes</a></li>
<li>Submit with <code>POST ${base}/v1/reports</code> and a publishable key such as <code>pk_test_acme</code></li>
<li>Docs: the <code>@vuln-report/server-stub</code> README</li>
</ul>
</body>
</html>
`;
}
