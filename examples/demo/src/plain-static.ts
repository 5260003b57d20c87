import { intakeUrl, startStaticIntake } from './intake.ts';

// Static build only: the plain page's widget reaches the stub in the service worker.
await startStaticIntake();
for (const button of document.querySelectorAll('vuln-report-button')) button.setAttribute('endpoint', intakeUrl());
