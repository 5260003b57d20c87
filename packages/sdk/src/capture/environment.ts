import type { ReportContext } from '@vuln-report/contract';

/** The parts of the context the SDK reads from the environment, each switchable off. */
export type CapturePart = Exclude<keyof ReportContext, 'app' | 'user' | 'errors' | 'extra' | 'capturedAt'>;

/** The low-entropy client hints Chromium exposes without asking (`navigator.userAgentData`). */
interface UserAgentData {
  brands: { brand: string; version: string }[];
  mobile: boolean;
  platform: string;
}

const dimension = (value: number) => Math.min(Math.max(Math.round(value) || 0, 0), 100_000);

/** The first `Intl.DateTimeFormat` of a page costs tens of milliseconds; make it once. */
let defaultDateTimeFormat: Intl.DateTimeFormat | undefined;
const dateTimeFormat = () => (defaultDateTimeFormat ??= Intl.DateTimeFormat());

/**
 * Reads what the environment says about itself: in a browser the page, the user agent, its
 * settings and the screen; in Node the runtime and platform. `wanted` says which parts.
 * Strings are not cut here: the context's redaction cuts each to its limit, after reading
 * it whole up to twice that, so a cut never hides half a secret from a pattern.
 */
export function captureEnvironment(wanted: (part: CapturePart) => boolean): ReportContext {
  const context: ReportContext = {};
  if (wanted('timeZone')) {
    const { timeZone } = dateTimeFormat().resolvedOptions();
    if (timeZone) context.timeZone = timeZone;
  }
  if (typeof document === 'undefined') {
    const node = globalThis.process?.versions?.node;
    if (node && wanted('runtime')) context.runtime = { name: 'node', version: node, platform: process.platform };
    return context;
  }
  const nav = navigator as Navigator & { userAgentData?: UserAgentData };
  if (wanted('url')) context.url = location.href;
  if (wanted('referrer') && document.referrer) context.referrer = document.referrer;
  if (wanted('title') && document.title) context.title = document.title;
  if (wanted('userAgent')) context.userAgent = nav.userAgent;
  if (wanted('clientHints') && nav.userAgentData) {
    const { brands, mobile, platform } = nav.userAgentData;
    context.clientHints = {
      brands: brands.slice(0, 20),
      mobile,
      platform,
    };
  }
  if (wanted('languages')) context.languages = nav.languages.slice(0, 20);
  if (wanted('viewport')) context.viewport = { width: dimension(innerWidth), height: dimension(innerHeight) };
  if (wanted('screen')) {
    context.screen = {
      width: dimension(screen.width),
      height: dimension(screen.height),
      pixelRatio: Math.min(devicePixelRatio || 1, 16),
    };
  }
  if (wanted('colorScheme')) context.colorScheme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  if (wanted('reducedMotion')) context.reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  if (wanted('online')) context.online = nav.onLine;
  return context;
}
