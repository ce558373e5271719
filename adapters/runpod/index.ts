import type { RunpodSettings } from './settings.js';
import { AdapterError } from '../../src/lib/adapter-error.js';
import { getJson, rateLimitResetSeconds } from '../../src/lib/http.js';
import type { AdapterFactory, PollContext, ProviderAdapter } from '../types.js';
import { normalizeRunpod } from './normalize.js';
import {
  CLOUDS,
  runpodCatalogResponseSchema,
  runpodGraphqlResponseSchema,
  SPOT_PRICES_QUERY,
  type Cloud,
  type RunpodRaw,
} from './schema.js';

// Scopes: `secure`, `community` (v2 catalog, one request per pod size) and `secure-spot`,
// `community-spot` (the same catalog for stock, plus GraphQL for the spot prices v2 lacks), so
// a failing GraphQL API (deprecated, retiring early 2027) never hides on-demand stock.
export const createRunpodAdapter: AdapterFactory<RunpodSettings> = (cfg, deps) => {
  const settings = cfg.settings;
  const auth = { authorization: `Bearer ${cfg.credentials.RUNPOD_API_KEY ?? ''}` };
  // When a RateLimit window is used up, wait for its reset rather than spend a request on a 429.
  let blockedUntil = 0;
  const budget = (status: number, headers: Record<string, string | string[] | undefined>) => {
    const reset = status < 300 ? rateLimitResetSeconds(headers.ratelimit) : undefined;
    if (reset !== undefined) blockedUntil = Date.now() + Number(reset) * 1000;
  };
  const checkBudget = () => {
    const wait = blockedUntil - Date.now();
    if (wait > 0)
      throw new AdapterError('rate_limit', `runpod: RateLimit budget used up; resets in ${Math.ceil(wait / 1000)} s`, {
        retryAfterMs: wait,
      });
  };

  const catalog = async (cloud: Cloud, count: number, ctx: PollContext) => {
    checkBudget();
    const q = new URLSearchParams({ include: 'AVAILABILITY', product: 'POD', count: String(count), cloud: cloud.toUpperCase() });
    const res = await getJson(`${cfg.url}/v2/catalog/gpus?${q}`, {
      provider: 'runpod',
      headers: auth,
      timeoutMs: cfg.timeoutMs,
      signal: ctx.signal,
      schema: runpodCatalogResponseSchema,
      dispatcher: deps?.dispatcher,
      onHeaders: budget,
    });
    return { count, gpus: res.gpus };
  };

  const spotPrices = async (cloud: Cloud, ctx: PollContext): Promise<Record<string, number | null>> => {
    const res = await getJson(`${cfg.url}/graphql`, {
      provider: 'runpod',
      method: 'POST',
      body: { query: SPOT_PRICES_QUERY },
      headers: auth,
      timeoutMs: cfg.timeoutMs,
      signal: ctx.signal,
      schema: runpodGraphqlResponseSchema,
      dispatcher: deps?.dispatcher,
    });
    const first = res.errors?.[0];
    if (first || !res.data) throw graphqlError(first);
    const field = cloud === 'secure' ? 'secureSpotPrice' : 'communitySpotPrice';
    return Object.fromEntries(res.data.gpuTypes.map((t) => [t.id, t[field] ?? null]));
  };

  const adapter: ProviderAdapter<RunpodRaw> = {
    id: 'runpod',
    scopes: () => (settings.GPU_RADAR_RUNPOD_SPOT ? [...CLOUDS, ...CLOUDS.map((c) => `${c}-spot`)] : [...CLOUDS]),
    async fetchRaw(scope, ctx) {
      const [cloud, spot] = scope.split('-') as [Cloud, string | undefined];
      if (!CLOUDS.includes(cloud)) throw new AdapterError('config', `runpod: unknown scope ${JSON.stringify(scope)}`);
      const market = spot ? 'spot' : 'on-demand';
      const prices = spot ? await spotPrices(cloud, ctx) : undefined;
      const catalogs = [];
      // One after the other: the minute budget is small and shared by every scope.
      for (const count of settings.GPU_RADAR_RUNPOD_GPU_COUNTS) catalogs.push(await catalog(cloud, count, ctx));
      return { cloud, market, catalogs, ...(prices ? { spotPrices: prices } : {}) };
    },
    normalize: (raw) => normalizeRunpod(raw),
  };
  return adapter;
};

// GraphQL answers errors with HTTP 200 and an `errors` array; classify them like HTTP ones.
function graphqlError(e: { message: string; extensions?: { code?: string } } | undefined): AdapterError {
  const code = e?.extensions?.code ?? '';
  const message = `runpod POST /graphql: GraphQL error${code ? ` ${code}` : ''}: ${(e?.message ?? 'no data').slice(0, 300)}`;
  if (/UNAUTHENTICATED|UNAUTHORIZED|FORBIDDEN/.test(code)) return new AdapterError('auth', message);
  // Our query no longer matches their schema: retrying will not help.
  if (/GRAPHQL_(PARSE|VALIDATION)_FAILED|BAD_USER_INPUT/.test(code)) return new AdapterError('parse', message);
  return new AdapterError('http', message);
}
