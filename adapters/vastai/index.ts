import type { VastaiSettings } from './settings.js';
import { AdapterError } from '../../src/lib/adapter-error.js';
import { getJson } from '../../src/lib/http.js';
import type { AdapterFactory, PollContext, ProviderAdapter } from '../types.js';
import { normalizeVast } from './normalize.js';
import { pacer } from './pacer.js';
import { vastBundlesResponseSchema, type VastRaw } from './schema.js';
import { searchScope, type VastQuery } from './search.js';

export const createVastaiAdapter: AdapterFactory<VastaiSettings> = (cfg, deps) => {
  const settings = cfg.settings;
  const key = cfg.credentials.VASTAI_API_KEY;
  const pace = pacer(settings.GPU_RADAR_VASTAI_REQUEST_GAP_MS);

  const post = async (query: VastQuery, ctx: PollContext): Promise<unknown[]> => {
    await pace(ctx.signal);
    try {
      const res = await getJson(`${cfg.url}/api/v0/bundles/`, {
        provider: 'vastai',
        method: 'POST',
        body: query,
        // Search works without a key (public); with one, Vast counts it against the key.
        headers: key ? { authorization: `Bearer ${key}` } : {},
        timeoutMs: cfg.timeoutMs,
        signal: ctx.signal,
        schema: vastBundlesResponseSchema,
        dispatcher: deps?.dispatcher,
      });
      return res.offers;
    } catch (err) {
      // Vast answers a bad key with 404 "Invalid user key" (its spec), which is auth, not a wrong URL.
      if (err instanceof AdapterError && err.status === 404 && /invalid user key/i.test(err.message)) {
        throw new AdapterError('auth', err.message, { status: 404, cause: err });
      }
      throw err;
    }
  };

  const adapter: ProviderAdapter<VastRaw> = {
    id: 'vastai',
    // One scope per GPU model, so a full or failing answer for one model never hides another.
    scopes: () => [...settings.GPU_RADAR_VASTAI_GPUS],
    async fetchRaw(scope, ctx) {
      const raw = await searchScope((q) => post(q, ctx), scope, settings.GPU_RADAR_VASTAI_LIMIT);
      if (raw.truncated) {
        ctx.log.warn(
          { scope, requests: raw.requests, offers: raw.offers.length },
          'vastai: market larger than splitting could cover; some offers are missing',
        );
      }
      return raw;
    },
    normalize: (raw) => normalizeVast(raw.offers),
  };
  return adapter;
};
