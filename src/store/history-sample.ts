import { STATUSES, type Status, type StoredOffer } from '../domain/offer.js';

// What history keeps of one poll: per series (provider, scope, GPU, region, market) the
// counted free GPUs, offers by status and the cheapest price per GPU-hour. A series belongs
// to one scope, so each poll's sample is complete for it, however a provider splits scopes.

export interface SeriesLabels {
  provider: string;
  scope: string;
  gpu: string;
  region: string;
  market: string;
}

export interface Sample {
  /** Epoch ms, to the second. */
  t: number;
  /** Sum of counted free GPUs; null when no offer of the series gives a count. */
  availableGpus: number | null;
  offers: Record<Status, number>;
  minPricePerGpuHour: number | null;
}

const PARTS = ['provider', 'scope', 'gpu', 'region', 'market'] as const;

export const seriesKey = (l: SeriesLabels) => PARTS.map((p) => encodeURIComponent(l[p])).join('|');

export function parseSeriesKey(key: string): SeriesLabels | undefined {
  const parts = key.split('|');
  if (parts.length !== PARTS.length) return undefined;
  return Object.fromEntries(PARTS.map((p, i) => [p, decodeURIComponent(parts[i]!)])) as unknown as SeriesLabels;
}

export const emptySample = (t: number): Sample => ({
  t,
  availableGpus: 0,
  offers: { available: 0, limited: 0, unavailable: 0, unknown: 0 },
  minPricePerGpuHour: null,
});

/** One sample per series from a scope's offers, as stored (fresh at poll time). */
export function sampleScope(provider: string, scope: string, offers: StoredOffer[], t: number): Map<string, Sample> {
  const out = new Map<string, Sample>();
  const at = Math.floor(t / 1000) * 1000;
  for (const o of offers) {
    const key = seriesKey({ provider, scope, gpu: o.gpu.id, region: o.region, market: o.market });
    let s = out.get(key);
    if (!s) out.set(key, (s = { ...emptySample(at), availableGpus: null }));
    s.offers[o.availability.status]++;
    if (o.availability.availableGpus !== undefined) s.availableGpus = (s.availableGpus ?? 0) + o.availability.availableGpus;
    const p = o.price.perGpuHourUsd;
    if (p !== null && (s.minPricePerGpuHour === null || p < s.minPricePerGpuHour)) s.minPricePerGpuHour = p;
  }
  return out;
}

// Text records, about 30 bytes each: `t(s),avail,available,limited,unavailable,unknown,price`.
export function encodeSample(s: Sample): string {
  const price = s.minPricePerGpuHour === null ? '' : String(Math.round(s.minPricePerGpuHour * 10_000) / 10_000);
  return [Math.floor(s.t / 1000), s.availableGpus ?? '', ...STATUSES.map((st) => s.offers[st]), price].join(',');
}

export function decodeSample(text: string): Sample | undefined {
  const f = text.split(',');
  if (f.length !== 7) return undefined;
  const num = (v: string) => (v === '' ? null : Number(v));
  return {
    t: Number(f[0]) * 1000,
    availableGpus: num(f[1]!),
    offers: Object.fromEntries(STATUSES.map((st, i) => [st, Number(f[2 + i])])) as Record<Status, number>,
    minPricePerGpuHour: num(f[6]!),
  };
}

/** Raw chunks are `;`-terminated records appended in time order. */
export const decodeChunk = (chunk: string | null): Sample[] =>
  (chunk ?? '').split(';').flatMap((r) => {
    const s = r ? decodeSample(r) : undefined;
    return s ? [s] : [];
  });

/**
 * An hourly downsampled record: `n;<last sample>` where the price is the hour's minimum and
 * the rest is the hour's latest sample, so a long range reads one record per hour.
 */
export function mergeHour(prev: string | null | undefined, s: Sample): string {
  const old = prev ? decodeHour(prev) : undefined;
  if (!old) return `1;${encodeSample(s)}`;
  const latest = s.t >= old.sample.t ? s : old.sample;
  const prices = [s.minPricePerGpuHour, old.sample.minPricePerGpuHour].filter((p): p is number => p !== null);
  return `${old.n + 1};${encodeSample({ ...latest, minPricePerGpuHour: prices.length ? Math.min(...prices) : null })}`;
}

export function decodeHour(text: string): { n: number; sample: Sample } | undefined {
  const [n, rest] = text.split(';');
  const sample = rest ? decodeSample(rest) : undefined;
  return sample ? { n: Number(n), sample } : undefined;
}
