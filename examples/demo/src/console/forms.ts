import {
  classifySeverity,
  type AssessBody,
  type CloseBody,
  type DataLossBody,
  type IncidentDraft,
  type IncidentTransitionBody,
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

export function assessBody(form: HTMLFormElement): AssessBody {
  const cwe = text(form, 'cwe')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  return definedOnly({
    ...assessFactors(form),
    cvss: optional(form, 'cvss'),
    cwe: cwe.length > 0 ? cwe : undefined,
    note: optional(form, 'note'),
  });
}

export const messageOf = (form: HTMLFormElement) => text(form, 'message');

export function closeBody(form: HTMLFormElement): CloseBody {
  // The reason is whatever the select says; the server refuses anything else.
  return definedOnly({ reason: optional(form, 'reason') as CloseBody['reason'], duplicateOf: optional(form, 'duplicateOf') });
}

export function resolveBody(form: HTMLFormElement): ResolveBody {
  return definedOnly({ fixedIn: text(form, 'fixedIn').trim(), releaseNote: text(form, 'releaseNote'), details: optional(form, 'details') });
}

export function dataLossBody(form: HTMLFormElement): DataLossBody {
  return { affectedTenants: all(form, 'affectedTenants'), actionTaken: text(form, 'actionTaken') };
}

export function incidentBody(form: HTMLFormElement): IncidentDraft {
  return {
    title: text(form, 'title'),
    affectedTenants: all(form, 'affectedTenants'),
    detectedAt: text(form, 'detectedAt').trim(),
    recommendedMeasures: text(form, 'recommendedMeasures'),
  };
}

export function transitionBody(form: HTMLFormElement): IncidentTransitionBody {
  return { state: text(form, 'state') as IncidentTransitionBody['state'] };
}
