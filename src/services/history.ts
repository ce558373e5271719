import picomatch from 'picomatch';
import { gpuIdsForQuery } from '../domain/gpu-models.js';
import { STATUSES, type Status } from '../domain/offer.js';
import { ServiceError } from './errors.js';
import type { HistoryQuery, TimeRef } from '../schemas/history-query.js';
import { seriesKey, type Sample, type SeriesLabels } from '../store/history-sample.js';
import type { SeriesSamples } from '../store/history-store.js';
import { SharedGpuTally } from './shared-gpus.js';

/** Where samples come from (src/store/history-store.ts); routes never see Redis. */
export interface HistorySource {
  readonly retentionMs: number;
  listSeries(filter: (l: SeriesLabels) => boolean, sinceMs: number): Promise<string[]>;
  readSeries(keys: string[], fromMs: number, toMs: number, now?: number): Promise<SeriesSamples[]>;
}

export interface HistoryPoint {
  t: string;
  /** Counted free GPUs over the series that count, a machine's once across markets; null when none does. */
  availableGpus: number | null;
  offers: Record<Status, number> | null;
  minPricePerGpuHour: number | null;
  /** How many series had a sample to give at this point; 0 is a gap (no successful poll). */
  series: number;
}

export interface HistoryAnswer {
  query: Omit<HistoryQuery, 'from' | 'to' | 'step'> & { from: string; to: string; stepSeconds: number };
  series: number;
  /** Points before `rawSince` come from hourly records (latest values, the hour's min price). */
  rawSince: string;
  points: HistoryPoint[];
  generatedAt: string;
}

const MAX_POINTS = 1_500;
const MAX_SERIES = 2_000;
const RAW_LOOKBACK_MS = 5 * 60_000;
const HOURLY_LOOKBACK_MS = 65 * 60_000;
const NICE_STEPS_S = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

// Each point is the market's state at its time t: per series the latest sample at or before
// t (if not older than the lookback, so failed polls show as gaps), summed over series.
export async function queryHistory(q: HistoryQuery, source: HistorySource, now = Date.now()): Promise<HistoryAnswer> {
  const to = Math.min(resolve(q.to, now) ?? now, now);
  const from = Math.max(resolve(q.from, now) ?? to - 86_400_000, now - source.retentionMs);
  if (from >= to)
    throw new ServiceError(
      'invalid',
      `from: must be before to (and within the ${Math.round(source.retentionMs / 86_400_000)}-day retention)`,
    );
  const step = q.step ?? niceStep((to - from) / 200);
  const count = Math.floor((to - from) / step) + 1;
  if (count > MAX_POINTS)
    throw new ServiceError(
      'invalid',
      `step: ${count} points asked; at most ${MAX_POINTS}, so use a step of at least ${Math.ceil((to - from) / (MAX_POINTS - 1) / 1000)}s`,
    );

  const lookback = Math.max(step, HOURLY_LOOKBACK_MS);
  const keys = await source.listSeries(seriesFilter(q), from - lookback);
  if (keys.length > MAX_SERIES)
    throw new ServiceError('invalid', `${keys.length} series match; at most ${MAX_SERIES}: narrow gpu, provider, region or market`);
  const data = await source.readSeries(keys, from - lookback, to, now);

  // A series is one market's machines, so the rule that counts a machine once across its
  // markets applies per series group: the largest market's count per (provider, scope, gpu,
  // region). Exact when one market lists every machine of the group, as Vast's on-demand does.
  const group = data.map((d) => seriesKey({ ...d.labels, market: '' }));
  const points: HistoryPoint[] = [];
  const cursor = data.map(() => 0);
  for (let i = 0; i < count; i++) {
    const t = from + i * step;
    const point: HistoryPoint = { t: new Date(t).toISOString(), availableGpus: null, offers: null, minPricePerGpuHour: null, series: 0 };
    let gpus: SharedGpuTally | undefined;
    data.forEach((d, j) => {
      const s = latest(d.samples, cursor, j, t);
      if (!s || t - s.t > Math.max(step, s.hourly ? HOURLY_LOOKBACK_MS : RAW_LOOKBACK_MS)) return;
      add(point, s);
      if (s.availableGpus !== null) (gpus ??= new SharedGpuTally()).add(group[j]!, s.availableGpus);
    });
    if (gpus) point.availableGpus = gpus.total;
    points.push(point);
  }
  const { from: _f, to: _t, step: _s, ...filters } = q;
  return {
    query: { ...filters, from: new Date(from).toISOString(), to: new Date(to).toISOString(), stepSeconds: step / 1000 },
    series: keys.length,
    rawSince: new Date(now - 86_400_000).toISOString(),
    points,
    generatedAt: new Date(now).toISOString(),
  };
}

const resolve = (ref: TimeRef | undefined, now: number) => (ref === undefined ? undefined : 'at' in ref ? ref.at : now - ref.ago);

function niceStep(ms: number): number {
  return (NICE_STEPS_S.find((s) => s * 1000 >= ms) ?? NICE_STEPS_S.at(-1)!) * 1000;
}

function seriesFilter(q: HistoryQuery): (l: SeriesLabels) => boolean {
  const gpus = q.gpu ? new Set(gpuIdsForQuery(q.gpu)) : undefined;
  const providers = q.provider ? new Set<string>(q.provider) : undefined;
  const markets = q.market ? new Set<string>(q.market) : undefined;
  const region = q.region ? picomatch(q.region, { nocase: true }) : undefined;
  return (l) =>
    (!gpus || gpus.has(l.gpu)) &&
    (!providers || providers.has(l.provider)) &&
    (!markets || markets.has(l.market)) &&
    (!region || region(l.region));
}

// Points move forward in time, so each series' cursor only moves forward too.
function latest(samples: SeriesSamples['samples'], cursor: number[], j: number, t: number): (Sample & { hourly: boolean }) | undefined {
  let c = cursor[j]!;
  while (c + 1 < samples.length && samples[c + 1]!.t <= t) c++;
  cursor[j] = c;
  const s = samples[c];
  return s && s.t <= t ? s : undefined;
}

function add(p: HistoryPoint, s: Sample): void {
  p.series++;
  p.offers ??= { available: 0, limited: 0, unavailable: 0, unknown: 0 };
  for (const st of STATUSES) p.offers[st] += s.offers[st];
  if (s.minPricePerGpuHour !== null && (p.minPricePerGpuHour === null || s.minPricePerGpuHour < p.minPricePerGpuHour))
    p.minPricePerGpuHour = s.minPricePerGpuHour;
}
