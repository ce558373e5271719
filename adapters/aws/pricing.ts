import { request, type Dispatcher } from 'undici';
import { getJson } from '../../src/lib/http.js';
import { LastGoodCache } from '../../src/lib/last-good-cache.js';
import type { Logger } from '../../src/lib/logger.js';
import type { PollContext } from '../types.js';
import { parseOfferFile, type OfferFilePrices } from './price-file.js';
import { regionIndexSchema, type AwsOnDemandPrices, type RegionIndex } from './schema.js';

// On-demand prices from the public bulk price list (no credentials). A region's offer file is
// downloaded again only when the region index names a new version; a failed or cut-off download
// keeps the last good prices. Downloads run in the background so a slow file never stalls a poll.

const REGION_INDEX = '/offers/v1.0/aws/AmazonEC2/current/region_index.json';

export interface PriceBookOptions {
  /** Price list origin; a path prefix (mirror, proxy) is kept. */
  baseUrl: string;
  /** Timeout of the region index request and between chunks of an offer file. */
  timeoutMs: number;
  /** Whole offer-file download. @defaultValue 15 min */
  fileTimeoutMs?: number;
  /** How long a poll waits for a download in flight before using the last good prices. */
  waitMs: number;
  /** The region index is asked again at most this often. @defaultValue 60 s */
  indexTtlMs?: number;
  /** A version whose download failed is tried again after this long. @defaultValue 10 min */
  retryFailedMs?: number;
  dispatcher?: Dispatcher;
}

export class AwsPriceBook {
  private readonly index: LastGoodCache<RegionIndex>;
  private readonly regions = new Map<string, LastGoodCache<OfferFilePrices>>();
  private readonly problems = new Map<string, string>();
  /** Offer files are parsed two at a time: each is CPU-bound for tens of seconds at full size. */
  private readonly slots = new Slots(2);
  /** Downloads outlive the poll that started them; they log to the latest poll's logger. */
  private log?: Logger;

  constructor(private readonly o: PriceBookOptions) {
    const index = (signal: AbortSignal) =>
      getJson(joinUrl(o.baseUrl, REGION_INDEX), {
        provider: 'aws pricing',
        timeoutMs: o.timeoutMs,
        signal,
        schema: regionIndexSchema,
        dispatcher: o.dispatcher,
      });
    this.index = new LastGoodCache(index, { ttlMs: o.indexTtlMs ?? 60_000 });
  }

  /** The newest prices this process has for `region`, refreshing them when the version moved. */
  async pricesFor(region: string, ctx: PollContext): Promise<AwsOnDemandPrices> {
    this.log = ctx.log;
    let url: string | undefined;
    const index = await this.index.get(ctx.signal);
    if (index.error !== undefined || !index.value) {
      this.problems.set(region, `AWS price list index unreachable: ${(index.error as Error).message}`);
    } else {
      const entry = index.value.regions[region];
      if (entry) url = joinUrl(this.o.baseUrl, entry.currentVersionUrl);
      else this.problems.set(region, `the AWS price list has no offer file for ${region}`);
    }
    const book = this.book(region);
    const got = url ? await book.get(ctx.signal, { version: url, waitMs: this.o.waitMs }) : book.peek();
    const problem = got.loading ? 'AWS price list download still in progress' : this.problems.get(region);
    return {
      prices: got.value?.prices ?? {},
      ...(got.value ? { version: got.value.version ?? got.version } : {}),
      ...(problem ? { problem } : {}),
    };
  }

  private book(region: string): LastGoodCache<OfferFilePrices> {
    let book = this.regions.get(region);
    if (!book) {
      const load = (_: AbortSignal, url: string) => this.load(region, url, this.regions.get(region)?.peek().value !== undefined);
      this.regions.set(region, (book = new LastGoodCache(load, { retryFailedMs: this.o.retryFailedMs ?? 10 * 60_000 })));
    }
    return book;
  }

  private async load(region: string, url: string, hasPrices: boolean): Promise<OfferFilePrices> {
    try {
      const prices = await this.slots.run(() => this.download(url));
      this.problems.delete(region);
      this.log?.info({ region, version: prices.version, types: Object.keys(prices.prices).length }, 'AWS price list loaded');
      return prices;
    } catch (err) {
      const keep = hasPrices ? '; keeping the last good prices' : '';
      this.problems.set(region, `AWS price list for ${region} failed: ${(err as Error).message}${keep}`);
      this.log?.warn({ region, err }, `AWS price list download failed${keep}`);
      throw err;
    }
  }

  private async download(url: string): Promise<OfferFilePrices> {
    const res = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': 'gpu-radar' },
      signal: AbortSignal.timeout(this.o.fileTimeoutMs ?? 15 * 60_000),
      headersTimeout: this.o.timeoutMs,
      bodyTimeout: this.o.timeoutMs,
      dispatcher: this.o.dispatcher,
    });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`HTTP ${res.statusCode} for ${new URL(url).pathname}`);
    }
    try {
      return await parseOfferFile(res.body);
    } catch (err) {
      res.body.destroy();
      const e = err as { code?: string; message?: string };
      throw new Error(`offer file cut off or invalid (${e.code ?? e.message ?? 'error'})`);
    }
  }
}

/** `base` may carry a path (a mirror); `new URL(path, base)` would drop it. */
export function joinUrl(base: string, path: string): string {
  if (/^https?:\/\//.test(path)) return path;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

class Slots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.busy >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy++;
    try {
      return await task();
    } finally {
      this.busy--;
      this.waiting.shift()?.();
    }
  }
}
