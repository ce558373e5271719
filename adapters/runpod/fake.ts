import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { catalogItem, catalogParams } from './fake-catalog.js';
import { executeGraphql } from './fake-graphql.js';
import {
  DEFAULT_RUNPOD_GPUS,
  DEFAULT_RUNPOD_STOCK,
  type FakeCloud,
  type Level,
  type RunpodFakeGpu,
  type RunpodFakeStock,
} from './fake-market.js';
import { listenOnLoopback, readBody } from '../../src/lib/loopback-server.js';

// A loopback RunPod speaking the documented wire formats (shared/provider-apis/runpod.md): the
// REST v2 catalog (Bearer auth, parameter rules, application/problem+json errors, RateLimit and
// RateLimit-Policy headers, 429 with Retry-After) and the GraphQL endpoint, parsed by graphql-js.

export type RunpodFault =
  | { status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  | { graphqlError: { message: string; code?: string } }
  | 'garbage'
  | 'truncated'
  | 'hang';

export interface RunpodFakeOptions {
  /** @defaultValue a fixed fake key */
  apiKey?: string;
  gpus?: RunpodFakeGpu[];
  stock?: RunpodFakeStock[];
  /** v2 requests per minute before 429 (the spec's example quota). @defaultValue 60 */
  perMinute?: number;
  /** GraphQL without a key is answered, as gpuhunt observed. @defaultValue true */
  graphqlAnonymous?: boolean;
  pathPrefix?: string;
  host?: string;
  port?: number;
}

export interface RunpodFakeRequest {
  method: string;
  path: string;
  query: string;
  authorized: boolean | 'anonymous';
  graphql?: string;
}

export interface RunpodFake {
  url: string;
  apiKey: string;
  requests: RunpodFakeRequest[];
  requestCount(): number;
  stock(): RunpodFakeStock[];
  setStock(stock: RunpodFakeStock[]): void;
  /** Sets (or with `null` removes) one data center's stock for a GPU type and cloud. */
  setLevel(gpu: string, cloud: FakeCloud, dc: string, level: Level | null, maxCount?: number): void;
  setGpus(gpus: RunpodFakeGpu[]): void;
  /** An item placed in the middle of every v2 list answer (a malformed GPU type), or null. */
  setMalformed(item: unknown): void;
  failNext(fault: RunpodFault, times?: number): void;
  close(): Promise<void>;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};
export const problem = (status: number, detail: string, errors?: string[]) =>
  JSON.stringify({ title: TITLES[status] ?? 'Error', status, detail, ...(errors ? { errors } : {}) });

function send(res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
const sendProblem = (res: ServerResponse, status: number, detail: string, headers?: Record<string, string>) =>
  send(res, status, problem(status, detail), 'application/problem+json', headers);

export async function startRunpodFake(opts: RunpodFakeOptions = {}): Promise<RunpodFake> {
  const apiKey = opts.apiKey ?? 'rpa_FAKE0123456789ABCDEF';
  const prefix = (opts.pathPrefix ?? '').replace(/\/+$/, '');
  const perMinute = opts.perMinute ?? 60;
  let gpus = structuredClone(opts.gpus ?? DEFAULT_RUNPOD_GPUS);
  let stock = structuredClone(opts.stock ?? DEFAULT_RUNPOD_STOCK);
  let malformed: unknown = null;
  const requests: RunpodFakeRequest[] = [];
  const faults: RunpodFault[] = [];
  const started = Date.now();
  let window = { start: Date.now(), used: 0 };
  let total = 0;

  // IETF ratelimit-headers style, as the v2 spec shows them.
  const rateHeaders = (remaining: number, resetS: number) => ({
    ratelimit: `"minute";r=${remaining};t=${resetS}, "hour";r=${Math.max(0, 3000 - total)};t=${3600 - (Math.floor((Date.now() - started) / 1000) % 3600)}, "day";r=${Math.max(0, 50000 - total)};t=${86400 - (Math.floor((Date.now() - started) / 1000) % 86400)}`,
    'ratelimit-policy': `"minute";q=${perMinute};w=60, "hour";q=3000;w=3600, "day";q=50000;w=86400`,
  });

  const v2 = (res: ServerResponse, path: string, q: URLSearchParams, ok: boolean | 'anonymous') => {
    if (ok !== true) return sendProblem(res, 401, ok === 'anonymous' ? 'missing bearer token' : 'invalid api key');
    if (Date.now() - window.start >= 60_000) window = { start: Date.now(), used: 0 };
    const resetS = Math.max(1, Math.ceil((window.start + 60_000 - Date.now()) / 1000));
    if (window.used >= perMinute) {
      return sendProblem(res, 429, 'rate limit exceeded for the minute window', {
        'retry-after': String(resetS),
        ...rateHeaders(0, resetS),
      });
    }
    window.used++;
    total++;
    const headers = rateHeaders(perMinute - window.used, resetS);
    const params = catalogParams(q);
    if (Array.isArray(params)) return sendProblem(res, params[0], params[1], headers);
    if (path === '/v2/catalog/gpus') {
      const items: unknown[] = gpus.map((g) => catalogItem(g, stock, params)).filter((x) => x !== undefined);
      if (malformed !== null) items.splice(Math.floor(items.length / 2), 0, malformed);
      return send(res, 200, JSON.stringify({ gpus: items }), 'application/json', headers);
    }
    const id = decodeURIComponent(path.slice('/v2/catalog/gpus/'.length));
    const g = gpus.find((x) => x.id === id);
    if (!g) return sendProblem(res, 404, `gpu type ${JSON.stringify(id)} not found`, headers);
    const item = catalogItem(g, stock, params) ?? { ...catalogItem(g, stock), availability: 'NONE' };
    return send(res, 200, JSON.stringify(item), 'application/json', headers);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const auth = req.headers.authorization;
    const key = auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7) : url.searchParams.get('api_key');
    const authorized = key === null || key === undefined || key === '' ? ('anonymous' as const) : key === apiKey;
    const entry: RunpodFakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.search, authorized };
    requests.push(entry);
    const raw = await readBody(req);
    const fault = faults.shift();
    if (fault === 'hang') return;
    if (fault === 'garbage') return send(res, 200, '<html><body>502 Bad Gateway</body></html>', 'text/html');
    if (typeof fault === 'object' && 'status' in fault) {
      return send(
        res,
        fault.status,
        fault.body ?? problem(fault.status, 'injected fault'),
        fault.contentType ?? 'application/problem+json',
        fault.headers,
      );
    }
    if (typeof fault === 'object') {
      const { message, code } = fault.graphqlError;
      return send(
        res,
        200,
        JSON.stringify({ errors: [{ message, ...(code ? { extensions: { code } } : {}) }], data: null }),
        'application/json',
      );
    }
    const path = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : '';
    let status = 200;
    let body: string;
    if (req.method === 'GET' && (path === '/v2/catalog/gpus' || path.startsWith('/v2/catalog/gpus/'))) {
      if (fault !== 'truncated') return v2(res, path, url.searchParams, authorized);
      body = JSON.stringify({ gpus: gpus.map((g) => catalogItem(g, stock)) });
    } else if (req.method === 'POST' && path === '/graphql') {
      if (authorized === false || (authorized === 'anonymous' && opts.graphqlAnonymous === false)) {
        return send(
          res,
          401,
          JSON.stringify({ errors: [{ message: 'Unauthorized', extensions: { code: 'UNAUTHENTICATED' } }] }),
          'application/json',
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return send(
          res,
          400,
          JSON.stringify({ errors: [{ message: 'POST body is not JSON', extensions: { code: 'BAD_REQUEST' } }] }),
          'application/json',
        );
      }
      entry.graphql = (parsed as { query?: string })?.query;
      const result = await executeGraphql(parsed, gpus, stock);
      if (!result.data) status = 400; // never executed, as Apollo answers a bad query
      body = JSON.stringify(result);
    } else {
      return sendProblem(res, 404, `no route for ${req.method} ${url.pathname}`);
    }
    send(res, status, fault === 'truncated' ? body.slice(0, Math.floor(body.length / 2)) : body, 'application/json');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => sendProblem(res, 500, 'internal error'));
  });
  const listening = await listenOnLoopback(server, { host: opts.host, port: opts.port, scheme: 'http' });
  return {
    url: listening.url,
    apiKey,
    requests,
    requestCount: () => requests.length,
    stock: () => structuredClone(stock),
    setStock(list) {
      stock = structuredClone(list);
    },
    setLevel(gpu, cloud, dc, level, maxCount = 8) {
      stock = stock.filter((x) => !(x.gpu === gpu && x.cloud === cloud && x.dc === dc));
      if (level) stock.push({ gpu, cloud, dc, maxCount, level });
    },
    setGpus(list) {
      gpus = structuredClone(list);
    },
    setMalformed(item) {
      malformed = item;
    },
    failNext(fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    close: listening.close,
  };
}
