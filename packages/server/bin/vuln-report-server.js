#!/usr/bin/env node
// The `vuln-report-server` command. In a checkout of the repository it runs the CLI's
// TypeScript source through tsx, with workspace packages resolved to their sources, so
// it works straight after `npm install` and never runs a stale build; in the published
// package, which ships no sources, it runs the build.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const source = new URL('../src/cli.ts', import.meta.url);
const built = new URL('../dist/cli.js', import.meta.url);

/** Adds the `vuln-report-source` condition, under which workspace packages export their sources. */
const SOURCE_CONDITION_HOOK = `export async function resolve(specifier, context, next) {
  const conditions = context.conditions.includes('vuln-report-source') ? context.conditions : ['vuln-report-source', ...context.conditions];
  return next(specifier, { ...context, conditions });
}`;

async function loadTsx() {
  try {
    return await import('tsx/esm/api');
  } catch {
    return undefined;
  }
}

const tsx = existsSync(source) ? await loadTsx() : undefined;
if (tsx) {
  // Hooks run last-registered first: tsx resolves `.ts` files, then the condition applies.
  register(`data:text/javascript,${encodeURIComponent(SOURCE_CONDITION_HOOK)}`);
  tsx.register();
  await import(source.href);
} else if (existsSync(built)) {
  await import(built.href);
} else {
  console.error('vuln-report-server: found neither a build (dist/cli.js) nor tsx to run the sources; run `npm install` in the repository, or `npm run build --workspace @vuln-report/server`.');
  process.exit(1);
}
