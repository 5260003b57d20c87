/**
 * Sizes, minified, gzip -9 and brotli: the widget's browser build as a host loads it,
 * the SDK's report path and the contract built from source with esbuild, and Sentry's
 * browser SDK with its feedback widget bundled the same way.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { kB, ratio, type Row } from './stats.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Built artefacts of the bench; gitignored. */
export const WORK = join(ROOT, 'bench', '.work');
/** The widget's script-tag build: the first module and its chunks. */
export const WIDGET_DIST = join(ROOT, 'packages', 'widget', 'dist', 'browser');
/** Sentry's feedback widget in one file, what the Sentry page loads. */
export const SENTRY_BUNDLE = join(WORK, 'sentry-feedback.js');

/** Minified, gzip and brotli bytes of one or more files, each compressed alone (as each is sent alone). */
export interface Size {
  min: number;
  gzip: number;
  brotli: number;
}

/** Sizes of the given contents, summed file by file. */
export function measure(...contents: Uint8Array[]): Size {
  const total: Size = { min: 0, gzip: 0, brotli: 0 };
  for (const content of contents) {
    total.min += content.length;
    total.gzip += gzipSync(content, { level: 9 }).length;
    // Quality 11 is zlib's default for brotli: what a CDN serves precompressed.
    total.brotli += brotliCompressSync(content).length;
  }
  return total;
}

/** One minified ESM bundle for browsers, from an entry file or from a few lines of source. */
async function bundle(entry: { file: string } | { source: string }): Promise<Uint8Array> {
  const result = await build({
    ...('file' in entry ? { entryPoints: [entry.file] } : { stdin: { contents: entry.source, resolveDir: ROOT, loader: 'ts' } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Workspace packages from their TypeScript sources, as the type-check and tests load them.
    conditions: ['vuln-report-source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0]!.contents;
}

/** Bundles Sentry's page script into {@link SENTRY_BUNDLE} and returns its bytes. */
export async function bundleSentry(): Promise<Uint8Array> {
  const contents = await bundle({ file: join(ROOT, 'bench', 'pages', 'sentry.ts') });
  mkdirSync(WORK, { recursive: true });
  writeFileSync(SENTRY_BUNDLE, contents);
  return contents;
}

const show = (size: Size) => `${kB(size.min)} / ${kB(size.gzip)} / ${kB(size.brotli)}`;
const showRatio = (ours: Size, theirs: Size) =>
  `${ratio(ours.min, theirs.min)} / ${ratio(ours.gzip, theirs.gzip)} / ${ratio(ours.brotli, theirs.brotli)}`;

/** Relative imports in a built module: static (`from"./x.js"`, `import"./x.js"`) and dynamic (`import(\`./x.js\`)`). */
const IMPORT = /(?:\bfrom\s*|\bimport\s*|\bimport\(\s*)(["'`])(\.{1,2}\/[^"'`]+?\.js)\1/g;

/**
 * The files of the widget's browser build a page can load, found by following the imports
 * from the entry rather than by listing the folder (a stale chunk left by an earlier build
 * is not something a page loads): `first` is what loads before any interaction (the entry
 * and its static imports), `lazy` the rest, each in the order first met.
 */
export function widgetGraph(entry = join(WIDGET_DIST, 'vuln-report-button.js')) {
  const first: string[] = [];
  const lazy: string[] = [];
  const visit = (file: string, eager: boolean) => {
    if (first.includes(file) || (!eager && lazy.includes(file))) return;
    if (eager) {
      const at = lazy.indexOf(file);
      if (at >= 0) lazy.splice(at, 1);
      first.push(file);
    } else lazy.push(file);
    for (const [statement, , specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      visit(join(dirname(file), specifier!), eager && !statement.includes('('));
    }
  };
  visit(entry, true);
  return { first, lazy };
}

/**
 * Measures every size. Expects the widget built (`npm run build -w packages/widget`);
 * writes Sentry's bundle as a side effect, for the browser part.
 */
export async function benchSizes(): Promise<Row[]> {
  const { first, lazy } = widgetGraph();
  if (first.length < 2 || lazy.length === 0) throw new Error(`unexpected widget build in ${WIDGET_DIST}: first ${first.join(', ')}; lazy ${lazy.join(', ')}`);
  const contents = new Map([...first, ...lazy].map((file) => [file, readFileSync(file)]));
  const sizeOf = (files: string[]) => measure(...files.map((file) => contents.get(file)!));
  const name = (file: string) => relative(WIDGET_DIST, file);

  const firstLoad = sizeOf(first);
  const everything = sizeOf([...first, ...lazy]);
  // Sentry loads all of itself up front: its first load is everything it can load.
  const sentry = measure(await bundleSentry());
  const sdk = measure(await bundle({ source: "export { init, report } from '@vuln-report/sdk';" }));
  const contract = measure(await bundle({ source: "export * from '@vuln-report/contract';" }));
  const single = measure(readFileSync(join(ROOT, 'packages', 'widget', 'dist', 'vuln-report-button.bundle.js')));

  const part = 'size (min / gzip / brotli)';
  return [
    { part, what: `widget, first load: ${first.map((file) => `\`${name(file)}\``).join(' + ')}`, ours: show(firstLoad), sentry: show(sentry), ratio: showRatio(firstLoad, sentry) },
    ...first.map((file) => ({ part, what: `widget, first-load file \`${name(file)}\``, ours: show(sizeOf([file])) })),
    ...lazy.map((file) => ({ part, what: `widget, lazy chunk \`${name(file)}\``, ours: show(sizeOf([file])) })),
    { part, what: 'widget, everything it can load (every file the entry imports, at once or lazily)', ours: show(everything), sentry: show(sentry), ratio: showRatio(everything, sentry) },
    { part, what: 'widget, single-file build (`vuln-report-button.bundle.js`)', ours: show(single), sentry: show(sentry), ratio: showRatio(single, sentry) },
    { part, what: 'SDK report path (`init` + `report`, esbuild)', ours: show(sdk) },
    { part, what: 'contract module (`@vuln-report/contract`, all of it, esbuild)', ours: show(contract) },
  ];
}
