import '@vuln-report/widget/define';

const status = document.querySelector('#last-event');
document.addEventListener('vuln-report-open', (event) => {
  if (status) status.textContent = `Received ${event.type} at ${new Date().toLocaleTimeString()}.`;
});
