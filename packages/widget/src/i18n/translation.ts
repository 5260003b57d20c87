import type { ReportContext } from '@vuln-report/contract';

/**
 * Every string the widget shows, validation messages included. Each language supplies
 * every key (a missing one fails the type-check); a host overrides any through the
 * element's `strings` property.
 */
export interface Translation {
  dialogTitle: string;
  dialogIntro: string;
  close: string;
  kindLegend: string;
  kindVulnerability: string;
  kindBug: string;
  kindDataExposure: string;
  kindOther: string;
  titleLabel: string;
  titleHint: string;
  descriptionLabel: string;
  descriptionHint: string;
  stepsLabel: string;
  impactLegend: string;
  impactDataExposed: string;
  impactServiceUnavailable: string;
  impactOnlyMyAccount: string;
  sawSensitiveData: string;
  contactLegend: string;
  emailLabel: string;
  emailHint: string;
  consentToContact: string;
  creditWanted: string;
  creditNameLabel: string;
  attachmentsLabel: string;
  attachmentsHint: (maxFiles: number, maxMegabytes: number) => string;
  removeAttachment: (name: string) => string;
  contextLegend: string;
  contextHint: string;
  contextRemove: (part: string) => string;
  contextEmpty: string;
  /** Names of the captured context's parts, as the reporter sees them. */
  contextParts: Record<keyof ReportContext, string>;
  honeypotLabel: string;
  submit: string;
  sending: string;
  cancel: string;
  discardTitle: string;
  discardText: string;
  keepEditing: string;
  discard: string;
  errorSummary: (count: number) => string;
  errorRequired: string;
  errorTooLong: (max: number) => string;
  errorEmail: string;
  errorUrl: string;
  errorFormat: string;
  errorChoice: string;
  errorTooManyFiles: (max: number) => string;
  errorFileTooLarge: (name: string, maxMegabytes: number) => string;
  errorFileType: (name: string) => string;
  errorFilesTooLarge: (maxMegabytes: number) => string;
  errorTooFast: string;
  errorRejected: (detail: string) => string;
  errorUnexpected: string;
  receiptTitle: string;
  receiptText: string;
  reference: string;
  acknowledgeBy: (date: string) => string;
  copy: string;
  copied: string;
  statusLabel: string;
  states: Record<'received' | 'needs-info' | 'triaged' | 'resolved' | 'closed', string>;
  fixedIn: (version: string) => string;
  queuedTitle: string;
  queuedText: string;
  deliveredText: string;
  myReports: string;
  myReportsEmpty: string;
  newReport: string;
  done: string;
  thanksTitle: string;
}

/** A built-in language. */
export type Language = 'en' | 'es' | 'ru';

/**
 * What a host may override through `strings`: any text of the dialog, and the button's
 * label (which lives with the button, so the first module stays small).
 */
export type Strings = Partial<Translation> & { button?: string };
