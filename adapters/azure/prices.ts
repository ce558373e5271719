import type { Dispatcher } from 'undici';
import { asAdapterError, holdAfter } from '../../src/lib/adapter-error.js';
import { getJson } from '../../src/lib/http.js';
import { LastGoodCache } from '../../src/lib/last-good-cache.js';
import { retailPageSchema, type AzurePrices, type RetailPage } from './schema.js';

// Linux pay-as-you-go and Spot prices per region from the public Retail Prices API, kept for
// `ttlMs`. An outage or throttling never fails a poll: the last good prices stay (their age in
// `problem`), and with none the offers keep a null price that says why.

export const RETAIL_API_VERSION = '2023-01-01-preview';
const MAX_PAGES = 200;

export interface RetailOptions {
  baseUrl: string;
  timeoutMs: number;
  dispatcher?: () => Dispatcher | undefined;
  /** @defaultValue 1 h */
  ttlMs: number;
  /** Wait after a failed load (longer when the answer said Retry-After). @defaultValue 60 s */
  retryFailedMs: number;
}

export class AzurePriceBook {
  private readonly regions = new Map<string, LastGoodCache<AzurePrices['bySize']>>();
  private readonly o: RetailOptions;

  constructor(opts: Partial<RetailOptions> & { baseUrl: string; timeoutMs: number }) {
    this.o = { ttlMs: 3_600_000, retryFailedMs: 60_000, ...opts };
  }

  async pricesFor(region: string, signal: AbortSignal): Promise<AzurePrices> {
    let book = this.regions.get(region);
    if (!book)
      this.regions.set(
        region,
        (book = new LastGoodCache((s) => this.load(region, s), { ttlMs: this.o.ttlMs, retryFailedMs: holdAfter(this.o.retryFailedMs) })),
      );
    const { value = {}, at, error } = await book.get(signal);
    if (!error) return { bySize: value };
    const since = at !== undefined ? `; prices as of ${new Date(at).toISOString()}` : '';
    return { bySize: value, problem: `Retail Prices API unavailable (${asAdapterError(error).message})${since}` };
  }

  private async load(region: string, signal: AbortSignal): Promise<AzurePrices['bySize']> {
    const url = `${this.o.baseUrl}/api/retail/prices`;
    const filter = `serviceName eq 'Virtual Machines' and armRegionName eq '${region}' and priceType eq 'Consumption'`;
    let query = new URLSearchParams({ 'api-version': RETAIL_API_VERSION, $filter: filter });
    const bySize: AzurePrices['bySize'] = {};
    for (let page = 0; ; page++) {
      if (page >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages`);
      const res = await getJson(`${url}?${query}`, {
        provider: 'azure',
        schema: retailPageSchema,
        timeoutMs: this.o.timeoutMs,
        signal,
        dispatcher: this.o.dispatcher?.(),
      });
      addPrices(bySize, res, region);
      if (!res.NextPageLink || !res.Items.length) break;
      // Keep our own origin and path prefix: only the paging query is taken from NextPageLink.
      query = new URL(res.NextPageLink).searchParams;
    }
    return bySize;
  }
}

/**
 * Linux consumption rows of N-series sizes: pay-as-you-go, or Spot when the meter says so.
 * Windows, Low Priority (retiring Batch meter), Dev/Test, Cloud Services and Dedicated Host rows
 * are other products; several rows for one key keep the lowest (azure.md §5).
 */
export function addPrices(bySize: AzurePrices['bySize'], page: RetailPage, region: string): void {
  for (const it of page.Items) {
    if (it.type !== 'Consumption' || it.unitOfMeasure !== '1 Hour' || !(it.retailPrice > 0) || it.currencyCode !== 'USD') continue;
    if (it.armRegionName !== region || !it.armSkuName.startsWith('Standard_N')) continue;
    if (/ Windows$/.test(it.productName) || /Cloud Services|Dedicated Host/i.test(it.productName)) continue;
    if (/ Low Priority$/.test(it.meterName)) continue;
    const key = / Spot$/.test(it.meterName) ? 'spot' : 'onDemand';
    const p = (bySize[it.armSkuName] ??= {});
    p[key] = Math.min(p[key] ?? Infinity, it.retailPrice);
  }
}
