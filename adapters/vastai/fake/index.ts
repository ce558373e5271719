import { startFakeServer, type Fault, type FakeServer, type FakeServerOptions } from '../../fake-kit/server.js';
import { DEFAULT_VAST_OFFERS, type VastFakeOffer } from './market.js';
import { searchOffers } from './search.js';

export * from './market.js';
export { searchOffers } from './search.js';

// A loopback Vast.ai search API speaking the documented wire format (shared/provider-apis/vastai.md):
// POST /api/v0/bundles/ with the JSON query language, no pagination (at most `limit` offers),
// plain-text 429 without Retry-After, `{error, msg}` errors. Nothing here is random.

export type VastFault = Fault;

export interface VastFakeOptions extends FakeServerOptions {
  /** @defaultValue a fixed fake key */
  apiKey?: string;
  /** Refuse requests without a key too (Vast has let anonymous searches through). @defaultValue false */
  requireKey?: boolean;
  /** Status for a wrong key: the spec documents 404 "Invalid user key", the auth docs 401/403. @defaultValue 404 */
  authFailureStatus?: 401 | 403 | 404;
  offers?: VastFakeOffer[];
  /** Offers returned when the query has no `limit` (the real default is undocumented). @defaultValue 64 */
  defaultLimit?: number;
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

export interface VastFake extends FakeServer<VastFakeRequest> {
  apiKey: string;
  offers(): VastFakeOffer[];
  setOffers(offers: VastFakeOffer[]): void;
}

export const vastError = (error: string, msg: string) => JSON.stringify({ success: false, error, msg });

export async function startVastFake(opts: VastFakeOptions = {}): Promise<VastFake> {
  const apiKey = opts.apiKey ?? 'vast-fake-key-0123456789abcdef';
  let offers = structuredClone(opts.offers ?? DEFAULT_VAST_OFFERS);
  const fail = (status: number, error: string, msg: string) => ({ status, body: vastError(error, msg) });

  const server = await startFakeServer<VastFakeRequest>({
    ...opts,
    errorReply: (status) => fail(status, 'server_error', 'Internal error'),
    // No Retry-After, as documented.
    tooSoon: () => ({ status: 429, body: 'API requests too frequent', headers: { 'content-type': 'text/plain' } }),
    log(req) {
      const auth = req.headers.authorization;
      const key = auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7) : req.query.get('api_key');
      const authorized = key === null || key === undefined ? ('anonymous' as const) : key === apiKey;
      return { method: req.method, path: req.rawPath, at: req.at, authorized };
    },
    route(req, entry) {
      if (req.path.replace(/\/$/, '') !== '/api/v0/bundles' || (req.method !== 'POST' && req.method !== 'GET'))
        return fail(404, 'not_found', 'Not found');
      if (entry.authorized === false || (entry.authorized === 'anonymous' && opts.requireKey))
        return fail(opts.authFailureStatus ?? 404, 'invalid_user', 'Invalid user key');
      let query: Record<string, unknown>;
      try {
        query = JSON.parse(req.method === 'GET' ? (req.query.get('q') ?? '{}') : req.text || '{}');
        if (!query || typeof query !== 'object' || Array.isArray(query)) throw new Error('not an object');
      } catch {
        return fail(400, 'invalid_request', 'Invalid json body');
      }
      entry.query = query;
      const result = searchOffers(offers, query, opts.defaultLimit ?? 64);
      if (typeof result === 'string') return fail(400, 'invalid_args', result);
      entry.returned = result.length;
      return { status: 200, body: JSON.stringify({ offers: result }) };
    },
  });
  return {
    ...server,
    apiKey,
    offers: () => structuredClone(offers),
    setOffers(list) {
      offers = structuredClone(list);
    },
  };
}
