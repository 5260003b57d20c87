/**
 * Where the demo's pages find the intake. `npm run demo` runs the standalone stub on
 * 127.0.0.1:$STUB_PORT (4010 by default), which the demo's server names in each page's
 * `<meta name="vuln-report-intake">`, unless `?intake=` says otherwise. The static build
 * (`npm run demo:static`) runs the stub in this page's service worker instead, answering
 * on this page's origin, with its state kept in localStorage so every page of the demo
 * sees the same reports.
 */
const STATIC = import.meta.env.VITE_VR_STATIC === 'true';

/** A loopback address: the only place a `?intake=` may point, since the console sends its staff token there. */
function isLoopback(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The stub the demo's server says it started. */
function servedIntake(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="vuln-report-intake"]')?.content || 'http://127.0.0.1:4010';
}

/** The intake's base URL for this page. */
export function intakeUrl(): string {
  if (STATIC) return location.origin;
  const asked = new URLSearchParams(location.search).get('intake');
  return (asked && isLoopback(asked) ? asked : servedIntake()).replace(/\/$/, '');
}

const STATE_KEY = 'vuln-report-demo:stub-state';

/** In the static build, starts the stub in the service worker before the page talks to it; elsewhere does nothing. */
export async function startStaticIntake(): Promise<void> {
  if (!STATIC) return;
  // Loaded only in the static build, so the normal build carries no MSW.
  const { startStubWorker } = await import('@vuln-report/server-stub/browser');
  const saved = localStorage.getItem(STATE_KEY);
  await startStubWorker({
    serviceWorkerUrl: `${import.meta.env.BASE_URL}mockServiceWorker.js`,
    ...(saved ? { state: JSON.parse(saved) } : {}),
    onCommit: (_changes, state) => localStorage.setItem(STATE_KEY, JSON.stringify(state)),
  });
}
