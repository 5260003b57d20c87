import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const widget = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));

/** Imports `specifier` in a fresh Node process (no DOM at all) with these conditions, and says what it exports. */
function importInNode(specifier: string, conditions: string[]) {
  const script = `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)));`;
  const output = execFileSync(tsx, [...conditions.map((condition) => `--conditions=${condition}`), '--input-type=module', '-e', script], { cwd: widget, encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1)!) as string[];
}

describe('the bundle and browser exports, under Node and server-side bundlers', () => {
  it.each(['@vuln-report/widget/bundle', '@vuln-report/widget/browser'])('%s imports in Node, where it is empty', (specifier) => {
    expect(importInNode(specifier, ['vuln-report-source'])).toEqual([]);
  });

  it('resolves to the empty module under the node condition, and to the build everywhere else', () => {
    const exports = JSON.parse(readFileSync(`${widget}/package.json`, 'utf8')).exports as Record<string, Record<string, unknown>>;
    for (const subpath of ['./bundle', './browser']) {
      expect(Object.keys(exports[subpath]!)[0], `${subpath}: node comes first`).toBe('node');
      expect(exports[subpath]!.node).toMatchObject({ default: './dist/server.js', types: './dist/server.d.ts' });
      expect(exports[subpath]!.default).toMatch(/vuln-report-button(\.bundle)?\.js$/);
    }
    const source = readFileSync(`${widget}/src/server.ts`, 'utf8');
    expect(source).not.toMatch(/^import /m);
  });
});
