import { request, type Dispatcher } from 'undici';
import { getJson } from '../../src/lib/http.js';
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

interface Loaded {
  url: string;
  prices: OfferFilePrices;
}

export class AwsPriceBook {
  private index?: { at: number; value: Promise<RegionIndex> };
  private readonly loaded = new Map<string, Loaded>();
  private readonly loading = new Map<string, { url: string; done: Promise<void> }>();
  private readonly problems = new Map<string, string>();
  private readonly failed = new Map<string, number>();
  /** Offer files are parsed two at a time: each is CPU-bound for tens of seconds at full size. */
  private readonly slots = new Slots(2);

  constructor(private readonly o: PriceBookOptions) {}

  /** The newest prices this process has for `region`, refreshing them when the version moved. */
  async pricesFor(region: string, ctx: PollContext): Promise<AwsOnDemandPrices> {
    let url: string | undefined;
    try {
      const entry = (await this.regionIndex(ctx.signal)).regions[region];
      if (entry) url = joinUrl(this.o.baseUrl, entry.currentVersionUrl);
      else this.problems.set(region, `the AWS price list has no offer file for ${region}`);
    } catch (err) {
      this.index = undefined;
      this.problems.set(region, `AWS price list index unreachable: ${(err as Error).message}`);
    }
    const failedAt = url ? this.failed.get(url) : undefined;
    const retry = failedAt === undefined || Date.now() - failedAt >= (this.o.retryFailedMs ?? 10 * 60_000);
    if (url && this.loaded.get(region)?.url !== url && retry) {
      const load = this.startLoad(region, url, ctx);
      await within(load, this.o.waitMs);
    }
    return this.answer(region);
  }

  private answer(region: string): AwsOnDemandPrices {
    const got = this.loaded.get(region);
    const problem = this.loading.has(region) ? 'AWS price list download still in progress' : this.problems.get(region);
    return {
      prices: got?.prices.prices ?? {},
      ...(got ? { version: got.prices.version ?? got.url } : {}),
      ...(problem ? { problem } : {}),
    };
  }

  private regionIndex(signal: AbortSignal): Promise<RegionIndex> {
    const ttl = this.o.indexTtlMs ?? 60_000;
    if (!this.index || Date.now() - this.index.at >= ttl) {
      const value = getJson(joinUrl(this.o.baseUrl, REGION_INDEX), {
        provider: 'aws pricing',
        timeoutMs: this.o.timeoutMs,
        signal,
        schema: regionIndexSchema,
        dispatcher: this.o.dispatcher,
      });
      value.catch(() => undefined); // awaited by the caller; this only silences the shared copy
      this.index = { at: Date.now(), value };
    }
    return this.index.value;
  }

  private startLoad(region: string, url: string, ctx: PollContext): Promise<void> {
    const running = this.loading.get(region);
    if (running?.url === url) return running.done;
    const done = this.slots
      .run(() => this.download(url))
      .then((prices) => {
        this.loaded.set(region, { url, prices });
        this.problems.delete(region);
        this.failed.delete(url);
        ctx.log.info({ region, version: prices.version, types: Object.keys(prices.prices).length }, 'AWS price list loaded');
      })
      .catch((err: Error) => {
        this.failed.set(url, Date.now());
        const keep = this.loaded.has(region) ? '; keeping the last good prices' : '';
        this.problems.set(region, `AWS price list for ${region} failed: ${err.message}${keep}`);
        ctx.log.warn({ region, err: err.message }, `AWS price list download failed${keep}`);
      })
      .finally(() => {
        if (this.loading.get(region)?.done === done) this.loading.delete(region);
      });
    this.loading.set(region, { url, done });
    return done;
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

async function within(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
