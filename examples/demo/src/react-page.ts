import { createElement, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { VulnReportButton } from '@vuln-report/widget/react';
import { intakeUrl, startStaticIntake } from './intake.ts';
import { renderSiteHeader } from './site-header.ts';

function SupportPanel() {
  const [last, setLast] = useState('No report sent from this page yet.');
  return createElement(
    'section',
    { className: 'card' },
    createElement('h2', null, 'Need help?'),
    createElement('p', null, 'This panel is a React component; the button is the widget through its React wrapper.'),
    createElement(VulnReportButton, {
      projectKey: 'pk_live_acme',
      endpoint: intakeUrl(),
      label: 'Report a problem (React)',
      context: { page: 'react', plan: 'business' },
      onSubmitted: (event) => setLast(`Sent: ${event.detail.receipt.id}`),
      onQueued: () => setLast('Saved offline: it will be sent when the connection is back.'),
    }),
    createElement('p', { role: 'status', id: 'react-status' }, last),
  );
}

renderSiteHeader();
await startStaticIntake();
createRoot(document.querySelector('#react-root')!).render(createElement(SupportPanel));
