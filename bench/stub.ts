/**
 * The stub intake under load: reports per second and latency of `POST /v1/reports` on
 * the standalone server over loopback, with autocannon; and the heap the stub holds for
 * stored reports. The server runs in a child process (`stub-child.ts`) so that
 * autocannon, here, does not share its event loop.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { forkIntake } from './child.ts';
import { bytes, num, type Row } from './stats.ts';

const CHILD = fileURLToPath(new URL('./stub-child.ts', import.meta.url));
const BODY = JSON.stringify({ kind: 'bug', title: 'Export fails', description: 'Nothing downloads when I press Export.' });
const CONNECTIONS = 10;

/** A stub server in a child process, with `--expose-gc`; `durable` keeps its data in a journal on disk. */
async function startChild(durable: boolean) {
  const child = await forkIntake(CHILD, durable ? ['--durable'] : [], { what: 'stub', execArgv: ['--expose-gc'] });
  return {
    url: child.url,
    /** Heap used after a full GC, and how many reports are stored. */
    heap: () => child.ask<{ heapUsed: number; reports: number }>('heap'),
    close: child.close,
  };
}

/** Reports with a new Idempotency-Key each, as many SDK clients would send them. */
function load(url: string, bound: { duration: number } | { amount: number }) {
  return autocannon({
    url: `${url}/v1/reports`,
    connections: CONNECTIONS,
    ...bound,
    requests: [
      {
        method: 'POST',
        body: BODY,
        headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_test_acme' },
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'Idempotency-Key': randomUUID() } }),
      },
    ],
  });
}

/**
 * Every request a 2xx and each stored once (no key repeated): otherwise the figures would
 * describe errors. A run cut by its duration leaves up to one request per connection
 * stored but unanswered.
 */
function checkAll(result: Result, stored: number, inFlight = 0) {
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`stub under load: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`);
  }
  if (stored < result['2xx'] || stored > result['2xx'] + inFlight) {
    throw new Error(`stub under load: ${result['2xx']} answered 201 but ${stored} are stored`);
  }
}

/** Options of {@link benchStub}. */
export interface StubBenchOptions {
  /** How long autocannon runs, in seconds. */
  seconds: number;
  /** How many reports to store for the memory figure. */
  reports: number;
}

/**
 * Runs the measurements, each on a fresh server: throughput for `seconds` in memory and
 * durable, then, durable, throughput and memory held while storing `reports` reports (measured from a baseline taken after a warm-up of
 * 200 reports, so the code the first requests compile is not counted as report data).
 */
export async function benchStub({ seconds, reports }: StubBenchOptions): Promise<Row[]> {
  const rows: Row[] = [];

  for (const durable of [false, true]) {
    const part = `stub, standalone on loopback${durable ? ', durable (journal, fsync before 201)' : ', in memory'}`;
    const speed = await startChild(durable);
    try {
      // A warm-up first, so the figures are of compiled code.
      const warmUp = 200;
      checkAll(await load(speed.url, { amount: warmUp }), (await speed.heap()).reports);
      const result = await load(speed.url, { duration: seconds });
      checkAll(result, (await speed.heap()).reports - warmUp, CONNECTIONS);
      const perSecond = result['2xx'] / ((result.finish.getTime() - result.start.getTime()) / 1000);
      rows.push(
        { part, what: `reports stored per second (autocannon, ${CONNECTIONS} connections, ${seconds} s, ${BODY.length}-byte JSON)`, ours: `${num(perSecond)} /s` },
        { part, what: 'intake latency, p50 / p99', ours: `${num(result.latency.p50, 1)} ms / ${num(result.latency.p99, 1)} ms` },
      );
    } finally {
      await speed.close();
    }
  }

  const part = 'stub, standalone on loopback, durable (journal, fsync before 201)';
  const memory = await startChild(true);
  try {
    const warmUp = 200;
    checkAll(await load(memory.url, { amount: warmUp }), (await memory.heap()).reports);
    const before = await memory.heap();
    const result = await load(memory.url, { amount: reports });
    const after = await memory.heap();
    checkAll(result, after.reports - before.reports);
    const held = after.heapUsed - before.heapUsed;
    const perSecond = reports / ((result.finish.getTime() - result.start.getTime()) / 1000);
    rows.push({ part, what: `reports stored per second while storing those ${num(reports)} (from ${warmUp} stored)`, ours: `${num(perSecond)} /s` });
    rows.push({ part, what: `latency while storing those ${num(reports)}, p50 / p99`, ours: `${num(result.latency.p50, 1)} ms / ${num(result.latency.p99, 1)} ms` });
    rows.push({
      part,
      what: `heap held after ${num(reports)} stored reports (heapUsed after GC, minus before)`,
      ours: `${bytes(held)} (${num(held / reports)} bytes a report)`,
    });
  } finally {
    await memory.close();
  }
  return rows;
}
