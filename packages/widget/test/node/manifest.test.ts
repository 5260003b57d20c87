import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const widget = fileURLToPath(new URL('../..', import.meta.url));
// cem joins --outdir to the working directory, so the temporary folder is named relative to it.
const out = mkdtempSync(join(tmpdir(), 'vuln-report-cem-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Declaration {
  tagName?: string;
  members?: { name: string; kind: string; privacy?: string }[];
  attributes?: { name?: string }[];
  events?: { name?: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
}

describe('the custom-elements manifest', () => {
  it('describes the element, every attribute, event, public method, part and CSS property from the source', () => {
    execFileSync(join(widget, '../../node_modules/.bin/cem'), ['analyze', '--quiet', '--outdir', relative(widget, out)], { cwd: widget });
    const manifest = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8')) as { modules: { declarations?: Declaration[] }[] };
    const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'vuln-report-button');
    expect(element).toBeDefined();
    expect(element!.attributes!.map((attribute) => attribute.name)).toEqual([
      'project-key',
      'endpoint',
      'app-version',
      'environment',
      'label',
      'placement',
      'theme',
      'user-email',
      'capture-errors',
      'open',
    ]);
    expect(element!.events!.map((event) => event.name).filter(Boolean)).toEqual([
      'vuln-report-open',
      'vuln-report-request-close',
      'vuln-report-close',
      'vuln-report-submit',
      'vuln-report-submitted',
      'vuln-report-queued',
      'vuln-report-error',
    ]);
    const methods = element!.members!.filter((member) => member.kind === 'method' && member.privacy !== 'private').map((member) => member.name);
    expect(methods).toEqual(['show', 'hide']);
    expect(element!.cssParts!.map((part) => part.name)).toContain('dialog');
    expect(element!.cssProperties!.map((property) => property.name)).toContain('--vuln-report-accent');
  }, 60_000);
});
