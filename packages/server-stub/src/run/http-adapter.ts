import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { MAX_REQUEST_BYTES } from '../http/body.ts';
import { problem } from '../http/problem.ts';
import { CLIENT_HEADER } from '../http/runtime.ts';

/** How long a client may take, and how many may be connected: chosen so a slow or idle client cannot hold the intake. */
export const SERVER_LIMITS = {
  /** The whole request head must arrive within this. */
  headersTimeoutMs: 10_000,
  /** The whole request, head and body, must arrive within this. */
  requestTimeoutMs: 30_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** How often Node checks the two timeouts above. */
  checkIntervalMs: 1_000,
  /** Connections open at once; more are refused. */
  maxConnections: 1_024,
  /** Bytes of request head. */
  maxHeaderBytes: 16 * 1024,
};

/** What the adapter serves: a fetch-style handler (the stub's, or the production server's) and its routes' methods. */
export interface FetchApp {
  /** Answers a request; `undefined` for a path it does not serve (a 404 then). */
  handle(request: Request): Promise<Response | undefined>;
  /** The methods served on `pathname`, for an `Allow` header. */
  methodsFor(pathname: string): string[];
}

/** Where and how to listen. */
export interface HttpListenOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Address to bind. Default 127.0.0.1: loopback only. */
  host?: string | undefined;
  /** Where the intake is reachable from outside; its host is answered too. Default: the address it listens on. */
  publicUrl?: string | undefined;
  /** Host names answered besides the bound address, `localhost` and the public URL's. */
  allowedHosts?: string[] | undefined;
  /** Tighter limits, for tests. */
  limits?: Partial<typeof SERVER_LIMITS> | undefined;
  /** Names the intake in the operator's log lines and in the 500 problem: `vuln-report-stub`, `vuln-report-server`. */
  name: string;
  /** What the 500 problem says, for a request the handler failed on. */
  failureDetail: string;
}

/** Called before each request reaches the app (the stub looks for emails due). */
export interface ServeHooks {
  beforeRequest?: () => void;
}

async function readBody(message: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function send(res: ServerResponse, response: Response, streams?: Map<ServerResponse, Readable>) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // A stream (Server-Sent Events) goes out as it comes; anything else whole, with its length.
  if (response.body && response.headers.get('content-type')?.startsWith('text/event-stream')) {
    // The connection ends with the stream: an idle socket left behind would hold up closing the server.
    res.shouldKeepAlive = false;
    res.writeHead(response.status, headers);
    res.flushHeaders();
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
    // A client that leaves ends the stream at its source (its subscription, its pings); so does closing the server.
    streams?.set(res, body);
    res.on('close', () => {
      streams?.delete(res);
      body.destroy();
    });
    body.pipe(res);
    return;
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...headers, 'content-length': String(bytes.length) });
  res.end(bytes);
}

/** Methods a Fetch `Request` cannot carry; the path's own methods are named instead. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** A problem document written straight to a socket, for requests Node could not parse. */
function rawProblem(status: number, detail: string): string {
  const body = JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail });
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** The host (name and port, lower case) a request is for: its `Host` header, or an absolute-form target's authority. */
function requestedHost(req: IncomingMessage): string | undefined {
  const target = req.url ?? '/';
  if (!target.startsWith('/')) {
    try {
      return new URL(target).host.toLowerCase();
    } catch {
      return undefined;
    }
  }
  return req.headers.host?.toLowerCase();
}

/**
 * A fetch-style intake on `node:http`, hardened the same way for the stub and the
 * production server: it binds to loopback unless told otherwise; answers only its own
 * host names (421 otherwise: no DNS rebinding); takes only the target's path and query
 * (links come from the public URL); refuses a body over the limit (413); answers
 * methods a Fetch request cannot carry with 405 and `Allow`, and requests Node cannot
 * parse (bad request line, oversized head, timeouts) with problem details; limits how
 * long a client may take and how many may connect; streams Server-Sent Events.
 *
 * It listens first (so a port of 0 is known), then {@link HttpListener.serve} attaches
 * the app; until then requests get 503. `close()` stops accepting, ends the event
 * streams, and resolves once every request under way has been answered.
 */
export async function listenHttp(options: HttpListenOptions) {
  const host = options.host ?? '127.0.0.1';
  const limits = { ...SERVER_LIMITS, ...options.limits };
  const server = createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
    maxHeaderSize: limits.maxHeaderBytes,
  });
  server.maxConnections = limits.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, 1024, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  const hosts = new Set(
    [new URL(url).host, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, new URL(publicUrl).host, ...(options.allowedHosts ?? [])].map((name) => name.toLowerCase()),
  );

  let app: FetchApp | undefined;
  let hooks: ServeHooks = {};
  let closing: Promise<void> | undefined;
  /** Event streams open now: they never end on their own, so closing the server ends them. */
  const streams = new Map<ServerResponse, Readable>();
  /** Requests being answered now (event streams count until their headers are out). */
  let inFlight = 0;

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const requested = requestedHost(req);
    if (!requested || !hosts.has(requested)) {
      // A page on another name (DNS rebinding) reaches nothing here.
      await send(res, problem(421, `This server does not answer for ${requested ?? 'that host'}.`));
      return;
    }
    if (!app) {
      await send(res, problem(503, 'The intake is starting; try again in a moment.', { headers: { 'Retry-After': '1' } }));
      return;
    }
    const target = new URL(req.url ?? '/', url);
    if (FORBIDDEN_METHODS.has(req.method ?? '')) {
      const allow = app.methodsFor(target.pathname).join(', ');
      await send(res, allow ? problem(405, `${req.method} is not allowed here; use ${allow}.`, { headers: { Allow: allow } }) : problem(404, `No route ${req.method} ${target.pathname}.`));
      return;
    }
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
    if (body === 'too-large') {
      res.setHeader('Connection', 'close');
      await send(res, problem(413, `The request is over ${MAX_REQUEST_BYTES} bytes.`));
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    // Rate limits per client rest on the socket's address, never on what the client says.
    headers.set(CLIENT_HEADER, req.socket.remoteAddress ?? 'unknown');
    // Only the path and query of the target count: an absolute-form target names no other origin here.
    const request = new Request(new URL(`${target.pathname}${target.search}`, url), {
      method: req.method ?? 'GET',
      headers,
      ...(body && body.length > 0 ? { body, duplex: 'half' } : {}),
    } as RequestInit);
    hooks.beforeRequest?.();
    const response = await app.handle(request);
    if (!response) return await send(res, problem(404, `No route ${req.method} ${target.pathname}.`));
    if (response.type === 'error') {
      req.socket.destroy();
      return;
    }
    // Once closing, a keep-alive connection ends with this answer, so the close is not held up.
    if (closing) res.shouldKeepAlive = false;
    await send(res, response, streams);
    // A stream opened while closing ends at once (after its first event).
    if (closing) endStream(res);
  }

  function endStream(res: ServerResponse) {
    const body = streams.get(res);
    if (!body) return;
    streams.delete(res);
    body.unpipe(res);
    body.destroy();
    res.end();
  }

  server.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    inFlight += 1;
    try {
      await answer(req, res);
    } catch (error) {
      // A client that went away mid-request is no failure of the intake.
      if (req.socket.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET') return void res.destroy();
      // The cause goes to the operator, never to the client.
      console.error(`${options.name}: a request failed:`, error);
      if (!res.headersSent) await send(res, problem(500, options.failureDetail)).catch(() => res.destroy());
      else res.destroy();
    } finally {
      inFlight -= 1;
    }
  });
  // Requests Node cannot parse (a bad request line, an oversized head) get problem details too.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
    const [status, detail] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, `The request head is over ${limits.maxHeaderBytes} bytes.`]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'The request did not arrive in time.']
          : [400, 'The request is not valid HTTP/1.1.'];
    socket.end(rawProblem(status, detail));
  });

  return {
    /** The server's base URL, such as `http://127.0.0.1:4010`. */
    url,
    /** Where links point: the public URL, or the base URL. */
    publicUrl,
    port,
    /** The `node:http` server. */
    server,
    /** Requests being answered now. */
    get inFlight() {
      return inFlight;
    },
    /** Attaches the app: requests before this got 503. */
    serve(next: FetchApp, nextHooks: ServeHooks = {}) {
      app = next;
      hooks = nextHooks;
    },
    /**
     * Stops accepting connections, ends every event stream, closes idle connections, and
     * resolves once every request under way has been answered (a keep-alive connection
     * is closed after its answer).
     */
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        for (const res of [...streams.keys()]) endStream(res);
      });
      return closing;
    },
  };
}

/** A listening server made by {@link listenHttp}. */
export type HttpListener = Awaited<ReturnType<typeof listenHttp>>;
