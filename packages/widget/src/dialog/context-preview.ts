import { html } from 'lit';
import type { ReportContext } from '@vuln-report/contract';
import type { Translation } from '../i18n/translation.ts';

const summarize = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The context the SDK captured, in a closed disclosure: every part but the capture time,
 * in the SDK's order, each with a button that leaves it out of the report.
 */
export function renderContextPreview(preview: ReportContext, omitted: ReadonlyArray<keyof ReportContext>, t: Translation, omit: (part: keyof ReportContext) => void) {
  const parts = (Object.keys(preview) as Array<keyof ReportContext>).filter((part) => part !== 'capturedAt' && !omitted.includes(part)) as Array<keyof Translation['contextParts']>;
  return html`<details part="field" class="field context">
    <summary part="label">${t.contextLegend}</summary>
    <p class="hint">${t.contextHint}</p>
    ${parts.length
      ? html`<dl>
          ${parts.map(
            (part) => html`<div class="context-row">
              <dt>${t.contextParts[part]}</dt>
              <dd><code>${summarize(preview[part])}</code></dd>
              <button type="button" part="secondary" @click=${() => omit(part)}>${t.contextRemove(t.contextParts[part])}</button>
            </div>`,
          )}
        </dl>`
      : html`<p>${t.contextEmpty}</p>`}
  </details>`;
}
