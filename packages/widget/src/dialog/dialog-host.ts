import type { Client } from '@vuln-report/sdk';
import type { Language, Strings } from '../i18n/translation.ts';

/** What a client is made from: the host's own, or its endpoint, key and what it sends with each report. */
export interface ClientSettings {
  readonly client: Client | undefined;
  readonly endpoint: string;
  readonly projectKey: string;
  readonly appVersion: string;
  readonly environment: string;
  readonly userEmail: string;
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
