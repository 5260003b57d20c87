import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { MAX_REQUEST_BYTES } from '../http/body.ts';
import { problem } from '../http/problem.ts';
import { CLIENT_HEADER } from '../http/runtime.ts';
import { createSmtpDelivery } from '../mail/smtp.ts';
import { createStub, type StubOptions } from '../stub.ts';
import { createFileStore } from './persistence.ts';

/** Options of {@link startStubServer}, on top of the stub's own. */
export interface StubServerOptions extends Omit<StubOptions, 'baseUrl' | 'state' | 'onCommit'> {
  /** Port to listen on; 0 picks a free one. Default 4010. */
  port?: number;
  /** Address to bind. Default 127.0.0.1: loopback only. */
  host?: string;
  /** A JSON file that keeps every report across restarts. */
  dataFile?: string;
  /** Deliver emails over SMTP too, e.g. `smtp://127.0.0.1:2525`. */
  smtpUrl?: string;
  /** Where SMTP failures are reported. Default: standard error. */
  onDeliveryError?: (error: Error) => void;
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

async function send(res: ServerResponse, response: Response) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (response.body) Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(res);
  else res.end();
}

/**
 * The stub as a real HTTP server on `node:http`, answering through the stub's fetch
 * handler, as MSW does in tests and the service worker. Binds to loopback unless told otherwise.
 */
export async function startStubServer(options: StubServerOptions = {}) {
  const host = options.host ?? '127.0.0.1';
  const store = options.dataFile ? createFileStore(options.dataFile) : undefined;
  const saved = store?.load();
  const smtp = options.smtpUrl
    ? createSmtpDelivery(options.smtpUrl, undefined, (email, error) =>
        (options.onDeliveryError ?? ((e) => console.error(`SMTP delivery of ${email.id} failed: ${e.message}`)))(error),
      )
    : undefined;
  let baseUrl = '';
  const stub = createStub({
    ...options,
    ...(saved ? { state: saved } : {}),
    onCommit: (_changes, state) => store?.save(state),
    onEmail: (email) => {
      options.onEmail?.(email);
      smtp?.deliver(email);
    },
  });

  const server = createServer(async (req, res) => {
    try {
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
      const request = new Request(new URL(req.url ?? '/', baseUrl), {
        method: req.method ?? 'GET',
        headers,
        ...(body && body.length > 0 ? { body, duplex: 'half' } : {}),
      } as RequestInit);
      const response = await stub.handle(request);
      if (!response) return await send(res, problem(404, `No route ${req.method} ${req.url}.`));
      if (response.type === 'error') {
        req.socket.destroy();
        return;
      }
      await send(res, response);
    } catch (error) {
      if (!res.headersSent) await send(res, problem(500, `The stub failed: ${(error as Error).message}`));
      else res.destroy();
    }
  });
  // Many concurrent clients on loopback: keep sockets alive and let the backlog grow.
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, 1024, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    /** The server's base URL, such as `http://127.0.0.1:4010`. */
    url: baseUrl,
    port,
    stub,
    /** Stops accepting, finishes open requests, writes the data file and waits for SMTP. */
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await store?.flush();
      await smtp?.drain();
      smtp?.close();
    },
  };
}

/** A running standalone stub. */
export type StubServer = Awaited<ReturnType<typeof startStubServer>>;
