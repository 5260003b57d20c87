import { css } from 'lit';

/**
 * Styles of `<vuln-report-button>`, adopted as a constructable stylesheet (no inline
 * styles, so a strict CSP is fine). The variables the button uses are defined here, on
 * the host, and the lazily loaded dialog inherits them; those only the dialog uses are
 * the dialog's, so the first load does not carry them.
 */
export const buttonStyles = css`
  :host {
    /* light-dark() follows color-scheme: the system's for theme=auto, fixed for light and dark. */
    color-scheme: light dark;
    --_accent: var(--vuln-report-accent, light-dark(#1d4ed8, #93c5fd));
    --_accent-text: var(--vuln-report-accent-text, light-dark(#ffffff, #0b1220));
    --_focus: var(--vuln-report-focus, light-dark(#b45309, #fbbf24));
    --_radius: var(--vuln-report-radius, 0.5rem);
    --_space: var(--vuln-report-spacing, 0.5rem);
    display: inline-block;
    font-family: var(--vuln-report-font, system-ui, sans-serif);
  }

  :host([theme='light']) {
    color-scheme: light;
  }

  :host([theme='dark']) {
    color-scheme: dark;
  }

  :host([hidden]) {
    display: none;
  }

  :host([placement='bottom-right']),
  :host([placement='bottom-left']) {
    position: fixed;
    bottom: var(--vuln-report-offset, 1rem);
    z-index: var(--vuln-report-z-index, 2147483000);
  }

  /* Corners are physical: bottom-right stays on the right in right-to-left pages too. */
  :host([placement='bottom-right']) {
    right: var(--vuln-report-offset, 1rem);
  }

  :host([placement='bottom-left']) {
    left: var(--vuln-report-offset, 1rem);
  }

  button {
    font: inherit;
    cursor: pointer;
    min-height: 2.75rem;
    padding: var(--_space) calc(var(--_space) * 2);
    border: 1px solid transparent;
    border-radius: var(--_radius);
    color: var(--_accent-text);
    background: var(--_accent);
  }

  button[aria-busy='true'] {
    cursor: progress;
  }

  /* Not usable as configured: visibly so. */
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }

  button:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  @media (forced-colors: active) {
    button {
      border-color: ButtonText;
    }
  }
`;
