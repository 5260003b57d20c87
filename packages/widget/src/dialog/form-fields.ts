import type { ReportFieldsInput } from '@vuln-report/contract';

/** The report as the reporter filled the form in: blank optional fields and unticked boxes are left out. */
export function readFields(form: HTMLFormElement): ReportFieldsInput {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '');
  const checked = (name: string) => data.get(name) === 'on';
  const email = text('reporter.email').trim();
  const impact = {
    ...(checked('impact.dataExposed') ? { dataExposed: true } : {}),
    ...(checked('impact.serviceUnavailable') ? { serviceUnavailable: true } : {}),
    ...(checked('impact.onlyMyAccount') ? { onlyMyAccount: true } : {}),
  };
  const creditName = text('reporter.credit.name').trim();
  const reporter = {
    ...(email ? { email, consentToContact: checked('reporter.consentToContact') } : {}),
    ...(checked('creditWanted') ? { credit: { wanted: true, ...(creditName ? { name: creditName } : {}) } } : {}),
  };
  return {
    kind: text('kind') as ReportFieldsInput['kind'],
    title: text('title'),
    description: text('description'),
    ...(text('stepsToReproduce').trim() ? { stepsToReproduce: text('stepsToReproduce') } : {}),
    ...(Object.keys(impact).length ? { impact } : {}),
    ...(checked('sawSensitiveData') ? { sawSensitiveData: true } : {}),
    ...(Object.keys(reporter).length ? { reporter } : {}),
  };
}
