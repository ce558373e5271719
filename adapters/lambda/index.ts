import type { z } from 'zod';
import { getJson } from '../../src/lib/http.js';
import type { AdapterFactory, PollContext, ProviderAdapter } from '../types.js';
import { normalizeLambda } from './normalize.js';
import { lambdaInstanceTypesResponseSchema, lambdaRegionsResponseSchema, type LambdaRaw } from './schema.js';

export const createLambdaAdapter: AdapterFactory = (cfg, deps) => {
  const get = <T>(path: string, schema: z.ZodType<T>, ctx: PollContext): Promise<T> =>
    getJson(`${cfg.url}${path}`, {
      provider: 'lambda',
      headers: { authorization: `Bearer ${cfg.credentials.LAMBDA_API_KEY ?? ''}` },
      timeoutMs: cfg.timeoutMs,
      signal: ctx.signal,
      schema,
      dispatcher: deps?.dispatcher,
    });

  const adapter: ProviderAdapter<LambdaRaw> = {
    id: 'lambda',
    // One GET returns the whole catalog, so there is nothing to split.
    scopes: () => ['all'],
    async fetchRaw(_scope, ctx) {
      // One after the other: Lambda allows about one request per second per key.
      const instanceTypes = await get('/api/v1/instance-types', lambdaInstanceTypesResponseSchema, ctx);
      const regions = await get('/api/v1/regions', lambdaRegionsResponseSchema, ctx);
      return { instanceTypes, regions };
    },
    normalize: (raw) => normalizeLambda(raw),
  };
  return adapter;
};
