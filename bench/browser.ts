/**
 * Three pages in headless Chromium, served the same way from loopback: a bare host page,
 * the same page with `<vuln-report-button>` (the widget's `dist/browser/` build), and the
 * same page with Sentry's feedback widget. Each load gets a fresh browser context with
 * the cache disabled; `pages/probe.js` records the in-page timings.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/lib/chromium.mjs';
import { ROOT, SENTRY_BUNDLE, WIDGET_DIST, WORK } from './sizes.ts';
import { startStaticServer } from './static-server.ts';
import { bytes, kB, median, num, ratio, type Row } from './stats.ts';

const PAGES = join(ROOT, 'bench', 'pages');

/** What the three pages add to the host page. */
const EMBEDS = {
  bare: { head: '', body: '' },
  widget: {
    head: '<script type="module" src="/widget/vuln-report-button.js"></script>',
    // Floating in the corner, like Sentry's; the endpoint is never called before a report is sent.
    body: '<vuln-report-button project-key="pk_test_acme" endpoint="http://127.0.0.1:9" placement="bottom-right"></vuln-report-button>',
  },
  sentry: { head: `<script type="module" src="/sentry-feedback.js"></script>`, body: '' },
};
type PageName = keyof typeof EMBEDS;

/** What the main thread and the network have cost so far. */
interface Cost {
  /** Script bytes on the wire (compressed, with headers). */
  scriptBytes: number;
  /** Total blocking time: the sum over long tasks of their time beyond 50 ms. */
  blocking: number;
  /** CDP `Performance.getMetrics`: script execution time on the main thread, ms. */
  scriptTime: number;
  /** JS heap used after a forced GC. */
  heap: number;
}

/**
 * One page load, as measured. Times in ms since navigation start, sizes in bytes. The
 * page's cost is read twice: before the first interaction (the page loaded and settled,
 * the widget's idle prefetch held back) and once idle (the prefetch done).
 */
interface Load extends Cost {
  loadEvent: number;
  /** The cost once the page is idle: for ours, with the dialog fetched and rendered, closed. */
  idle: Cost;
  /** Script bytes after the dialog opened: the lazy chunks are in it. */
  scriptBytesWithDialog?: number;
  buttonAt?: number;
  /** Click to the dialog open and rendered. */
  toDialog?: number;
  /** Click to the dialog open with focus inside it; unset when focus never moved in. */
  toFocus?: number;
}

/** What `pages/probe.js` leaves in `window.__bench`. */
interface Probe {
  blocking: number;
  buttonAt?: number;
  clickAt?: number;
  dialogAt?: number;
  focusAt?: number;
}

/** Time for late work (idle callbacks, timers) to show in the blocking time and the heap. */
const SETTLE_MS = 500;
/** The widget's lazy dialog chunk, which it prefetches once the page is idle. */
const DIALOG_CHUNK = /\/chunks\/report-dialog-[^/]+\.js$/;
/** How long the hover lasts before the click in the "after a hover" variant. */
const HOVER_MS = 1000;

/** Sums the encoded (on-the-wire) length of every script response of a page, through CDP. */
function countScriptBytes(cdp: CDPSession) {
  const scripts = new Set<string>();
  let bytes = 0;
  cdp.on('Network.responseReceived', (event) => {
    if (event.type === 'Script') scripts.add(event.requestId);
  });
  cdp.on('Network.loadingFinished', (event) => {
    if (scripts.has(event.requestId)) bytes += event.encodedDataLength;
  });
  return () => bytes;
}

/**
 * Loads one page in a fresh context and measures it; with `click`, also clicks the
 * button (right away, or after hovering it for {@link HOVER_MS}) and times the dialog.
 */
async function loadOnce(browser: Browser, url: string, click?: 'cold' | 'hover', offLoopback: string[] = []): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  try {
    const page = await context.newPage();
    // Nothing may leave the machine: every request is checked, and Chromium resolves no host name (see the launch flags).
    page.on('request', (request) => {
      const { protocol, hostname } = new URL(request.url());
      if (/^(https?|wss?):$/.test(protocol) && hostname !== '127.0.0.1') offLoopback.push(request.url());
    });
    await page.addInitScript({ path: join(PAGES, 'probe.js') });
    // The widget's idle prefetch waits until the page's cost before any interaction is read.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let prefetched = false;
    await page.route(DIALOG_CHUNK, async (route) => {
      await released;
      await route.continue();
      prefetched = true;
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Performance.enable');
    const scriptBytes = countScriptBytes(cdp);
    const cost = async (): Promise<Cost> => {
      // Heap held, not garbage waiting for a collection.
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
      const probe = (await page.evaluate('window.__bench')) as Probe;
      return { scriptBytes: scriptBytes(), blocking: probe.blocking, scriptTime: metric('ScriptDuration') * 1000, heap: metric('JSHeapUsedSize') };
    };

    await page.goto(url, { waitUntil: 'load' });
    if (click) await page.waitForFunction('window.__bench.buttonAt !== undefined', undefined, { timeout: 15_000 });
    await page.waitForTimeout(SETTLE_MS);
    const before = await cost();
    release();
    // Once idle: the prefetch (if the page has one) fetched, evaluated and rendered, then settled.
    if (click) await page.waitForFunction('window.__bench.dialogReady?.() !== false', undefined, { timeout: 15_000 });
    await page.waitForTimeout(SETTLE_MS);
    const idle = await cost();
    const probe = (await page.evaluate('window.__bench')) as Probe;
    const loadEvent = (await page.evaluate('performance.getEntriesByType("navigation")[0].loadEventEnd')) as number;
    const load: Load = {
      loadEvent,
      ...before,
      idle,
      ...(probe.buttonAt === undefined ? {} : { buttonAt: probe.buttonAt }),
    };
    void prefetched;
    if (!click) return load;

    const { x, y } = (await page.evaluate('window.__bench.center()')) as { x: number; y: number };
    if (click === 'hover') {
      await page.mouse.move(x, y);
      await page.waitForTimeout(HOVER_MS);
    }
    await page.mouse.click(x, y);
    await page.waitForFunction('window.__bench.dialogAt !== undefined', undefined, { timeout: 15_000 });
    // A dialog that opens without taking focus is given a second more, then recorded as such.
    await page.waitForFunction('window.__bench.focusAt !== undefined', undefined, { timeout: 1000 }).catch(() => undefined);
    const after = (await page.evaluate('window.__bench')) as Probe;
    load.toDialog = after.dialogAt! - after.clickAt!;
    if (after.focusAt !== undefined) load.toFocus = after.focusAt - after.clickAt!;
    load.scriptBytesWithDialog = (await cost()).scriptBytes;
    return load;
  } finally {
    await context.close();
  }
}

/** Writes the three pages from `pages/host.html`, so they differ only in what they embed. */
function writePages() {
  const host = readFileSync(join(PAGES, 'host.html'), 'utf8');
  const dir = join(WORK, 'pages');
  mkdirSync(dir, { recursive: true });
  for (const [name, embed] of Object.entries(EMBEDS)) {
    const html = host.replace('<!-- embed:head -->', embed.head).replace('<!-- embed:body -->', embed.body);
    writeFileSync(join(dir, `${name}.html`), html);
  }
}

/** Options of {@link benchBrowser}. */
export interface BrowserBenchOptions {
  /** Page loads per page and variant; medians are taken over them. */
  loads: number;
  /** Told of each finished round, for a progress line. */
  onProgress?: (round: number) => void;
}

/**
 * Runs the browser part. Expects the widget built and Sentry's bundle written (see
 * `sizes.ts`). Each round loads, in turn: the bare page; ours and Sentry's, clicking right
 * away; ours and Sentry's, clicking after a hover. Interleaving spreads any drift of the
 * machine over all pages alike.
 */
export async function benchBrowser({ loads, onProgress }: BrowserBenchOptions): Promise<Row[]> {
  writePages();
  if (!readFileSync(SENTRY_BUNDLE).length) throw new Error(`${SENTRY_BUNDLE} is empty`);
  const offLoopback: string[] = [];
  const runs: Record<'bare' | `${Exclude<PageName, 'bare'>}-${'cold' | 'hover'}`, Load[]> = {
    bare: [],
    'widget-cold': [],
    'sentry-cold': [],
    'widget-hover': [],
    'sentry-hover': [],
  };
  const server = await startStaticServer({ '/': WORK, '/widget/': WIDGET_DIST });
  try {
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      // No host name resolves: a request meant for the Internet fails on the spot.
      args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
    try {
      const url = (page: PageName) => `${server.url}/pages/${page}.html`;
      // Round 0 is a warm-up, not counted: the server compresses each file on its first
      // request, and Chromium's first renderer starts cold.
      for (let round = 0; round <= loads; round++) {
        const record = (name: keyof typeof runs, load: Load) => round > 0 && runs[name].push(load);
        record('bare', await loadOnce(browser, url('bare'), undefined, offLoopback));
        for (const click of ['cold', 'hover'] as const) {
          for (const page of ['widget', 'sentry'] as const) record(`${page}-${click}`, await loadOnce(browser, url(page), click, offLoopback));
        }
        if (round > 0) onProgress?.(round);
      }
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
  if (offLoopback.length) throw new Error(`requests left loopback: ${[...new Set(offLoopback)].join(', ')}`);

  const of = (loads: Load[], pick: (load: Load) => number | undefined) => median(loads.map(pick).filter((v): v is number => v !== undefined));
  const ours = runs['widget-cold'];
  const sentry = runs['sentry-cold'];
  const bare = runs.bare;
  const part = `browser (median of ${loads} loads)`;
  const ms = (value: number) => `${num(value, 1)} ms`;
  const row = (what: string, pick: (load: Load) => number | undefined, format: (value: number) => string, minus = 0): Row => {
    const mine = of(ours, pick) - minus;
    const theirs = of(sentry, pick) - minus;
    return { part, what, ours: format(mine), sentry: format(theirs), ratio: ratio(mine, theirs) };
  };
  // Click to the dialog open with focus inside; a dialog that opened but never took focus
  // gets its opening time and says so, and the ratio compares with that (in its favour).
  const dialogRow = (what: string, a: Load[], b: Load[]): Row => {
    const time = (loads: Load[]) => {
      const focused = loads.filter((load) => load.toFocus !== undefined).length;
      const all = focused === loads.length;
      return { value: of(loads, (l) => (all ? l.toFocus : l.toDialog)), focused, all, of: loads.length };
    };
    const cell = ({ value, focused, all, of: count }: ReturnType<typeof time>) =>
      all ? ms(value) : `${ms(value)} open; focus ${focused ? `inside in ${focused}/${count} loads` : 'never inside'}`;
    const mine = time(a);
    const theirs = time(b);
    return { part, what, ours: cell(mine), sentry: cell(theirs), ratio: ratio(mine.value, theirs.value) };
  };
  return [
    row('script transferred before the first interaction (compressed, with headers; load + 500 ms)', (l) => l.scriptBytes, kB),
    row('script transferred once idle (ours: the dialog prefetched after the load event)', (l) => l.idle.scriptBytes, kB),
    row('script transferred once the dialog is open', (l) => l.scriptBytesWithDialog, kB),
    row(`navigation start → button visible and clickable (bare page: load event at ${ms(of(bare, (l) => l.loadEvent))})`, (l) => l.buttonAt, ms),
    row(`total blocking time added over the bare page, before the first interaction (bare: ${ms(of(bare, (l) => l.blocking))})`, (l) => l.blocking, ms, of(bare, (l) => l.blocking)),
    row('total blocking time added over the bare page, once idle', (l) => l.idle.blocking, ms, of(bare, (l) => l.idle.blocking)),
    row(`main-thread script time added over the bare page, before the first interaction (CDP ScriptDuration; bare: ${ms(of(bare, (l) => l.scriptTime))})`, (l) => l.scriptTime, ms, of(bare, (l) => l.scriptTime)),
    row('main-thread script time added over the bare page, once idle', (l) => l.idle.scriptTime, ms, of(bare, (l) => l.idle.scriptTime)),
    row(`JS heap added after a GC, before the first interaction (bare: ${bytes(of(bare, (l) => l.heap))})`, (l) => l.heap, bytes, of(bare, (l) => l.heap)),
    row('JS heap added after a GC, once idle', (l) => l.idle.heap, bytes, of(bare, (l) => l.idle.heap)),
    dialogRow('click → dialog open with focus inside, first click (no hover before it)', ours, sentry),
    dialogRow(`click → dialog open with focus inside, click after a ${HOVER_MS / 1000} s hover`, runs['widget-hover'], runs['sentry-hover']),
  ];
}
