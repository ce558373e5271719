import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FakeCertificate } from './self-signed-cert.js';

// The harness every provider fake shares: a loopback HTTP(S) server, a request log, queued
// faults, path-prefix stripping and min-interval 429s. A fake supplies its routes, its auth
// check and its error body; nothing here is random.

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Headers promise the whole body; the connection drops half way through it. */
  cutOff?: boolean;
}

/** 'pass' answers normally, so a fault can be aimed at a later request. */
export type Fault =
  { status: number; body?: string; contentType?: string; headers?: Record<string, string> } | 'garbage' | 'truncated' | 'hang' | 'pass';

export interface FakeRequest {
  method: string;
  /** The path as received (what request logs show). */
  rawPath: string;
  /** The path below `pathPrefix`; '' when the request falls outside it. */
  path: string;
  query: URLSearchParams;
  /** The query string as received, '?' included ('' when none). */
  search: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** Date.now() when it arrived. */
  at: number;
  /** Runs when the answer has been sent. */
  onAnswered(fn: () => void): void;
}

export interface FakeServerOptions {
  /** @defaultValue '127.0.0.1', port 0 (any free port) */
  host?: string;
  port?: number;
  /** Serve under this path only, as behind a reverse proxy, e.g. `/proxy`. */
  pathPrefix?: string;
  /** Requests closer than this to the previous one get 429. @defaultValue 0 (off) */
  minIntervalMs?: number;
}

export interface FakeSpec<T> extends FakeServerOptions {
  tls?: FakeCertificate;
  /** @defaultValue 'application/json' */
  contentType?: string;
  /** Added to every answer, e.g. a request id. */
  headers?: () => Record<string, string>;
  /** The provider's error answer for a status: faults without a body and 429s use it. */
  errorReply(status: number): Reply;
  /** The answer to a request that came too soon. @defaultValue errorReply(429) with Retry-After */
  tooSoon?(waitMs: number): Reply;
  /** Answers before the log and the faults (token endpoints, unlogged files). */
  early?(req: FakeRequest): Reply | undefined;
  /** The request log entry; undefined leaves the request out of the log. */
  log(req: FakeRequest): T | undefined;
  /** Checked after logging and before faults (auth that comes first on the real API). */
  gate?(req: FakeRequest, entry: T): Reply | undefined;
  route(req: FakeRequest, entry: T): Reply | Promise<Reply>;
}

export interface FakeServer<T> {
  /** Origin without a path, e.g. `http://127.0.0.1:40123`. */
  url: string;
  requests: T[];
  requestCount(): number;
  failNext(fault: Fault, times?: number, when?: (req: FakeRequest) => boolean): void;
  /** Idempotent; also drops keep-alive and hung sockets, which would hold close() open. */
  close(): Promise<void>;
}

const retryLater = (r: Reply, waitMs: number): Reply => ({
  ...r,
  headers: { ...r.headers, 'retry-after': String(Math.ceil(waitMs / 1000)) },
});
const GARBAGE: Reply = { status: 200, body: '<html><body>502 Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } };

export async function startFakeServer<T>(spec: FakeSpec<T>): Promise<FakeServer<T>> {
  const prefix = (spec.pathPrefix ?? '').replace(/\/+$/, '');
  const minIntervalMs = spec.minIntervalMs ?? 0;
  const requests: T[] = [];
  const faults: { fault: Fault; when?: (req: FakeRequest) => boolean }[] = [];
  let lastAt = -Infinity;

  const send = (res: ServerResponse, r: Reply) => {
    const body = r.body ?? '';
    const headers = { 'content-type': spec.contentType ?? 'application/json', ...spec.headers?.(), ...r.headers };
    res.writeHead(r.status, { ...headers, 'content-length': Buffer.byteLength(body) });
    if (r.cutOff) res.write(body.slice(0, Math.floor(body.length / 2)), () => res.destroy());
    else res.end(body);
  };
  const faultReply = (f: Exclude<Fault, string>): Reply => {
    const e = spec.errorReply(f.status);
    const type: Record<string, string> = f.contentType ? { 'content-type': f.contentType } : {};
    return { status: f.status, body: f.body ?? e.body, headers: { ...e.headers, ...type, ...f.headers } };
  };

  const answer = async (req: FakeRequest): Promise<Reply | undefined> => {
    const early = spec.early?.(req);
    if (early) return early;
    const entry = spec.log(req);
    if (entry !== undefined) requests.push(entry);
    const gate = spec.gate?.(req, entry as T);
    if (gate) return gate;
    const wait = lastAt + minIntervalMs - req.at;
    lastAt = req.at;
    const i = faults.findIndex((f) => !f.when || f.when(req));
    const fault = i >= 0 ? faults.splice(i, 1)[0]!.fault : undefined;
    if (fault === 'hang') return undefined; // close() destroys the socket
    if (fault === 'garbage') return GARBAGE;
    if (typeof fault === 'object') return faultReply(fault);
    if (minIntervalMs > 0 && wait > 0) return spec.tooSoon?.(wait) ?? retryLater(spec.errorReply(429), wait);
    const r = await spec.route(req, entry as T);
    return fault === 'truncated' && r.body ? { ...r, body: r.body.slice(0, Math.floor(r.body.length / 2)) } : r;
  };

  const handle = async (message: IncomingMessage, res: ServerResponse) => {
    const url = new URL(message.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const c of message) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const req: FakeRequest = {
      method: message.method ?? 'GET',
      rawPath: url.pathname,
      path: url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : '',
      query: url.searchParams,
      search: url.search,
      headers: message.headers,
      body,
      text: body.toString('utf8'),
      at: Date.now(),
      onAnswered: (fn) => void res.once('finish', fn),
    };
    const r = await answer(req);
    if (r) send(res, r);
  };
  const listener = (message: IncomingMessage, res: ServerResponse) => {
    handle(message, res).catch(() => send(res, spec.errorReply(500)));
  };
  const server = spec.tls ? createHttpsServer({ cert: spec.tls.certPem, key: spec.tls.keyPem }, listener) : createHttpServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(spec.port ?? 0, spec.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `${spec.tls ? 'https' : 'http'}://${address.includes(':') ? `[${address}]` : address}:${port}`,
    requests,
    requestCount: () => requests.length,
    failNext(fault, times = 1, when) {
      for (let n = 0; n < times; n++) faults.push({ fault, when });
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
