import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { createOffsetClock } from '../core/clock.ts';
import { MAX_REQUEST_BYTES } from '../http/body.ts';
import { problem } from '../http/problem.ts';
import { CLIENT_HEADER } from '../http/runtime.ts';
import { startDelivery } from '../mail/delivery.ts';
import { createSmtpSender } from '../mail/smtp.ts';
import { createStub, DEFAULT_CONTROL_TOKEN, type StubOptions } from '../stub.ts';
import type { JournalOptions } from './journal.ts';
import { openDataFile } from './persistence.ts';

/** How long a client may take, and how many may be connected: chosen so a slow or idle client cannot hold the stub. */
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

/** Options of {@link startStubServer}, on top of the stub's own. */
export interface StubServerOptions extends Omit<StubOptions, 'baseUrl' | 'state' | 'onCommit' | 'onClockMove'> {
  /** Port to listen on; 0 picks a free one. Default 4010. */
  port?: number;
  /** Address to bind. Default 127.0.0.1: loopback only. */
  host?: string;
  /** A file that keeps every report across restarts (a snapshot, with a journal beside it). */
  dataFile?: string;
  /** How the data file writes (for tests: a failing flush). */
  journal?: JournalOptions;
  /**
   * Deliver the outbox over SMTP, e.g. `smtp://127.0.0.1:2525`: each email once its unit
   * of work is committed, retried after 1, 5, 30, 120 and 600 seconds on the stub's clock
   * (moving it with `/__stub/clock` runs what falls due). Without it emails stay `queued`.
   */
  smtpUrl?: string;
  /** The `From` of every email sent over SMTP. Default `vuln-report stub <security@vendor.example>`. */
  smtpFrom?: string;
  /** Where failed delivery attempts are reported. Default: standard error. */
  onDeliveryError?: (error: Error) => void;
  /** Host names the stub answers besides its bound address, `localhost` and the public URL's. */
  allowedHosts?: string[];
  /** Tighter limits, for tests. */
  limits?: Partial<typeof SERVER_LIMITS>;
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
 * The stub as a real HTTP server on `node:http`, answering through the stub's fetch
 * handler, as MSW does in tests and the service worker. Binds to loopback unless told
 * otherwise; answers only its own host names; links come from its public URL; every
 * change is on disk (with `dataFile`) before it is acknowledged.
 */
export async function startStubServer(options: StubServerOptions = {}) {
  const host = options.host ?? '127.0.0.1';
  const limits = { ...SERVER_LIMITS, ...options.limits };
  const data = options.dataFile ? openDataFile(options.dataFile, options.journal) : undefined;
  const clock = options.clock ?? createOffsetClock();
  if (data && data.clockSeconds > 0) clock.advance(data.clockSeconds);
  const smtp = options.smtpUrl ? createSmtpSender(options.smtpUrl, options.smtpFrom) : undefined;

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
    server.listen(options.port ?? 4010, host, 1024, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  const hosts = new Set(
    [new URL(url).host, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, new URL(publicUrl).host, ...(options.allowedHosts ?? [])].map((name) => name.toLowerCase()),
  );

  const stub = createStub({
    ...options,
    clock,
    publicUrl,
    ...(data ? { state: data.state } : {}),
    onCommit: async (changes, state) => {
      await data?.commit(changes, state);
      // Only once the unit that made them is durable: an email never goes out about a change a crash could lose.
      if (changes.some((change) => change.kind === 'email' && change.value.status === 'queued' && change.value.attempts === 0)) void delivery?.kick();
    },
    onClockMove: async (seconds, state) => {
      await data?.moveClock(seconds, state);
      // The answer to a clock move waits for what fell due: a test moves the clock, then reads the outbox.
      await delivery?.kick();
    },
  });
  const delivery = smtp
    ? startDelivery({
        intake: stub.intake,
        clock,
        send: (email) => smtp.send(email),
        describe: (error) => smtp.describe(error),
        onError: (error, email) =>
          (options.onDeliveryError ?? ((e) => console.error(`vuln-report-stub: ${email ? `SMTP delivery of ${email.id} (attempt ${email.attempts}) failed` : 'email delivery failed'}: ${smtp.describe(e)}`)))(error),
      })
    : undefined;
  // Emails left queued by an earlier run (the data file) go out now.
  void delivery?.kick();

  /** Event streams open now: they never end on their own, so closing the server ends them. */
  const streams = new Map<ServerResponse, Readable>();
  server.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const requested = requestedHost(req);
      if (!requested || !hosts.has(requested)) {
        // A page on another name (DNS rebinding) reaches nothing here.
        await send(res, problem(421, `This server does not answer for ${requested ?? 'that host'}.`));
        return;
      }
      const target = new URL(req.url ?? '/', url);
      if (FORBIDDEN_METHODS.has(req.method ?? '')) {
        const allow = stub.methodsFor(target.pathname).join(', ');
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
      void delivery?.tick();
      const response = await stub.handle(request);
      if (!response) return await send(res, problem(404, `No route ${req.method} ${target.pathname}.`));
      if (response.type === 'error') {
        req.socket.destroy();
        return;
      }
      await send(res, response, streams);
    } catch (error) {
      // A client that went away mid-request is no failure of the stub.
      if (req.socket.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET') return void res.destroy();
      // The cause goes to the operator, never to the client.
      console.error('vuln-report-stub: a request failed:', error);
      if (!res.headersSent) await send(res, problem(500, 'The stub failed to answer this request.'));
      else res.destroy();
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
    stub,
    /** The control token of `/__stub/*` (undefined with `controls: false`). */
    controlToken: options.controls === false ? undefined : (options.controls?.token ?? DEFAULT_CONTROL_TOKEN),
    /** Stops accepting, finishes open requests and the delivery run under way, then closes the data file and SMTP. */
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        for (const [res, body] of streams) {
          body.unpipe(res);
          body.destroy();
          res.end();
        }
      });
      await delivery?.stop();
      await data?.close(stub.state);
      smtp?.close();
    },
  };
}

/** A running standalone stub. */
export type StubServer = Awaited<ReturnType<typeof startStubServer>>;
