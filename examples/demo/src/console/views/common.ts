import { html, nothing } from 'lit';
import type { ApiError } from '../api.ts';
import type { Panel } from '../store.ts';

/** A submit handler that keeps the page and hands the form to `run`. */
export const onSubmit = (run: (form: HTMLFormElement) => unknown) => (event: SubmitEvent) => {
  event.preventDefault();
  void run(event.currentTarget as HTMLFormElement);
};

/**
 * A problem beside what caused it: the detail, then each refused field as
 * `path: message`. `alert` announces it (for a form just submitted).
 */
export function problemView(error: ApiError | undefined, alert = true) {
  if (!error) return nothing;
  const heading = `${error.title}${error.status ? ` (${error.status})` : ''}`;
  return html`<div class="problem" role=${alert ? 'alert' : nothing}>
    <p><strong>${heading}</strong>${error.detail ? html`: ${error.detail}` : nothing}</p>
    ${error.errors.length > 0 ? html`<ul>${error.errors.map((issue) => html`<li><code>${issue.path || '(body)'}</code>: ${issue.message}</li>`)}</ul>` : nothing}
  </div>`;
}

/**
 * A panel's loading, error and empty states as plain text; `show` renders the data.
 * A refresh that fails keeps the last data on screen under the problem.
 */
export function panelView<T>(panel: Panel<T>, what: string, isEmpty: (value: T) => boolean, empty: string, show: (value: T) => unknown) {
  const problem = problemView(panel.error, false);
  if (panel.value === undefined) return panel.error ? problem : html`<p class="muted">Loading ${what}…</p>`;
  return html`${problem}${isEmpty(panel.value) ? html`<p class="muted">${empty}</p>` : show(panel.value)}`;
}

/** A time as the contract writes it (ISO 8601, UTC), machine-readable too. */
export const time = (iso: string | undefined) => (iso ? html`<time datetime=${iso}>${iso}</time>` : '—');

/** A `<section>` named by its `<h2>`, so it is a landmark the in-page nav can point at. */
export function section(id: string, title: unknown, body: unknown, headingFocusable = false) {
  return html`<section id=${id} aria-labelledby="${id}-title">
    <h2 id="${id}-title" tabindex=${headingFocusable ? '-1' : nothing}>${title}</h2>
    ${body}
  </section>`;
}
