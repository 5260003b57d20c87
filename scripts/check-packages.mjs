// Checks what npm would publish: every export of every package points into its
// `files`, has its `.d.ts`, and imports in plain Node by package name.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const packages = ['contract', 'sdk', 'server-stub', 'widget'];
/**
 * Exports that need a browser to evaluate (a service worker has no types either); their
 * files are still checked. The widget's `bundle` and `browser` builds are not among them:
 * under Node they resolve to an empty module, and are imported here to prove it.
 */
const BROWSER_ONLY = new Set([
  '@vuln-report/widget/define',
  '@vuln-report/widget/react',
  '@vuln-report/server-stub/mockServiceWorker.js',
]);
const problems = [];
let checked = 0;

for (const dir of packages) {
  const base = join(root, 'packages', dir);
  const pkg = JSON.parse(readFileSync(join(base, 'package.json'), 'utf8'));
  for (const field of ['exports', 'types', 'files', 'sideEffects', 'engines']) {
    if (pkg[field] === undefined) problems.push(`${pkg.name}: package.json has no "${field}"`);
  }
  if (pkg.type !== 'module') problems.push(`${pkg.name}: not ESM ("type": "module")`);
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    const targets = typeof target === 'string' ? { default: target } : target;
    // Nested conditions (`node` for what a server imports) are checked file by file too.
    const files = Object.entries(targets).flatMap(([condition, file]) => (typeof file === 'string' ? [[condition, file]] : Object.entries(file)));
    for (const [condition, file] of files) {
      if (condition === 'vuln-report-source') continue;
      const published = pkg.files.some((entry) => file.replace(/^\.\//, '').startsWith(entry));
      if (!published && file !== './package.json') problems.push(`${pkg.name} ${subpath}: ${file} is not in "files"`);
      if (!existsSync(join(base, file))) problems.push(`${pkg.name} ${subpath}: ${file} does not exist (was the package built?)`);
    }
    const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    // An export for Node only (`@vuln-report/sdk/node`: a `node` condition and nothing
    // else, so browsers cannot resolve it) is checked as Node sees it.
    const forNode = typeof targets.node === 'object' ? targets.node : {};
    const main = targets.default ?? forNode.default;
    const types = targets.types ?? forNode.types;
    if (main?.endsWith('.js') && !types && !BROWSER_ONLY.has(specifier)) problems.push(`${pkg.name} ${subpath}: no "types"`);
    if (main?.endsWith('.js') && !BROWSER_ONLY.has(specifier)) {
      try {
        await import(specifier);
      } catch (error) {
        problems.push(`${specifier}: cannot be imported in Node: ${error.message}`);
      }
    }
    checked += 1;
  }
}

if (problems.length > 0) {
  console.error(problems.map((problem) => `  ✗ ${problem}`).join('\n'));
  process.exit(1);
}
console.log(`packages: ${checked} exports of ${packages.length} packages resolve to built files with types`);
