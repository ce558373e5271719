import type { AwsSettings } from './settings.js';
import type { AdapterDeps, PollContext, ProviderAdapter, ProviderConfig } from '../types.js';
import { ec2ClientFactory, type Ec2ClientFactory } from './client.js';
import { fetchCapacityBlocks } from './ec2-capacity-blocks.js';
import type { CallContext } from './ec2-call.js';
import { fetchGpuTypes, fetchOfferings, fetchZones } from './ec2-catalog.js';
import { fetchPlacementScores, fetchSpotPrices, typesToScore } from './ec2-spot.js';
import { normalizeAws } from './normalize.js';
import { AwsPriceBook, type PriceBookOptions } from './pricing.js';
import type { AwsRaw } from './schema.js';

export interface AwsAdapterDeps extends AdapterDeps {
  clients?: Ec2ClientFactory;
  /** Price-book tuning for tests (index TTL, retry of a failed version). */
  pricing?: Partial<PriceBookOptions>;
  now?: () => Date;
}

// Each region is one poll scope. EC2 calls need credentials from the SDK chain (a missing one
// fails the scope with `auth`, naming the variables); the price list is public and loads
// alongside, so a price list outage only leaves on-demand prices null or last-known-good.
export function createAwsAdapter(cfg: ProviderConfig<AwsSettings>, deps: AwsAdapterDeps = {}): ProviderAdapter<AwsRaw> {
  const settings = cfg.settings;
  const clients = deps.clients ?? ec2ClientFactory(cfg);
  const now = deps.now ?? (() => new Date());
  const prices = new AwsPriceBook({
    baseUrl: settings.GPU_RADAR_AWS_PRICING_URL,
    timeoutMs: cfg.timeoutMs,
    waitMs: cfg.timeoutMs,
    dispatcher: deps.dispatcher,
    ...deps.pricing,
  });
  const targets = [...settings.GPU_RADAR_AWS_PLACEMENT_TARGETS].sort((a, b) => a - b);

  return {
    id: 'aws',
    scopes: () => [...settings.GPU_RADAR_AWS_REGIONS],
    async fetchRaw(region: string, ctx: PollContext): Promise<AwsRaw> {
      const c: CallContext = { client: clients(region), region, signal: ctx.signal };
      const fetchedAt = now();
      const onDemand = prices.pricesFor(region, ctx);
      onDemand.catch(() => undefined); // never rejects; guards an EC2 failure leaving it unawaited
      const zones = await fetchZones(c);
      const { types, dropped: badTypes } = await fetchGpuTypes(c);
      const offerings = await fetchOfferings(c, new Set(types.map((t) => t.instanceType)));
      const offered = types.filter((t) => offerings[t.instanceType]?.length);
      const spotTypes = offered.filter((t) => t.usageClasses.includes('spot')).map((t) => t.instanceType);
      const spot = await fetchSpotPrices(c, spotTypes, fetchedAt);
      const placementScores = await fetchPlacementScores(c, typesToScore(offered), targets);
      const blocks = await fetchCapacityBlocks(c, offered, targets, fetchedAt);
      return {
        region,
        fetchedAt: fetchedAt.toISOString(),
        targets,
        zones,
        types,
        offerings,
        spotPrices: spot.prices,
        placementScores,
        capacityBlocks: blocks.blocks,
        onDemand: await onDemand,
        dropped: badTypes + spot.dropped + blocks.dropped,
      };
    },
    normalize: (raw) => normalizeAws(raw),
  };
}
