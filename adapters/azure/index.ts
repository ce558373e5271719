import type { AzureSettings } from './settings.js';
import { AdapterError } from '../../src/lib/adapter-error.js';
import type { AdapterDeps, PollContext, ProviderAdapter, ProviderConfig } from '../types.js';
import { fetchUsages, fetchVmSkus } from './arm-fetch.js';
import { azureClientFactory, type AzureClientFactory } from './client.js';
import { normalizeAzure } from './normalize.js';
import { AzurePriceBook, type RetailOptions } from './prices.js';
import type { AzureRaw, AzureScore } from './schema.js';
import { fetchSpotScores, sizesToScore } from './spot-scores.js';

export interface AzureAdapterDeps extends AdapterDeps {
  clients?: AzureClientFactory;
  /** Price-book tuning for tests (TTL, wait after a failure). */
  pricing?: Partial<RetailOptions>;
}

// Each region is one poll scope: its Resource SKUs, the subscription's usages there and spot
// placement scores through ARM (token from Entra ID), prices from the public Retail Prices API,
// whose outage only leaves prices null or last-known-good.
export function createAzureAdapter(cfg: ProviderConfig<AzureSettings>, deps: AzureAdapterDeps = {}): ProviderAdapter<AzureRaw> {
  const settings = cfg.settings;
  const clients = deps.clients ?? azureClientFactory(cfg);
  const targets = [...settings.GPU_RADAR_AZURE_PLACEMENT_TARGETS].sort((a, b) => a - b);
  const prices = new AzurePriceBook({
    baseUrl: settings.GPU_RADAR_AZURE_PRICES_URL,
    timeoutMs: cfg.timeoutMs,
    dispatcher: () => deps.dispatcher ?? clients().dispatcher,
    ...deps.pricing,
  });

  return {
    id: 'azure',
    scopes: () => [...settings.GPU_RADAR_AZURE_REGIONS],
    async fetchRaw(region: string, ctx: PollContext): Promise<AzureRaw> {
      const c = clients();
      try {
        const { skus, dropped } = await fetchVmSkus(c, region, ctx.signal);
        const usages = await fetchUsages(c, region, ctx.signal);
        const scores = await spotScores(() => fetchSpotScores(c, region, sizesToScore(skus), targets, ctx.signal), ctx);
        return { region, skus, usages, scores, prices: await prices.pricesFor(region, ctx.signal), dropped };
      } catch (err) {
        // ARM refusing a token it issued (revoked, expired early): new clients get a new token.
        if (err instanceof AdapterError && err.status === 401) clients.reset();
        throw err;
      }
    },
    normalize: (raw) => normalizeAzure(raw),
  };
}

// Scores need a permission plain readers lack (placementScores/generate/action); without it the
// spot offers fall back to quota and catalog evidence instead of the whole region failing.
async function spotScores(load: () => Promise<AzureScore[]>, ctx: PollContext): Promise<AzureScore[]> {
  try {
    return await load();
  } catch (err) {
    if (!(err instanceof AdapterError) || err.status !== 403) throw err;
    ctx.log.warn({ err }, 'azure spot placement scores refused; spot offers keep quota and catalog evidence');
    return [];
  }
}
