import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import './define.ts';
import type { VulnReportCloseEvent } from './events/close.ts';
import type { VulnReportErrorEvent } from './events/error.ts';
import type { VulnReportOpenEvent } from './events/open.ts';
import type { VulnReportQueuedEvent } from './events/queued.ts';
import type { VulnReportRequestCloseEvent } from './events/request-close.ts';
import type { VulnReportSubmitEvent } from './events/submit.ts';
import type { VulnReportSubmittedEvent } from './events/submitted.ts';
import { VulnReportButton as VulnReportButtonElement } from './vuln-report-button.ts';

/**
 * `<vuln-report-button>` as a React component: properties (`client`, `context`,
 * `strings`) pass as props, and each event has its handler prop (`onSubmitted`, ...).
 *
 * ```tsx
 * <VulnReportButton projectKey="pk_live_..." endpoint="https://intake.example" onSubmitted={(e) => log(e.detail.receipt.id)} />
 * ```
 */
export const VulnReportButton = createComponent({
  tagName: 'vuln-report-button',
  elementClass: VulnReportButtonElement,
  react: React,
  events: {
    onOpen: 'vuln-report-open' as EventName<VulnReportOpenEvent>,
    onRequestClose: 'vuln-report-request-close' as EventName<VulnReportRequestCloseEvent>,
    onClose: 'vuln-report-close' as EventName<VulnReportCloseEvent>,
    onSubmit: 'vuln-report-submit' as EventName<VulnReportSubmitEvent>,
    onSubmitted: 'vuln-report-submitted' as EventName<VulnReportSubmittedEvent>,
    onQueued: 'vuln-report-queued' as EventName<VulnReportQueuedEvent>,
    onError: 'vuln-report-error' as EventName<VulnReportErrorEvent>,
  },
});
