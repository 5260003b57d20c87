import { css } from 'lit';

/** Styles of the dialog. Colours come from the button's variables, so one theme covers both. */
export const dialogStyles = css`
  dialog {
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

  header {
    position: sticky;
    top: 0;
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 2);
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

  /* The form renders into this root, not a root of its own. */
  vuln-report-form {
    display: block;
  }

  form,
  section {
    padding: calc(var(--_space) * 2);
  }

  .intro,
  .hint {
    margin: 0 0 var(--_space);
    color: var(--_muted);
    font-size: 0.9rem;
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    margin: 0 0 calc(var(--_space) * 2);
    padding: 0;
    border: 0;
    min-width: 0;
  }

  legend,
  label,
  summary {
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
    border-color: var(--_danger);
    border-width: 2px;
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
    padding: var(--_space) calc(var(--_space) * 2);
    font: inherit;
    cursor: pointer;
    color: var(--_text);
    background: transparent;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  button[part~='primary'] {
    color: var(--_accent-text);
    background: var(--_accent);
    border-color: transparent;
  }

  button:disabled {
    cursor: progress;
    opacity: 0.7;
  }

  button.icon {
    min-width: 2.75rem;
    font-size: 1.4rem;
    line-height: 1;
  }

  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }

  .files,
  .reports {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .files li,
  .reports li {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    padding: calc(var(--_space) / 2) 0;
  }

  .context dl {
    margin: 0;
  }

  .context-row {
    display: grid;
    grid-template-columns: 8rem 1fr;
    gap: calc(var(--_space) / 2) var(--_space);
    align-items: start;
    padding: calc(var(--_space) / 2) 0;
    border-top: 1px solid var(--_border);
  }

  .context-row button {
    grid-column: 2;
    justify-self: start;
  }

  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }

  code {
    font-family: ui-monospace, monospace;
    overflow-wrap: anywhere;
  }

  .receipt {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--_space) calc(var(--_space) * 2);
  }

  .receipt dt {
    font-weight: 600;
  }

  .confirm {
    border-bottom: 1px solid var(--_border);
  }

  /* Always in the accessibility tree (text added to a region that just appeared is often not announced). */
  .live {
    margin: 0;
    padding: 0 calc(var(--_space) * 2);
    font-weight: 600;
  }

  .live:not(:empty) {
    padding-bottom: calc(var(--_space) * 2);
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
    button[part~='primary'] {
      border-color: ButtonText;
    }

    [aria-invalid='true'] {
      border-color: Mark;
    }
  }
`;
