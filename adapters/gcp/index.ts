import { AdapterError } from '../../src/lib/adapter-error.js';
import type { GcpSettings } from './settings.js';
import type { AdapterDeps, PollContext, ProviderAdapter, ProviderConfig } from '../types.js';
import { GcpPriceBook, type PriceBookOptions } from './billing.js';
import { CatalogCache, fetchCatalog, type GcpCatalog } from './catalog.js';
import { gcpClientFactory, type GcpClientFactory } from './client.js';
import { normalizeGcp } from './normalize.js';
import { fetchRegion, type GcpRegionInfo } from './quotas.js';
import type { GcpRaw } from './schema.js';

export interface GcpAdapterDeps extends AdapterDeps {
  clients?: GcpClientFactory;
  /** Price-book tuning for tests (TTL, wait after a failure, page size). */
  pricing?: Partial<PriceBookOptions>;
  /** How long one catalog serves every region. @defaultValue half the poll interval */
  catalogTtlMs?: number;
}

// Each region (with its zones) is one poll scope. The Compute catalog is project-wide, so the
// region scopes of one round share one fetch of it; quotas come per region; prices from the
// Billing Catalog, whose outage only leaves prices null or last-known-good.
export function createGcpAdapter(cfg: ProviderConfig<GcpSettings>, deps: GcpAdapterDeps = {}): ProviderAdapter<GcpRaw> {
  const settings = cfg.settings;
  const clients = deps.clients ?? gcpClientFactory(cfg);
  const catalog = new CatalogCache(deps.catalogTtlMs ?? cfg.intervalMs / 2, (signal) =>
    fetchCatalog(clients(), { timeoutMs: cfg.timeoutMs, signal }),
  );
  const prices = new GcpPriceBook(() => clients().auth, {
    baseUrl: settings.GPU_RADAR_GCP_BILLING_URL,
    timeoutMs: cfg.timeoutMs,
    ...deps.pricing,
  });

  return {
    id: 'gcp',
    scopes: () => [...settings.GPU_RADAR_GCP_REGIONS],
    async fetchRaw(region: string, ctx: PollContext): Promise<GcpRaw> {
      const c = clients();
      let info: GcpRegionInfo;
      let all: GcpCatalog;
      try {
        info = await fetchRegion(c, region, cfg.timeoutMs);
        all = await catalog.get(ctx.signal);
      } catch (err) {
        // A token Google stopped honouring early stays cached until its expiry: expire it now,
        // so the next poll exchanges a new one instead of failing the same way.
        if (err instanceof AdapterError && err.status === 401) c.auth.credentials = { ...c.auth.credentials, expiry_date: 1 };
        throw err;
      }
      const pricing = prices.pricesFor(region, ctx.signal);
      // regions.get names the zones; a zone the catalog has but the region does not list is skipped.
      const zones = info.zones.length
        ? info.zones
        : [...new Set([...Object.keys(all.machineTypes), ...Object.keys(all.accelerators)])].filter((z) => z.startsWith(`${region}-`));
      const pick = <T>(byZone: Record<string, T[]>) => Object.fromEntries(zones.filter((z) => byZone[z]).map((z) => [z, byZone[z]!]));
      return {
        region,
        zones,
        accelerators: pick(all.accelerators),
        machineTypes: pick(all.machineTypes),
        quotas: info.quotas,
        prices: await pricing,
        dropped: zones.reduce((n, z) => n + (all.dropped[z] ?? 0), info.dropped),
      };
    },
    normalize: (raw) => normalizeGcp(raw),
  };
}
