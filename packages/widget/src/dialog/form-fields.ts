import type { ReportFieldsInput } from '@vuln-report/contract';

/**
 * The report as the reporter filled the form in: blank optional fields and unticked boxes
 * are left out. Data is asked about once, as a kind: a data report tells the intake that
 * data was exposed and seen (the contract's `impact.dataExposed` and `sawSensitiveData`).
 * "Who is affected" answers `impact.onlyMyAccount`, unless the reporter does not know.
 */
export function readFields(form: HTMLFormElement): ReportFieldsInput {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const checked = (name: string) => data.get(name) === 'on';
  const kind = text('kind') as ReportFieldsInput['kind'];
  const dataExposed = kind === 'data-exposure';
  const scope = text('scope');
  const impact = {
    ...(dataExposed ? { dataExposed } : {}),
    ...(checked('impact.serviceUnavailable') ? { serviceUnavailable: true } : {}),
    ...(scope ? { onlyMyAccount: scope === 'mine' } : {}),
  };
  const email = text('reporter.email');
  const name = text('reporter.name');
  const reporter = {
    ...(email ? { email, consentToContact: checked('reporter.consentToContact') } : {}),
    ...(name ? { name } : {}),
    // The contract credits the reporter's name when the credit names none.
    ...(checked('creditWanted') ? { credit: { wanted: true } } : {}),
  };
  const steps = String(data.get('stepsToReproduce') ?? '');
  return {
    kind,
    title: String(data.get('title') ?? ''),
    description: String(data.get('description') ?? ''),
    ...(steps.trim() ? { stepsToReproduce: steps } : {}),
    ...(Object.keys(impact).length ? { impact } : {}),
    ...(dataExposed ? { sawSensitiveData: true } : {}),
    ...(Object.keys(reporter).length ? { reporter } : {}),
  };
}
