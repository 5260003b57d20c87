import { css } from 'lit';

/**
 * Styles of the dialog. Its colours are defined here from the same custom properties as
 * the button's (which it inherits), so one theme covers both; `--_2` is the wider spacing step.
 */
export const dialogStyles = css`
  /* The button's theme (color-scheme) is inherited, so light-dark() follows it here too. */
  :host {
    --_background: var(--vuln-report-background, light-dark(#ffffff, #111827));
    --_text: var(--vuln-report-text, light-dark(#111827, #f9fafb));
    --_muted: var(--vuln-report-muted, light-dark(#4b5563, #d1d5db));
    --_border: var(--vuln-report-border, light-dark(#6b7280, #9ca3af));
    --_danger: var(--vuln-report-danger, light-dark(#b91c1c, #fca5a5));
  }

  dialog {
    --_2: calc(var(--_space) * 2);
    box-sizing: border-box;
    width: min(38rem, calc(100vw - 2rem));
    max-height: calc(100dvh - 2rem);
    padding: 0;
    overflow: auto;
    color: var(--_text);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    font-family: var(--vuln-report-font, system-ui, sans-serif);
    line-height: 1.45;
  }

  dialog::backdrop {
    background: rgb(0 0 0 / 0.5);
  }

  @media (max-width: 30rem) {
    dialog {
      width: 100vw;
      max-width: 100vw;
      height: 100dvh;
      max-height: 100dvh;
      border-radius: 0;
    }
  }

  @media (prefers-reduced-motion: no-preference) {
    dialog[open] {
      animation: appear 150ms ease-out;
    }
  }

  @keyframes appear {
    from {
      opacity: 0;
      transform: translateY(0.5rem);
    }
  }

  .header {
    position: sticky;
    top: 0;
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: var(--_space) var(--_2);
    background: var(--_background);
    border-bottom: 1px solid var(--_border);
  }

  h2 {
    margin: 0;
    font-size: 1.2rem;
  }

  h3 {
    margin-top: 0;
  }

  /* The form and the report view render into this root, not roots of their own. */
  vuln-report-form,
  vuln-report-view {
    display: block;
  }

  vuln-report-form > form,
  .section,
  .report {
    padding: var(--_2);
  }

  .hint,
  .intro,
  time {
    margin: 0 0 var(--_space);
    color: var(--_muted);
    font-size: 0.9rem;
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    margin: 0 0 var(--_2);
    padding: 0;
    border: 0;
    min-width: 0;
  }

  legend,
  label,
  summary,
  dt {
    font-weight: 600;
  }

  .choice {
    display: flex;
    gap: var(--_space);
    align-items: center;
    font-weight: 400;
  }

  input:not([type='radio'], [type='checkbox']),
  textarea {
    box-sizing: border-box;
    width: 100%;
    min-height: 2.75rem;
    padding: var(--_space);
    font: inherit;
    color: var(--_text);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
  }

  [aria-invalid='true'] {
    border: 2px solid var(--_danger);
  }

  .error {
    margin: 0;
    color: var(--_danger);
    font-weight: 600;
  }

  .error::before {
    content: '⚠ ';
  }

  button {
    min-height: 2.75rem;
    padding: var(--_space) var(--_2);
    font: inherit;
    cursor: pointer;
    color: var(--_text);
    background: none;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  [part~='primary'] {
    color: var(--_accent-text);
    background: var(--_accent);
    border-color: transparent;
  }

  button:disabled {
    cursor: progress;
    opacity: 0.7;
  }

  .icon {
    min-width: 2.75rem;
    font-size: 1.4rem;
    line-height: 1;
  }

  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='actions'],
  li {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }

  ul,
  ol {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  li {
    padding: calc(var(--_space) / 2) 0;
  }

  /* The history: one entry a row, each with its time. */
  ol li {
    display: block;
    border-top: 1px solid var(--_border);
  }

  li p,
  blockquote {
    margin: calc(var(--_space) / 2) 0 0;
    white-space: pre-wrap;
  }

  blockquote {
    padding-inline-start: var(--_space);
    border-inline-start: 3px solid var(--_border);
  }

  .reply,
  .confirm {
    margin: var(--_2) 0;
  }

  progress {
    width: 100%;
    accent-color: var(--_accent);
  }

  .context-row {
    display: grid;
    grid-template-columns: 8rem 1fr;
    gap: calc(var(--_space) / 2) var(--_space);
    padding: calc(var(--_space) / 2) 0;
    border-top: 1px solid var(--_border);
  }

  .context-row button {
    grid-column: 2;
    justify-self: start;
  }

  dl {
    margin: 0;
  }

  dd,
  code,
  li p {
    overflow-wrap: anywhere;
  }

  dd {
    margin: 0;
  }

  code {
    font-family: ui-monospace, monospace;
  }

  .receipt {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--_space) var(--_2);
  }

  .confirm.section {
    margin: 0;
    border-bottom: 1px solid var(--_border);
  }

  /* Always in the accessibility tree (text added to a region that just appeared is often not announced). */
  .live {
    margin: 0;
    padding: 0 var(--_2);
    font-weight: 600;
  }

  .live:not(:empty) {
    padding-bottom: var(--_2);
  }

  .notice:empty {
    display: none;
  }

  /* Off-screen rather than display:none, so naive bots still see and fill it. */
  .honeypot {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }

  @media (forced-colors: active) {
    [part~='primary'] {
      border-color: ButtonText;
    }

    [aria-invalid='true'] {
      border-color: Mark;
    }
  }
`;
