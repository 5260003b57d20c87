import type { FaultConfig } from '@vuln-report/server-stub/controls';
import type * as Sdk from '../../../src/index.ts';
import type { Fault } from './vendor-middleware.ts';

/** The stub intake, served by the test runner's own origin (see vendor-middleware.ts). */
export const ENDPOINT = `${location.origin}/__sdk-vendor`;

export const DRAFT = {
  kind: 'bug',
  title: 'Export button does nothing',
  description: 'Pressing Export on the billing page shows no file and no error.',
} as const;

/** Short backoffs so the tests run fast; timings are never asserted. */
export const FAST = {
  projectKey: 'pk_test_acme',
  endpoint: ENDPOINT,
  timeoutMs: 2_000,
  retry: { limit: 2, delayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1_000 },
  queueBackoff: { delayMs: 10, maxDelayMs: 50 },
} satisfies Partial<Sdk.ClientOptions>;

async function control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${ENDPOINT}/${path}`, {
    method,
    headers: { Authorization: 'Bearer stub_control_token', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`stub intake ${path}: ${response.status}`);
  return response;
}

/** Drives the stub intake from the page. */
export const vendor = {
  /** The stub starts over from its seed, with no faults. */
  reset: () => control('POST', '__stub/reset'),
  /** The stub's own faults: a share of reporter requests fails with a status before any work, or is stored and then dropped. */
  stubFaults: (faults: FaultConfig) => control('POST', '__stub/faults', faults),
  /** A share of reporter requests fails in front of the stub in one of these ways (`rate: 0` ends it); by default the vendor cannot be reached. */
  faults: (rate: number, faults: Fault[] = [{ drop: true }]) => control('POST', '__test/faults', { rate, faults }),
  /** What the stub stored, oldest first, and how many POSTs carried each Idempotency-Key. */
  async state(): Promise<{ stored: { idempotencyKey: string; title: string }[]; postsByKey: Record<string, number> }> {
    return (await control('GET', '__test/state')).json();
  },
};

/** A database name no other test uses. */
export const freshDatabase = (name: string) => `vuln-report-test-${name}-${crypto.randomUUID()}`;

/** Resolves once `predicate` holds, polling; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error('Timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The SDK module as loaded inside a frame's own page. */
export type FrameSdk = typeof Sdk;

/** Opens the SDK's own page in an iframe and waits for the SDK to load in it. */
export async function openFrame(): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.src = new URL('./frame.html', import.meta.url).href;
  document.body.append(frame);
  await waitFor(() => Boolean(frameSdk(frame)));
  return frame;
}

/** Reloads the frame's page (its SDK, clients, timers and memory are gone) and waits for the new SDK. */
export async function reloadFrame(frame: HTMLIFrameElement): Promise<void> {
  const before = frameSdk(frame);
  frame.contentWindow!.location.reload();
  await waitFor(() => Boolean(frameSdk(frame)) && frameSdk(frame) !== before);
}

export function frameSdk(frame: HTMLIFrameElement): FrameSdk | undefined {
  return (frame.contentWindow as (Window & { sdk?: FrameSdk }) | null)?.sdk;
}
