import { existsSync } from 'node:fs';

/** Flags for headless Chromium on a closed network: no background traffic, no sandbox as root. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium to drive: `CHROME_PATH` when set, else the first system install found, else undefined. */
export function findChromium() {
  if (process.env.CHROME_PATH) return existsSync(process.env.CHROME_PATH) ? process.env.CHROME_PATH : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Like {@link findChromium}, but throws the one sentence that says what to do. */
export function chromiumPath() {
  const path = findChromium();
  if (!path) {
    throw new Error(
      process.env.CHROME_PATH
        ? `CHROME_PATH points to ${process.env.CHROME_PATH}, which does not exist: set it to a Chromium or Chrome binary.`
        : 'No Chromium found: run `npm run setup -- --browser` as root on Debian or Ubuntu, or install Chromium and set CHROME_PATH to its binary.',
    );
  }
  return path;
}
