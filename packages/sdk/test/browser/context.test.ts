import { expect } from '@open-wc/testing';
import { ReportContext, validate } from '@vuln-report/contract';
import { createClient, memoryQueue, REDACTED, type ClientOptions, type ReportDraft } from '../../src/index.ts';
import { DRAFT, FAST } from './support/helpers.ts';

/**
 * The context a report would carry, captured without sending anything: `beforeSend` sees
 * the report, then drops it. `meanwhile` runs between creating the client and reporting.
 */
async function capturedContext(options: Partial<ClientOptions> = {}, meanwhile = () => {}): Promise<ReportContext> {
  let seen: ReportDraft | undefined;
  const client = createClient({
    ...FAST,
    queue: memoryQueue(),
    ...options,
    beforeSend: (report) => {
      seen = report;
      return null;
    },
  });
  try {
    meanwhile();
    expect((await client.report(DRAFT)).status).to.equal('dropped');
  } finally {
    client.close();
  }
  return seen!.context!;
}

describe('context captured in Chromium', () => {
  const address = location.href;
  afterEach(() => history.replaceState(null, '', address));

  it('captures the page, the browser and its settings, within the contract', async () => {
    const context = await capturedContext({ app: { name: 'console', version: '2.4.1', environment: 'test' }, user: { id: 'u_1' } });
    expect(validate(ReportContext, context).ok, JSON.stringify(validate(ReportContext, context))).to.equal(true);
    // The runner's own session id is in the address, and redacted like any session id.
    expect(context.url).to.equal(location.href.replace(/(wtr-session-id=)[^&#]+/, `$1${REDACTED}`));
    expect(context.userAgent).to.equal(navigator.userAgent);
    expect(context.clientHints?.brands?.length).to.be.greaterThan(0);
    expect(context.languages).to.deep.equal([...navigator.languages]);
    expect(context.viewport).to.deep.equal({ width: innerWidth, height: innerHeight });
    expect(context.screen?.pixelRatio).to.equal(devicePixelRatio);
    expect(context.colorScheme).to.be.oneOf(['light', 'dark']);
    expect(context.reducedMotion).to.be.a('boolean');
    expect(context.online).to.equal(navigator.onLine);
    expect(context.app).to.deep.equal({ name: 'console', version: '2.4.1', environment: 'test' });
    expect(context).not.to.have.property('runtime');
  });

  it('redacts secrets in the page address before anything leaves', async () => {
    history.replaceState(null, '', `${location.pathname}?view=billing&token=abc123#id_token=eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.`);
    const context = await capturedContext();
    expect(context.url).to.equal(`${location.origin}${location.pathname}?view=billing&token=${REDACTED}#id_token=${REDACTED}`);
  });

  it('switches parts off by name', async () => {
    const context = await capturedContext({ capture: { url: false, userAgent: false, clientHints: false } });
    expect(context).not.to.have.any.keys('url', 'userAgent', 'clientHints');
    expect(context).to.have.property('viewport');
  });

  it('keeps the last uncaught errors and unhandled rejections when captureErrors is on', async () => {
    const context = await capturedContext({ captureErrors: 5 }, () => {
      // Synthetic events: the test framework must not count the error as this test failing.
      const onerror = window.onerror;
      window.onerror = null;
      const error = new TypeError('deliberate test error at /api?session=s3cr3t');
      window.dispatchEvent(new ErrorEvent('error', { error, message: error.message }));
      window.onerror = onerror;
      window.dispatchEvent(new PromiseRejectionEvent('unhandledrejection', { promise: Promise.resolve(), reason: 'quota exceeded' }));
    });
    // The runner logs uncaught errors with console.error too: keep only the other kinds.
    const events = context.errors?.filter(({ type }) => type !== 'console');
    expect(events?.map(({ type, message }) => [type, message])).to.deep.equal([
      ['error', `TypeError: deliberate test error at /api?session=${REDACTED}`],
      ['rejection', 'quota exceeded'],
    ]);
  });
});
