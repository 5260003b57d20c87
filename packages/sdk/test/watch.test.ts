import { afterEach, describe, expect, it } from 'vitest';
import type { Receipt, ReportView, VulnReportError } from '../src/index.ts';
import { RequestError } from '../src/index.ts';
import { watchReport, type WatchReportOptions } from '../src/watch/index.ts';
import { readEvents } from '../src/watch/sse.ts';
import { DRAFT, ENDPOINT, testClient, useStub, waitFor } from './support/node-vendor.ts';

const vendor = useStub();
const stops: Array<() => void> = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

async function sent(): Promise<Receipt> {
  const result = await testClient().report(DRAFT);
  if (result.status !== 'sent') throw new Error(`not sent: ${result.status}`);
  return result.receipt;
}

function watch(options: Omit<WatchReportOptions, 'endpoint'>) {
  const stop = watchReport({ endpoint: ENDPOINT, ...options });
  stops.push(stop);
  return stop;
}

/** Requests for one report's reporter routes, as `METHOD path-end`: `GET events`, `GET <id>` (a poll). */
const seen = (id: string) =>
  vendor.requests.filter((request) => request.path.startsWith(`/v1/reports/${id}`)).map((request) => `${request.method} ${request.path.endsWith('/events') ? 'events' : 'view'}`);

const harmful = { vulnerability: true, dataCompromised: true, serverCompromised: false, denialOfService: false, scope: 'reporter-tenant' };

describe('watchReport', () => {
  it('follows each change through the events stream, polling never, and stops after a final state', async () => {
    const receipt = await sent();
    const views: ReportView[] = [];
    watch({ report: receipt, onView: (view) => views.push(view) });
    await waitFor(() => views.length === 1);
    await vendor.triage(receipt.id, 'request-info', { message: 'Which browser?' });
    await waitFor(() => views.length === 2);
    expect(views[1]!.timeline.at(-1)).toMatchObject({ type: 'info-requested', message: 'Which browser?' });
    await testClient().reply(receipt, 'Chromium.');
    await vendor.triage(receipt.id, 'assess', harmful);
    await vendor.triage(receipt.id, 'resolve', { fixedIn: '2.4.1', releaseNote: 'Escaped.', details: 'Project names are escaped everywhere.', affectedVersions: ['2.4.0'] });
    await waitFor(() => views.at(-1)?.state === 'resolved');
    expect(views.map((view) => view.state)).toEqual(['received', 'needs-info', 'received', 'triaged', 'resolved']);
    expect(views.at(-1)).toMatchObject({ fixedIn: '2.4.1', severity: 'critical' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen(receipt.id).filter((request) => request !== 'POST view')).toEqual(['GET events']);
  });

  it('reconnects after the stream drops, resuming with Last-Event-ID', async () => {
    const receipt = await sent();
    const lastEventIds: Array<string | null> = [];
    let first = true;
    // A proxy that cuts the first stream after its first chunk.
    const cutting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith('/events')) return response;
      lastEventIds.push(new Headers(init?.headers).get('Last-Event-ID'));
      if (!first || !response.body) return response;
      first = false;
      const reader = response.body.getReader();
      const { value } = await reader.read();
      void reader.cancel();
      return new Response(value, { headers: response.headers });
    };
    const views: ReportView[] = [];
    watch({ report: receipt, onView: (view) => views.push(view), fetch: cutting });
    await waitFor(() => lastEventIds.length === 2, 5_000);
    expect(lastEventIds).toEqual([null, views[0]!.updatedAt]);
    await vendor.triage(receipt.id, 'request-info', { message: 'More?' });
    await waitFor(() => views.length === 2);
    expect(views.map((view) => view.state)).toEqual(['received', 'needs-info']);
  });

  it('polls where the stream is not passed on, and tells of the change all the same', async () => {
    const receipt = await sent();
    // Something in between answers the events route with a page of its own.
    const blocking: typeof fetch = async (input, init) =>
      String(input).endsWith('/events') ? new Response('<html>blocked</html>', { headers: { 'Content-Type': 'text/html' } }) : fetch(input, init);
    const views: ReportView[] = [];
    watch({ report: receipt, onView: (view) => views.push(view), fetch: blocking, pollIntervalMs: 20 });
    await waitFor(() => views.length === 1);
    await vendor.triage(receipt.id, 'request-info', { message: 'More?' });
    await waitFor(() => views.length === 2);
    expect(seen(receipt.id)).toContain('GET view');
  });

  it('with polling off, tries the stream again with backoff instead, and never polls', async () => {
    const receipt = await sent();
    vendor.failNext({ status: 503 });
    const errors: VulnReportError[] = [];
    const views: ReportView[] = [];
    watch({ report: receipt, onView: (view) => views.push(view), onError: (error) => errors.push(error), pollIntervalMs: false });
    await waitFor(() => views.length === 1, 5_000);
    expect(errors.map((error) => error.name)).toEqual(['ServerError']);
    expect(seen(receipt.id)).toEqual(['POST view', 'GET events', 'GET events'].slice(1));
  });

  it('stops for good on a refusal that trying again cannot fix', async () => {
    const receipt = await sent();
    const errors: VulnReportError[] = [];
    watch({ report: { ...receipt, trackingToken: 'tt_wrong_but_long_enough' }, onView: () => undefined, onError: (error) => errors.push(error) });
    await waitFor(() => errors.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(RequestError);
    expect(seen(receipt.id)).toEqual(['GET events']);
  });

  it('keeps one events stream per page: a newer watcher takes it, the older one polls until it is free', async () => {
    const [a, b] = [await sent(), await sent()];
    // Counts the events streams open at once, as the page's connections would.
    let open = 0;
    let most = 0;
    const counting: typeof fetch = async (input, init) => {
      if (!String(input).endsWith('/events')) return fetch(input, init);
      open++;
      most = Math.max(most, open);
      init?.signal?.addEventListener('abort', () => open--, { once: true });
      return fetch(input, init);
    };
    const views: Record<string, ReportView[]> = { a: [], b: [] };
    const stopA = watch({ report: a, onView: (view) => views.a!.push(view), pollIntervalMs: 20, fetch: counting });
    await waitFor(() => views.a!.length === 1);
    const stopB = watch({ report: b, onView: (view) => views.b!.push(view), pollIntervalMs: 20, fetch: counting });
    await waitFor(() => views.b!.length === 1 && seen(a.id).includes('GET view'));
    // The older one still hears of changes, by polling.
    await vendor.triage(a.id, 'request-info', { message: 'More?' });
    await waitFor(() => views.a!.length === 2);
    stopB();
    await waitFor(() => seen(a.id).filter((request) => request === 'GET events').length === 2);
    stopA();
    expect(most).toBe(1);
    expect(open).toBe(0);
  });
});

describe('readEvents', () => {
  const body = (...chunks: string[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });

  it('parses events across chunks and line ends, skipping comments and unknown fields', async () => {
    const events: unknown[] = [];
    let chunks = 0;
    await readEvents(
      body(': ping\n\nevent: report\nid: 1\nda', 'ta: {"a":\ndata: 1}\r', '\n\r\nretry: 5\ndata: plain\n\n', 'data: unterminated'),
      (event) => events.push(event),
      () => chunks++,
    );
    expect(events).toEqual([
      { type: 'report', id: '1', data: '{"a":\n1}' },
      { type: 'message', id: '1', data: 'plain' },
    ]);
    expect(chunks).toBe(4);
  });
});
