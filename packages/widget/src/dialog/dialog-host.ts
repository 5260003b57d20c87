import type { Client } from '@vuln-report/sdk';
import type { Language, Strings } from '../i18n/translation.ts';

/** What a client is made from: the host's own, or its endpoint, key and what it sends with each report. */
export interface ClientSettings {
  /** A client of the host's own, used as it is. */
  readonly client: Client | undefined;
  /** The intake's base URL. */
  readonly endpoint: string;
  /** The publishable project key. */
  readonly projectKey: string;
  /** The host app's version, sent with each report. */
  readonly appVersion: string;
  /** The host app's environment, sent with each report. */
  readonly environment: string;
  /** The signed-in user's email, sent with each report. */
  readonly userEmail: string;
  /** Whether to keep recent console errors for the next report. */
  readonly captureErrors: boolean;
}

/**
 * What the dialog needs from the button that owns it: the settings its client controller
 * reads, and these few members. The button implements it; nothing else of the button is
 * reachable from the dialog.
 */
export interface DialogHost extends ClientSettings {
  /** The language to load strings and format dates in. */
  readonly language: Language;
  /** The host's overrides of any text. */
  readonly strings: Strings;
  /** Extra context for every report. */
  readonly context: Readonly<Record<string, string | number | boolean | null>>;
  /** Called once the dialog has closed, however it closed. */
  dialogClosed(): void;
}
