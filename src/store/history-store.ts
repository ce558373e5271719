import type { Redis } from 'ioredis';
import type { StoredOffer } from '../domain/offer.js';
import type { Logger } from '../lib/logger.js';
import {
  decodeChunk,
  decodeHour,
  emptySample,
  encodeSample,
  mergeHour,
  parseSeriesKey,
  sampleScope,
  type Sample,
  type SeriesLabels,
} from './history-sample.js';

export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Raw samples are kept this long; older history is hourly. */
export const RAW_KEEP_MS = DAY_MS;
const CHANGED_MIN_SPACING_MS = 1_000;
const PRUNE_EVERY_MS = HOUR_MS;

export interface HistoryOptions {
  retentionDays: number;
  /** An unchanged raw sample closer than this to the series' previous one goes only into the hourly record. @defaultValue 10 s */
  rawMinSpacingMs?: number;
  /** New series beyond this many are not recorded (logged once). @defaultValue 20,000 */
  maxSeries?: number;
  log?: Logger;
}

export interface SeriesSamples {
  key: string;
  labels: SeriesLabels;
  /** In time order; `hourly` ones stand for their hour (latest values, the hour's min price). */
  samples: (Sample & { hourly: boolean })[];
}

// Keys under the deployment prefix (so one Redis Cluster slot, like src/store/keys.ts):
//   history:series                 hash  series → "lastSeenSec,lastRawSec" (listing and pruning)
//   history:scope:<provider|scope> set   the series of the scope's last sample
//   history:raw:<series>:<hourSec> string ';'-terminated records, expiring 24 h after the hour
//   history:hourly:<series>:<daySec> hash hourSec → downsampled record, expiring after retention
// Memory per series: raw ≤ 24 h of records (one per poll when it changed, else one per
// rawMinSpacing), about 30 B each; hourly 24 records a day for the retention. Series that
// stop appearing get one empty sample, then age out of the listing after the retention.
export class HistoryStore {
  readonly retentionMs: number;
  private readonly spacingMs: number;
  private readonly maxSeries: number;
  private lastPrune = 0;
  private warnedFull = false;
  private readonly k;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly opts: HistoryOptions,
  ) {
    this.retentionMs = opts.retentionDays * DAY_MS;
    this.spacingMs = opts.rawMinSpacingMs ?? 10_000;
    this.maxSeries = opts.maxSeries ?? 20_000;
    this.k = {
      series: `${prefix}history:series`,
      scope: (provider: string, scope: string) => `${prefix}history:scope:${encodeURIComponent(provider)}|${encodeURIComponent(scope)}`,
      raw: (series: string, hourMs: number) => `${prefix}history:raw:${series}:${hourMs / 1000}`,
      hourly: (series: string, dayMs: number) => `${prefix}history:hourly:${series}:${dayMs / 1000}`,
    };
  }

  /**
   * One sample per series of the scope, from a successful poll's offers observed at `at`.
   * Never throws: a poll must not fail for its history.
   */
  async record(provider: string, scope: string, offers: StoredOffer[], at: Date, now = Date.now()): Promise<void> {
    try {
      await this.write(provider, scope, offers, at, now);
    } catch (err) {
      this.opts.log?.warn({ provider, scope, err }, 'history sample not recorded');
    }
  }

  private async write(provider: string, scope: string, offers: StoredOffer[], at: Date, now: number): Promise<void> {
    const t = Math.floor(at.getTime() / 1000) * 1000;
    if (t < now - this.retentionMs) return;
    const samples = sampleScope(provider, scope, offers, t);
    const current = new Set(samples.keys());
    const scopeKey = this.k.scope(provider, scope);
    const [prev, count] = await Promise.all([this.redis.smembers(scopeKey), this.redis.hlen(this.k.series)]);
    for (const key of prev) if (!samples.has(key)) samples.set(key, emptySample(t));

    const keys = [...samples.keys()];
    if (!keys.length) return; // an empty scope that was empty before: nothing to say
    const hour = Math.floor(t / HOUR_MS) * HOUR_MS;
    const day = Math.floor(t / DAY_MS) * DAY_MS;
    const read = this.redis.pipeline().hmget(this.k.series, ...keys);
    for (const key of keys) read.hget(this.k.hourly(key, day), String(hour / 1000));
    const res = (await read.exec()) ?? [];
    const registry = (res[0]?.[1] ?? []) as (string | null)[];

    let room = this.maxSeries - count;
    const kept = new Set<string>();
    const m = this.redis.multi();
    keys.forEach((key, i) => {
      const seen = registry[i];
      if (!seen && room-- <= 0) return this.warnFull(key);
      if (current.has(key)) kept.add(key);
      const sample = samples.get(key)!;
      const [seenSec = '0', rawSec = ''] = (seen ?? '').split(',');
      const prevHour = res[i + 1]?.[1] as string | null;
      const last = prevHour ? decodeHour(prevHour)?.sample : undefined;
      // A change is kept at once; an unchanged sample only every spacing, to bound memory.
      const changed = !last || values(last) !== values(sample);
      const gap = rawSec ? t - Number(rawSec) * 1000 : Infinity;
      const raw = t >= now - RAW_KEEP_MS && gap >= (changed ? CHANGED_MIN_SPACING_MS : this.spacingMs);
      if (raw) {
        m.append(this.k.raw(key, hour), `${encodeSample(sample)};`);
        m.pexpireat(this.k.raw(key, hour), hour + HOUR_MS + RAW_KEEP_MS);
      }
      m.hset(this.k.hourly(key, day), String(hour / 1000), mergeHour(prevHour, sample));
      m.pexpireat(this.k.hourly(key, day), day + DAY_MS + this.retentionMs);
      m.hset(this.k.series, key, `${Math.max(Number(seenSec), t / 1000)},${raw ? t / 1000 : rawSec}`);
    });
    m.del(scopeKey);
    if (kept.size) m.sadd(scopeKey, ...kept);
    await m.exec();
    if (now - this.lastPrune > PRUNE_EVERY_MS) await this.prune(now);
  }

  /** Series keys whose labels pass `filter` and that had a sample since `sinceMs`. */
  async listSeries(filter: (l: SeriesLabels) => boolean, sinceMs: number): Promise<string[]> {
    const all = await this.redis.hgetall(this.k.series);
    return Object.entries(all)
      .filter(([key, seen]) => {
        const labels = parseSeriesKey(key);
        return labels !== undefined && Number(seen.split(',')[0]) * 1000 >= sinceMs && filter(labels);
      })
      .map(([key]) => key)
      .sort();
  }

  /** Samples in [fromMs, toMs]: raw for the last 24 h, hourly before. */
  async readSeries(keys: string[], fromMs: number, toMs: number, now = Date.now()): Promise<SeriesSamples[]> {
    const rawSince = now - RAW_KEEP_MS;
    const hours = range(Math.max(fromMs, rawSince), toMs, HOUR_MS);
    const days = fromMs < rawSince ? range(fromMs, Math.min(toMs, rawSince), DAY_MS) : [];
    const p = this.redis.pipeline();
    for (const key of keys) {
      for (const h of hours) p.get(this.k.raw(key, h));
      for (const d of days) p.hgetall(this.k.hourly(key, d));
    }
    const res = (await p.exec()) ?? [];
    let i = 0;
    return keys.map((key) => {
      const samples: SeriesSamples['samples'] = [];
      for (const _ of hours) {
        for (const s of decodeChunk(res[i++]?.[1] as string | null)) {
          if (s.t >= rawSince && s.t >= fromMs && s.t <= toMs) samples.push({ ...s, hourly: false });
        }
      }
      for (const _ of days) {
        for (const record of Object.values((res[i++]?.[1] ?? {}) as Record<string, string>)) {
          const s = decodeHour(record)?.sample;
          if (s && s.t < rawSince && s.t >= fromMs && s.t <= toMs) samples.push({ ...s, hourly: true });
        }
      }
      return { key, labels: parseSeriesKey(key)!, samples: samples.sort((a, b) => a.t - b.t) };
    });
  }

  private async prune(now: number): Promise<void> {
    this.lastPrune = now;
    const all = await this.redis.hgetall(this.k.series);
    const old = Object.entries(all)
      .filter(([, seen]) => Number(seen.split(',')[0]) * 1000 < now - this.retentionMs)
      .map(([key]) => key);
    if (old.length) await this.redis.hdel(this.k.series, ...old);
  }

  private warnFull(key: string): void {
    if (this.warnedFull) return;
    this.warnedFull = true;
    this.opts.log?.warn({ maxSeries: this.maxSeries, series: key }, 'history is full: new series are not recorded');
  }
}

/** A sample's values without its time, to tell a change. */
const values = (s: Sample) => encodeSample({ ...s, t: 0 });

/** Bucket starts (multiples of `size`) covering [from, to]. */
function range(from: number, to: number, size: number): number[] {
  const out: number[] = [];
  for (let b = Math.floor(from / size) * size; b <= to; b += size) out.push(b);
  return out;
}
