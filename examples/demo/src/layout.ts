import '@vuln-report/widget/define';
import { intakeUrl, startStaticIntake } from './intake.ts';
import { renderSiteHeader } from './site-header.ts';

/**
 * What every host page does: start the intake (static build only), point each
 * `<vuln-report-button>` at it, and show the events the host receives.
 */
export async function setUpHostPage() {
  renderSiteHeader();
  for (const button of document.querySelectorAll('vuln-report-button')) button.endpoint = intakeUrl();
  await startStaticIntake();
  const log = document.querySelector('#event-log');
  const show = (event: Event) => {
    if (!log) return;
    const item = document.createElement('li');
    const detail = (event as CustomEvent).detail as { receipt?: { id: string }; localId?: string } | undefined;
    item.textContent = `${new Date().toLocaleTimeString()} ${event.type}${detail?.receipt ? ` ${detail.receipt.id}` : ''}${detail?.localId ? ` ${detail.localId}` : ''}`;
    log.prepend(item);
  };
  for (const type of ['vuln-report-open', 'vuln-report-close', 'vuln-report-submitted', 'vuln-report-queued', 'vuln-report-error']) {
    document.addEventListener(type, show);
  }
  // A host adds its own context to every report.
  document.addEventListener('vuln-report-submit', (event) => Object.assign(event.detail.extra, { page: location.pathname, plan: 'business' }));
}
