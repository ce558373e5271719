import type { JWT } from 'google-auth-library';
import { AdapterError, holdAfter } from '../../src/lib/adapter-error.js';
import { LastGoodCache } from '../../src/lib/last-good-cache.js';
import { gcpError } from './errors.js';
import { skuPageSchema, type GcpPrices, type GcpSku, type SkuPage } from './schema.js';

// Compute Engine's SKUs from the Cloud Billing Catalog, loaded for all regions at once and kept
// for `ttlMs`. An outage or throttling never fails a poll: the last good prices stay (their age
// said in `problem`), and with none the offers keep a null price that says why.

export const COMPUTE_SERVICE = '6F81-5844-456A';

export interface PriceBookOptions {
  baseUrl: string;
  timeoutMs: number;
  /** How long loaded prices are used before a reload. @defaultValue 1 h */
  ttlMs: number;
  /** Wait after a failed load (longer when the answer said Retry-After). @defaultValue 60 s */
  retryFailedMs: number;
  /** @defaultValue 5000 (the API's maximum) */
  pageSize: number;
}

type StoredSku = GcpSku & { regions: string[] };

export class GcpPriceBook {
  private readonly cache: LastGoodCache<StoredSku[]>;
  private readonly o: PriceBookOptions;

  constructor(
    private readonly auth: () => JWT,
    opts: Partial<PriceBookOptions> & { baseUrl: string; timeoutMs: number },
  ) {
    this.o = { ttlMs: 3_600_000, retryFailedMs: 60_000, pageSize: 5000, ...opts };
    this.cache = new LastGoodCache((signal) => this.load(signal), { ttlMs: this.o.ttlMs, retryFailedMs: holdAfter(this.o.retryFailedMs) });
  }

  async pricesFor(region: string, signal: AbortSignal): Promise<GcpPrices> {
    const { value = [], at, error } = await this.cache.get(signal);
    const skus = value.filter((s) => s.regions.includes(region)).map(({ regions: _, ...s }) => s);
    if (!error) return { skus };
    const since = at !== undefined ? `; prices as of ${new Date(at).toISOString()}` : '';
    return { skus, problem: `Cloud Billing catalog unavailable (${gcpError('billing skus', error).message})${since}` };
  }

  private async load(signal: AbortSignal): Promise<StoredSku[]> {
    try {
      const skus: StoredSku[] = [];
      const seen = new Set<string>();
      let pageToken: string | undefined;
      do {
        const page = await this.page(pageToken, signal);
        for (const s of page.skus) {
          const sku = compact(s);
          if (sku) skus.push(sku);
        }
        pageToken = page.nextPageToken || undefined;
        if (pageToken && seen.has(pageToken)) throw new AdapterError('parse', 'gcp billing skus: nextPageToken repeats');
        if (pageToken) seen.add(pageToken);
      } while (pageToken);
      return skus;
    } catch (err) {
      throw gcpError('billing skus', err);
    }
  }

  private async page(pageToken: string | undefined, signal: AbortSignal): Promise<SkuPage> {
    const res = await this.auth().request<unknown>({
      url: `${this.o.baseUrl}/v1/services/${COMPUTE_SERVICE}/skus`,
      params: { pageSize: this.o.pageSize, currencyCode: 'USD', ...(pageToken ? { pageToken } : {}) },
      timeout: this.o.timeoutMs,
      signal,
      responseType: 'json',
    });
    const parsed = skuPageSchema.safeParse(res.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AdapterError(
        'parse',
        `gcp billing skus: unexpected response shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
      );
    }
    return parsed.data;
  }
}

// Only what GPU machines are priced from: GPU, GPU-slice, and the families' core and RAM SKUs,
// on-demand or spot. Commitments, licenses, disks and network are dropped here.
const RELEVANT = /gpu|instance (core|ram)/i;
const MARKET_USAGE = new Set(['OnDemand', 'Preemptible']);

function compact(s: SkuPage['skus'][number]): StoredSku | undefined {
  const usageType = s.category.usageType ?? '';
  if (!MARKET_USAGE.has(usageType) || !RELEVANT.test(s.description)) return undefined;
  const expr = s.pricingInfo[0]?.pricingExpression;
  const rate = expr?.tieredRates.at(-1)?.unitPrice;
  if (!expr || !rate) return undefined;
  const usd = Number(rate.units ?? 0) + (rate.nanos ?? 0) / 1e9;
  if (!Number.isFinite(usd)) return undefined;
  return { description: s.description, usageType, unit: expr.usageUnit, usd, regions: s.serviceRegions };
}
