import type { CloseReason, ReportContext, ReportState } from '@vuln-report/contract';

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
  impactServiceUnavailable: string;
  scopeLegend: string;
  scopeMine: string;
  scopeOthers: string;
  scopeUnknown: string;
  contactLegend: string;
  emailLabel: string;
  emailHint: string;
  nameLabel: string;
  consentToContact: string;
  creditWanted: string;
  attachmentsLabel: string;
  attachmentsHint: (maxFiles: number, maxMegabytes: number) => string;
  removeAttachment: (name: string) => string;
  contextLegend: string;
  contextHint: string;
  contextRemove: (part: string) => string;
  contextEmpty: string;
  /** Names of the captured context's parts, as the reporter sees them. */
  contextParts: Record<Exclude<keyof ReportContext, 'capturedAt'>, string>;
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
  errorFormat: string;
  errorTooManyFiles: (max: number) => string;
  errorFileTooLarge: (name: string, maxMegabytes: number) => string;
  errorFileType: (name: string) => string;
  errorFilesTooLarge: (maxMegabytes: number) => string;
  /** Credit asked for without a name to credit. */
  errorCreditName: string;
  errorTooFast: string;
  errorRejected: (detail: string) => string;
  /** The intake refused the button's key (401, 403): the host's setup, not the reporter, is at fault. */
  errorKeyRefused: string;
  /** A request got no answer while the browser is offline (a sentence: the saved report's note follows it). */
  errorOffline: string;
  /** A request got no answer (or a 5xx) while the browser is online: the intake is down (a sentence, as above). */
  errorUnreachable: string;
  errorUnexpected: string;
  receiptTitle: string;
  receiptText: string;
  reference: string;
  acknowledgeBy: (date: string) => string;
  copy: string;
  copied: string;
  statusLabel: string;
  states: Record<ReportState, string>;
  /** What a report that needs more information asks of the reporter. */
  needsInfoNote: string;
  fixedIn: (version: string) => string;
  closeReasons: Record<CloseReason, string>;
  historyTitle: string;
  /** The timeline entries that are not a change of state (those read as the state they led to). */
  timeline: Record<'info-requested' | 'reporter-replied' | 'reopened' | 'notified', string>;
  replyLabel: string;
  addInfoLabel: string;
  replySend: string;
  withdraw: string;
  withdrawQuestion: string;
  errorLoad: string;
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
