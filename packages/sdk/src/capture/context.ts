import { type ReportContext, LIMITS } from '@vuln-report/contract';
import { redactDeep, type Redactor } from '../redact.ts';
import { clip } from './bounds.ts';
import { captureEnvironment, type CapturePart } from './environment.ts';
import type { ErrorBuffer } from './errors.ts';

/** The host's own context: flat values only, at most 50 keys. */
export type ExtraContext = NonNullable<ReportContext['extra']>;

/** What {@link captureContext} needs: which parts, what the host adds, and how to redact. */
export interface CaptureSettings {
  wanted: (part: CapturePart) => boolean;
  app?: ReportContext['app'];
  user?: ReportContext['user'];
  extra?: ExtraContext;
  errors?: ErrorBuffer;
  redact?: Redactor;
}

/** The contract's limit for the string at `path` in the context. */
function limitFor(path: string): number {
  if (/^(url|referrer|extra\.)/.test(path)) return LIMITS.urlMax;
  if (path.startsWith('errors.')) return LIMITS.messageMax;
  if (path.startsWith('languages.')) return 35;
  return path === 'timeZone' ? 64 : LIMITS.shortMax;
}

function flatExtra(extra: ExtraContext): ExtraContext {
  const kept: ExtraContext = {};
  for (const [key, value] of Object.entries(extra).slice(0, LIMITS.contextExtraKeysMax)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) kept[clip(key, 64)] = value;
  }
  return kept;
}

/**
 * The context of a report: captured, redacted (built-in patterns, then the host's
 * `redact`), and cut to the contract's limits after redaction, so a cut never hides part
 * of a secret from a pattern. Redaction reads at most twice a string's limit.
 */
export function captureContext(settings: CaptureSettings): ReportContext {
  const context = captureEnvironment(settings.wanted);
  if (settings.app) context.app = settings.app;
  if (settings.user) context.user = settings.user;
  const errors = settings.errors?.snapshot();
  if (errors?.length) context.errors = errors;
  if (settings.extra) context.extra = flatExtra(settings.extra);
  context.capturedAt = new Date().toISOString();
  return redactDeep(context, limitFor, settings.redact);
}
