import type { JWT } from 'google-auth-library';
import { AdapterError } from '../../src/lib/adapter-error.js';
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
  private loaded?: { at: number; skus: StoredSku[] };
  private failure?: { until: number; message: string };
  private inflight?: Promise<void>;
  private readonly o: PriceBookOptions;

  constructor(
    private readonly auth: () => JWT,
    opts: Partial<PriceBookOptions> & { baseUrl: string; timeoutMs: number },
  ) {
    this.o = { ttlMs: 3_600_000, retryFailedMs: 60_000, pageSize: 5000, ...opts };
  }

  async pricesFor(region: string, signal: AbortSignal): Promise<GcpPrices> {
    const now = Date.now();
    const fresh = this.loaded && now - this.loaded.at < this.o.ttlMs;
    const held = this.failure && now < this.failure.until;
    if (!fresh && !held) await (this.inflight ??= this.load(signal).finally(() => (this.inflight = undefined)));
    const skus = (this.loaded?.skus ?? []).filter((s) => s.regions.includes(region)).map(({ regions: _, ...s }) => s);
    if (!this.failure) return { skus };
    const since = this.loaded ? `; prices as of ${new Date(this.loaded.at).toISOString()}` : '';
    return { skus, problem: `Cloud Billing catalog unavailable (${this.failure.message})${since}` };
  }

  private async load(signal: AbortSignal): Promise<void> {
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
      this.loaded = { at: Date.now(), skus };
      this.failure = undefined;
    } catch (err) {
      const e = gcpError('billing skus', err);
      const wait = Math.max(this.o.retryFailedMs, e.kind === 'rate_limit' ? (e.retryAfterMs ?? 0) : 0);
      this.failure = { until: Date.now() + wait, message: e.message };
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
