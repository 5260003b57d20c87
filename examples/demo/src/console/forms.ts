import {
  classifySeverity,
  type AssessBody,
  type CloseBody,
  type DataLossBody,
  type DataLossUpdateBody,
  type DeadlineBody,
  type DeclineBody,
  type IncidentDraft,
  type IncidentTransitionBody,
  type IncidentUpdateBody,
  type KeyDraft,
  type TenantDraft,
  type ReassessBody,
  type ResolveBody,
  type Severity,
  type SeverityFactors,
} from '@vuln-report/contract';

/**
 * Turns the console's forms into request bodies. Fields are read as typed; the server
 * validates every body against the contract, and its problem details are shown beside
 * the form, so nothing here second-guesses it. Optional fields left empty are omitted.
 */

const text = (form: HTMLFormElement, name: string) => {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
};
const optional = (form: HTMLFormElement, name: string) => {
  const value = text(form, name).trim();
  return value === '' ? undefined : value;
};
const checked = (form: HTMLFormElement, name: string) => new FormData(form).has(name);
const all = (form: HTMLFormElement, name: string) => new FormData(form).getAll(name).filter((value): value is string => typeof value === 'string');
const definedOnly = <T extends object>(body: T): T => Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as T;

/** The severity factors as the assess form's boxes say now. */
function assessFactors(form: HTMLFormElement): SeverityFactors {
  return {
    dataCompromised: checked(form, 'dataCompromised'),
    serverCompromised: checked(form, 'serverCompromised'),
    denialOfService: checked(form, 'denialOfService'),
    scope: text(form, 'scope') === 'reporter-tenant' ? 'reporter-tenant' : 'platform',
  };
}

/** The severity the contract's rule gives for the assess form as it stands. */
export const liveSeverity = (form: HTMLFormElement): Severity => classifySeverity(assessFactors(form));

/** What an assess or reassess form says as it stands: whether it is a vulnerability, and the severity the rule then gives. */
export interface LiveAssessment {
  vulnerability: boolean;
  severity: Severity;
}

export const liveAssessment = (form: HTMLFormElement): LiveAssessment => ({ vulnerability: checked(form, 'vulnerability'), severity: liveSeverity(form) });

/** A comma-separated field as a list, empty entries dropped. */
const list = (form: HTMLFormElement, name: string) =>
  text(form, name)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

export function assessBody(form: HTMLFormElement): AssessBody {
  const cwe = list(form, 'cwe');
  const vulnerability = checked(form, 'vulnerability');
  return definedOnly({
    vulnerability,
    // The severity facts go only with a vulnerability: the contract refuses them otherwise.
    ...(vulnerability ? assessFactors(form) : {}),
    cvss: optional(form, 'cvss'),
    cwe: cwe.length > 0 ? cwe : undefined,
    note: optional(form, 'note'),
  });
}

/** A reassessment: the same fields as an assessment, and why it changed. */
export function reassessBody(form: HTMLFormElement): ReassessBody {
  return { ...assessBody(form), reason: text(form, 'reason') };
}

/**
 * A `datetime-local` value read as UTC (the console shows every time in UTC) and written
 * as ISO 8601; anything else is sent as typed, for the server to refuse.
 */
export function utcFromLocalInput(value: string): string {
  const trimmed = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed)) return trimmed;
  const at = new Date(`${trimmed}Z`);
  return Number.isNaN(at.getTime()) ? trimmed : at.toISOString();
}

/** An ISO 8601 time as a `datetime-local` value in UTC, to the minute: `2026-12-15T09:30`. */
export const localInputFromUtc = (iso: string | undefined) => (iso ? iso.slice(0, 16) : '');

export function deadlineBody(form: HTMLFormElement): DeadlineBody {
  return { remediateBy: utcFromLocalInput(text(form, 'remediateBy')), reason: text(form, 'reason') };
}

export function dataLossUpdateBody(form: HTMLFormElement): DataLossUpdateBody {
  return definedOnly({ note: text(form, 'note'), actionTaken: optional(form, 'actionTaken'), customerMeasures: optional(form, 'customerMeasures') });
}

export function incidentUpdateBody(form: HTMLFormElement): IncidentUpdateBody {
  return definedOnly({ note: text(form, 'note'), recommendedMeasures: optional(form, 'recommendedMeasures') });
}

export function declineBody(form: HTMLFormElement): DeclineBody {
  return { reason: text(form, 'reason') };
}

export const messageOf = (form: HTMLFormElement) => text(form, 'message');

export function closeBody(form: HTMLFormElement): CloseBody {
  // The reason is whatever the select says; the server refuses anything else.
  return definedOnly({ reason: optional(form, 'reason') as CloseBody['reason'], duplicateOf: optional(form, 'duplicateOf') });
}

export function resolveBody(form: HTMLFormElement): ResolveBody {
  const affected = list(form, 'affectedVersions');
  return definedOnly({
    fixedIn: text(form, 'fixedIn').trim(),
    releaseNote: text(form, 'releaseNote'),
    details: text(form, 'details'),
    affectedVersions: affected.length > 0 ? affected : undefined,
  });
}

export function dataLossBody(form: HTMLFormElement): DataLossBody {
  return { affectedTenants: all(form, 'affectedTenants'), actionTaken: text(form, 'actionTaken'), customerMeasures: text(form, 'customerMeasures') };
}

export function incidentBody(form: HTMLFormElement): IncidentDraft {
  return {
    title: text(form, 'title'),
    affectedTenants: all(form, 'affectedTenants'),
    detectedAt: text(form, 'detectedAt').trim(),
    recommendedMeasures: text(form, 'recommendedMeasures'),
  };
}

/** A move to the next state; `analysed` carries the analysis and the improvements, and only it (the contract refuses them otherwise). */
export function transitionBody(form: HTMLFormElement): IncidentTransitionBody {
  const state = text(form, 'state') as IncidentTransitionBody['state'];
  return definedOnly({
    state,
    note: optional(form, 'note'),
    ...(state === 'analysed' ? { analysis: text(form, 'analysis'), improvements: text(form, 'improvements') } : {}),
  });
}

/** The new-tenant form: its id, name and first authorized support contact. */
export const tenantDraft = (form: HTMLFormElement): TenantDraft => ({
  id: text(form, 'id').trim(),
  name: text(form, 'name'),
  supportContacts: [{ name: text(form, 'contactName'), email: text(form, 'contactEmail').trim() }],
});

/** A tenant's new-key form: kind and mode, and for a publishable key its allowed origins (comma-separated). */
export function keyDraft(form: HTMLFormElement): KeyDraft {
  const kind = text(form, 'kind') === 'secret' ? 'secret' : 'publishable';
  const mode = text(form, 'mode') === 'test' ? 'test' : 'live';
  return kind === 'secret' ? { kind, mode } : { kind, mode, allowedOrigins: list(form, 'allowedOrigins') };
}
