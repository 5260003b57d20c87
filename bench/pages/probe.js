// Installed in every page of the browser bench before any of the page's own scripts
// (Playwright's addInitScript). Plain JavaScript on purpose: it runs as it is written,
// with nothing a TypeScript loader could add to it. It records, in `window.__bench`:
// - `blocking`: the main thread's total blocking time, the sum over long tasks of their
//   duration beyond 50 ms;
// - `buttonAt`: when the page's feedback button was first visible and clickable, in ms
//   since navigation start (checked once a frame, so it is the frame it is painted in);
// - `clickAt`, `dialogAt`, `focusAt`: the first click's timestamp, when a dialog was first
//   open and rendered after it, and when it was open with focus inside it (checked on every
//   focus change and once a frame).
(() => {
  const bench = (window.__bench = { blocking: 0 });

  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) {
      bench.blocking += Math.max(0, task.duration - 50);
    }
  }).observe({ type: 'longtask', buffered: true });

  const page = location.pathname.split('/').pop();
  // Where each widget keeps its button and its dialog: ours in its shadow root (the
  // dialog in the shadow root of an inner element), Sentry's in the shadow root of
  // `#sentry-feedback`.
  const WIDGETS = {
    'widget.html': {
      button: () => document.querySelector('vuln-report-button')?.shadowRoot?.querySelector('button'),
      dialog: () =>
        document.querySelector('vuln-report-button')?.shadowRoot?.querySelector('vuln-report-dialog')?.shadowRoot?.querySelector('dialog[open]'),
      // Prefetched once the page is idle: fetched, then rendered closed, with the form in it.
      ready: () => Boolean(document.querySelector('vuln-report-button')?.shadowRoot?.querySelector('vuln-report-dialog')?.shadowRoot?.querySelector('vuln-report-form form')),
    },
    'sentry.html': {
      button: () => document.getElementById('sentry-feedback')?.shadowRoot?.querySelector('button.widget__actor'),
      dialog: () => document.getElementById('sentry-feedback')?.shadowRoot?.querySelector('dialog[open]'),
    },
  };
  const widget = WIDGETS[page];
  if (!widget) return;

  const visible = (element) => element.checkVisibility({ opacityProperty: true, visibilityProperty: true });

  /** Visible, enabled, and the topmost thing at its centre, looking through shadow roots. */
  function clickable(button) {
    if (!button || button.disabled || !visible(button)) return false;
    const rect = button.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    const x = rect.left + rect.width / 2;
    const y = rect.top + rect.height / 2;
    let hit = document.elementFromPoint(x, y);
    while (hit?.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return !!hit && button.contains(hit);
  }

  /** The focused element, followed into shadow roots. */
  function deepActive() {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active;
  }

  /** Whether the widget's dialog is there and rendered (closed), where the page prefetches one; `undefined` where it does not. */
  bench.dialogReady = () => (widget.ready ? widget.ready() : undefined);

  /** The centre of the button, where the bench clicks. */
  bench.center = () => {
    const rect = widget.button().getBoundingClientRect();
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  };

  const waitForButton = () => {
    if (clickable(widget.button())) bench.buttonAt = performance.now();
    else requestAnimationFrame(waitForButton);
  };
  requestAnimationFrame(waitForButton);

  function checkDialog() {
    const dialog = widget.dialog();
    // Open and rendered; a fade-in (both widgets have one) does not count against it.
    if (!dialog || !dialog.checkVisibility({ visibilityProperty: true })) return false;
    bench.dialogAt ??= performance.now();
    if (dialog.contains(deepActive())) bench.focusAt ??= performance.now();
    return bench.focusAt !== undefined;
  }
  const watchDialog = () => {
    // Give up after 5 s: a dialog that never takes focus leaves focusAt unset.
    if (!checkDialog() && performance.now() - bench.clickAt < 5000) requestAnimationFrame(watchDialog);
  };
  addEventListener(
    'click',
    (event) => {
      if (bench.clickAt !== undefined) return;
      // The event's own timestamp: when the input happened, before any handler ran.
      bench.clickAt = event.timeStamp;
      requestAnimationFrame(watchDialog);
    },
    true,
  );
  // Focus moving into the dialog is seen the moment it happens (focusin crosses shadow roots).
  addEventListener('focusin', () => bench.clickAt !== undefined && checkDialog(), true);
})();
