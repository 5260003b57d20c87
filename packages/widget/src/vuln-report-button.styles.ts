import { css } from 'lit';

/** Styles of `<vuln-report-button>`; adopted as a constructable stylesheet, so no inline styles under CSP. */
export const buttonStyles = css`
  :host {
    display: inline-block;
    font-family: var(--vuln-report-font, system-ui, sans-serif);
  }

  :host([hidden]) {
    display: none;
  }

  button {
    font: inherit;
    cursor: pointer;
    padding: var(--vuln-report-spacing, 0.5rem) calc(var(--vuln-report-spacing, 0.5rem) * 2);
    border: 1px solid transparent;
    border-radius: var(--vuln-report-radius, 0.5rem);
    color: var(--vuln-report-accent-text, #fff);
    background: var(--vuln-report-accent, #1d4ed8);
  }

  button:focus-visible {
    outline: 3px solid var(--vuln-report-focus, #f59e0b);
    outline-offset: 2px;
  }

  @media (forced-colors: active) {
    button {
      border-color: ButtonText;
    }
  }
`;
