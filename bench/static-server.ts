import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** A running {@link startStaticServer}. */
export interface StaticServer {
  /** Such as `http://127.0.0.1:43121`. */
  url: string;
  close(): Promise<void>;
}

/**
 * A tiny static server on loopback that serves every page of the browser bench the
 * same way: `mounts` maps a URL prefix (`/widget/`) to a folder. Files are compressed
 * once, brotli when the browser offers it and gzip otherwise, as a CDN would, and kept
 * in memory, so neither the disk nor the compressor shows up in the page timings.
 * `Cache-Control: no-store`, and no keep-alive tricks: each load pays for its bytes.
 */
export async function startStaticServer(mounts: Record<string, string>): Promise<StaticServer> {
  const cache = new Map<string, { type: string; raw: Buffer; br: Buffer; gzip: Buffer } | null>();

  async function load(pathname: string) {
    if (cache.has(pathname)) return cache.get(pathname)!;
    let entry = null;
    const prefix = Object.keys(mounts)
      .filter((p) => pathname.startsWith(p))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix !== undefined) {
      const root = mounts[prefix]!;
      const file = normalize(join(root, pathname.slice(prefix.length) || 'index.html'));
      // Stay inside the mounted folder whatever the URL says.
      if (file.startsWith(root.endsWith(sep) ? root : root + sep)) {
        const raw = await readFile(file).catch(() => undefined);
        if (raw) {
          entry = {
            type: TYPES[extname(file)] ?? 'application/octet-stream',
            raw,
            br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
            gzip: gzipSync(raw, { level: 9 }),
          };
        }
      }
    }
    cache.set(pathname, entry);
    return entry;
  }

  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const entry = await load(decodeURIComponent(pathname));
    if (!entry) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
    const body = encoding ? entry[encoding] : entry.raw;
    res.writeHead(200, {
      'Content-Type': entry.type,
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      Vary: 'Accept-Encoding',
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
    });
    res.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
