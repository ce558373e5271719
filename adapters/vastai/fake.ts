import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { DEFAULT_VAST_OFFERS, type VastFakeOffer } from './fake-market.js';
import { listenOnLoopback, readBody } from '../../src/lib/loopback-server.js';

// A loopback Vast.ai search API speaking the documented wire format (shared/provider-apis/vastai.md):
// POST /api/v0/bundles/ with the JSON query language, no pagination (at most `limit` offers),
// plain-text 429 without Retry-After, `{error, msg}` errors. Nothing here is random.

export type VastFault =
  { status: number; body?: string; contentType?: string; headers?: Record<string, string> } | 'garbage' | 'truncated' | 'hang';

export interface VastFakeOptions {
  /** @defaultValue a fixed fake key */
  apiKey?: string;
  /** Refuse requests without a key too (Vast has let anonymous searches through). @defaultValue false */
  requireKey?: boolean;
  /** Status for a wrong key: the spec documents 404 "Invalid user key", the auth docs 401/403. @defaultValue 404 */
  authFailureStatus?: 401 | 403 | 404;
  offers?: VastFakeOffer[];
  /** Offers returned when the query has no `limit` (the real default is undocumented). @defaultValue 64 */
  defaultLimit?: number;
  /** Requests closer than this to the previous one get 429. @defaultValue 0 (off) */
  minIntervalMs?: number;
  pathPrefix?: string;
  host?: string;
  port?: number;
}

export interface VastFakeRequest {
  method: string;
  path: string;
  /** Date.now() when it arrived. */
  at: number;
  authorized: boolean | 'anonymous';
  query?: Record<string, unknown>;
  returned?: number;
}

export interface VastFake {
  url: string;
  apiKey: string;
  requests: VastFakeRequest[];
  requestCount(): number;
  offers(): VastFakeOffer[];
  setOffers(offers: VastFakeOffer[]): void;
  failNext(fault: VastFault, times?: number): void;
  close(): Promise<void>;
}

const OPS = new Set(['eq', 'neq', 'gt', 'lt', 'gte', 'lte', 'in', 'notin']);
const CONTROL = new Set([
  'order',
  'type',
  'limit',
  'allocated_storage',
  'disable_bundling',
  'target_reliability',
  'extra_ids',
  'show_incompatible',
  'sort_option',
  'template_id',
]);
const TYPES = new Set(['on-demand', 'ondemand', 'bid', 'reserved', 'interruptible']);

export const vastError = (error: string, msg: string) => JSON.stringify({ success: false, error, msg });

function send(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

// The filter value of `geolocation` is a country code; offers carry "<place>, <CC>".
function fieldOf(offer: VastFakeOffer, field: string): unknown {
  const v = offer[field];
  return field === 'geolocation' && typeof v === 'string' ? v.slice(v.lastIndexOf(',') + 1).trim() : v;
}

function test(value: unknown, op: string, arg: unknown): boolean {
  const n = (x: unknown) => typeof x === 'number' && typeof arg === 'number';
  switch (op) {
    case 'eq':
      return value === arg;
    case 'neq':
      return value !== arg;
    case 'gt':
      return n(value) && (value as number) > (arg as number);
    case 'lt':
      return n(value) && (value as number) < (arg as number);
    case 'gte':
      return n(value) && (value as number) >= (arg as number);
    case 'lte':
      return n(value) && (value as number) <= (arg as number);
    case 'in':
      return Array.isArray(arg) && arg.includes(value);
    default:
      return Array.isArray(arg) && !arg.includes(value); // notin
  }
}

/** Runs a query object over the offers, as the server would: filter, order, limit. */
export function searchOffers(offers: VastFakeOffer[], q: Record<string, unknown>, defaultLimit: number): VastFakeOffer[] | string {
  if (q.type !== undefined && !TYPES.has(String(q.type))) return `Invalid type ${JSON.stringify(q.type)}`;
  const filters: [string, string, unknown][] = [];
  for (const [field, cond] of Object.entries(q)) {
    if (CONTROL.has(field)) continue;
    if (!cond || typeof cond !== 'object' || Array.isArray(cond)) return `Invalid filter for ${field}`;
    for (const [op, arg] of Object.entries(cond)) {
      if (!OPS.has(op)) return `Invalid operator ${op} for ${field}`;
      filters.push([field, op, arg]);
    }
  }
  const order: [string, string][] = Array.isArray(q.order) ? (q.order as [string, string][]) : [['score', 'desc']];
  const limit = typeof q.limit === 'number' && q.limit > 0 ? Math.floor(q.limit) : defaultLimit;
  const hits = offers.filter((o) => filters.every(([f, op, arg]) => test(fieldOf(o, f), op, arg)));
  hits.sort((a, b) => {
    for (const [field, dir] of order) {
      const x = a[field] as number;
      const y = b[field] as number;
      if (x !== y) return (x < y ? -1 : 1) * (dir === 'desc' ? -1 : 1);
    }
    return (a.id as number) - (b.id as number);
  });
  return hits.slice(0, limit);
}

export async function startVastFake(opts: VastFakeOptions = {}): Promise<VastFake> {
  const apiKey = opts.apiKey ?? 'vast-fake-key-0123456789abcdef';
  const prefix = (opts.pathPrefix ?? '').replace(/\/+$/, '');
  const minIntervalMs = opts.minIntervalMs ?? 0;
  let offers = structuredClone(opts.offers ?? DEFAULT_VAST_OFFERS);
  const requests: VastFakeRequest[] = [];
  const faults: VastFault[] = [];
  let lastAt = -Infinity;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const auth = req.headers.authorization;
    const key = auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7) : url.searchParams.get('api_key');
    const authorized = key === null || key === undefined ? ('anonymous' as const) : key === apiKey;
    const entry: VastFakeRequest = { method: req.method ?? 'GET', path: url.pathname, at: Date.now(), authorized };
    requests.push(entry);
    const raw = await readBody(req);
    const tooSoon = Date.now() - lastAt < minIntervalMs;
    lastAt = Date.now();

    const fault = faults.shift();
    if (fault === 'hang') return;
    if (fault === 'garbage') return send(res, 200, '<html><body>502 Bad Gateway</body></html>', 'text/html');
    if (typeof fault === 'object')
      return send(res, fault.status, fault.body ?? vastError('server_error', 'Internal error'), fault.contentType, fault.headers);
    if (tooSoon) return send(res, 429, 'API requests too frequent', 'text/plain'); // no Retry-After, as documented

    const path = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length).replace(/\/$/, '') : '';
    if (path !== '/api/v0/bundles' || (req.method !== 'POST' && req.method !== 'GET'))
      return send(res, 404, vastError('not_found', 'Not found'));
    if (authorized === false || (authorized === 'anonymous' && opts.requireKey)) {
      return send(res, opts.authFailureStatus ?? 404, vastError('invalid_user', 'Invalid user key'));
    }
    let query: Record<string, unknown>;
    try {
      query = JSON.parse(req.method === 'GET' ? (url.searchParams.get('q') ?? '{}') : raw || '{}');
      if (!query || typeof query !== 'object' || Array.isArray(query)) throw new Error('not an object');
    } catch {
      return send(res, 400, vastError('invalid_request', 'Invalid json body'));
    }
    entry.query = query;
    const result = searchOffers(offers, query, opts.defaultLimit ?? 64);
    if (typeof result === 'string') return send(res, 400, vastError('invalid_args', result));
    entry.returned = result.length;
    const body = JSON.stringify({ offers: result });
    send(res, 200, fault === 'truncated' ? body.slice(0, Math.floor(body.length / 2)) : body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, vastError('server_error', 'Internal error')));
  });
  const listening = await listenOnLoopback(server, { host: opts.host, port: opts.port, scheme: 'http' });
  return {
    url: listening.url,
    apiKey,
    requests,
    requestCount: () => requests.length,
    offers: () => structuredClone(offers),
    setOffers(list) {
      offers = structuredClone(list);
    },
    failNext(fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    close: listening.close,
  };
}
