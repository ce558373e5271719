import { startFakeServer, type Fault, type FakeServer, type FakeServerOptions, type Reply } from '../../fake-kit/server.js';
import { catalogItem, catalogParams } from './catalog.js';
import { executeGraphql } from './graphql.js';
import {
  DEFAULT_RUNPOD_GPUS,
  DEFAULT_RUNPOD_STOCK,
  type FakeCloud,
  type Level,
  type RunpodFakeGpu,
  type RunpodFakeStock,
} from './market.js';
import { RateWindow } from './rate-window.js';

export * from './market.js';

// A loopback RunPod speaking the documented wire formats (shared/provider-apis/runpod.md): the
// REST v2 catalog (Bearer auth, parameter rules, application/problem+json errors, RateLimit and
// RateLimit-Policy headers, 429 with Retry-After) and the GraphQL endpoint, parsed by graphql-js.

export type RunpodFault = Fault | { graphqlError: { message: string; code?: string } };

export interface RunpodFakeOptions extends Omit<FakeServerOptions, 'minIntervalMs'> {
  /** @defaultValue a fixed fake key */
  apiKey?: string;
  gpus?: RunpodFakeGpu[];
  stock?: RunpodFakeStock[];
  /** v2 requests per minute before 429 (the spec's example quota). @defaultValue 60 */
  perMinute?: number;
  /** GraphQL without a key is answered, as gpuhunt observed. @defaultValue true */
  graphqlAnonymous?: boolean;
}

export interface RunpodFakeRequest {
  method: string;
  path: string;
  query: string;
  authorized: boolean | 'anonymous';
  graphql?: string;
}

export interface RunpodFake extends FakeServer<RunpodFakeRequest> {
  apiKey: string;
  stock(): RunpodFakeStock[];
  setStock(stock: RunpodFakeStock[]): void;
  /** Sets (or with `null` removes) one data center's stock for a GPU type and cloud. */
  setLevel(gpu: string, cloud: FakeCloud, dc: string, level: Level | null, maxCount?: number): void;
  setGpus(gpus: RunpodFakeGpu[]): void;
  /** An item placed in the middle of every v2 list answer (a malformed GPU type), or null. */
  setMalformed(item: unknown): void;
  failNext(fault: RunpodFault, times?: number): void;
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
const problemReply = (status: number, detail: string, headers?: Record<string, string>): Reply => ({
  status,
  body: problem(status, detail),
  headers: { 'content-type': 'application/problem+json', ...headers },
});
const graphqlErrors = (status: number, message: string, code?: string): Reply => ({
  status,
  body: JSON.stringify({ errors: [{ message, ...(code ? { extensions: { code } } : {}) }], ...(status === 200 ? { data: null } : {}) }),
});

export async function startRunpodFake(opts: RunpodFakeOptions = {}): Promise<RunpodFake> {
  const apiKey = opts.apiKey ?? 'rpa_FAKE0123456789ABCDEF';
  const rate = new RateWindow(opts.perMinute ?? 60);
  let gpus = structuredClone(opts.gpus ?? DEFAULT_RUNPOD_GPUS);
  let stock = structuredClone(opts.stock ?? DEFAULT_RUNPOD_STOCK);
  let malformed: unknown = null;

  const v2 = (path: string, q: URLSearchParams, ok: boolean | 'anonymous'): Reply => {
    if (ok !== true) return problemReply(401, ok === 'anonymous' ? 'missing bearer token' : 'invalid api key');
    const headers = rate.take();
    if (headers.status === 429) return problemReply(429, 'rate limit exceeded for the minute window', headers.headers);
    const params = catalogParams(q);
    if (Array.isArray(params)) return problemReply(params[0], params[1], headers.headers);
    if (path === '/v2/catalog/gpus') {
      const items: unknown[] = gpus.map((g) => catalogItem(g, stock, params)).filter((x) => x !== undefined);
      if (malformed !== null) items.splice(Math.floor(items.length / 2), 0, malformed);
      return { status: 200, body: JSON.stringify({ gpus: items }), headers: headers.headers };
    }
    const id = decodeURIComponent(path.slice('/v2/catalog/gpus/'.length));
    const g = gpus.find((x) => x.id === id);
    if (!g) return problemReply(404, `gpu type ${JSON.stringify(id)} not found`, headers.headers);
    const item = catalogItem(g, stock, params) ?? { ...catalogItem(g, stock), availability: 'NONE' };
    return { status: 200, body: JSON.stringify(item), headers: headers.headers };
  };

  const server = await startFakeServer<RunpodFakeRequest>({
    ...opts,
    errorReply: (status) => problemReply(status, status === 500 ? 'internal error' : 'injected fault'),
    log(req) {
      const auth = req.headers.authorization;
      const key = auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7) : req.query.get('api_key');
      const authorized = key === null || key === undefined || key === '' ? ('anonymous' as const) : key === apiKey;
      return { method: req.method, path: req.rawPath, query: req.search, authorized };
    },
    async route({ method, path, query, text, rawPath }, entry) {
      if (method === 'GET' && (path === '/v2/catalog/gpus' || path.startsWith('/v2/catalog/gpus/')))
        return v2(path, query, entry.authorized);
      if (method !== 'POST' || path !== '/graphql') return problemReply(404, `no route for ${method} ${rawPath}`);
      if (entry.authorized === false || (entry.authorized === 'anonymous' && opts.graphqlAnonymous === false))
        return graphqlErrors(401, 'Unauthorized', 'UNAUTHENTICATED');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return graphqlErrors(400, 'POST body is not JSON', 'BAD_REQUEST');
      }
      entry.graphql = (parsed as { query?: string })?.query;
      const result = await executeGraphql(parsed, gpus, stock);
      return { status: result.data ? 200 : 400, body: JSON.stringify(result) }; // 400: never executed, as Apollo answers a bad query
    },
  });
  return {
    ...server,
    apiKey,
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
    failNext(fault, times) {
      const graphql = typeof fault === 'object' && 'graphqlError' in fault ? fault.graphqlError : undefined;
      server.failNext(graphql ? graphqlErrors(200, graphql.message, graphql.code) : (fault as Fault), times);
    },
  };
}
