import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Config } from '../../config/env.js';
import { STATUSES, type Status } from '../domain/offer.js';
import { FreshnessJudge, servedStatus } from './freshness-judge.js';
import type { OfferIndex } from './offer-index.js';
import { timingFor } from './provider-status.js';
import { isStale } from './freshness.js';

/** Jobs per state of each provider's poll queue. */
export type QueueDepths = () => Promise<Record<string, Record<string, number>>>;

/**
 * Every gpu-radar metric and its labels (README.md documents them; the tests hold /metrics to
 * this). Cardinality stays low: `gpu` is the canonical table (about 25 ids), `market` 4 values,
 * `status` 4, `kind` 7, `scope` the provider's poll scopes (regions at most); `region` only
 * where offers exist, capped at MAX_OFFER_SERIES label sets per metric (the rest fold into
 * region="_other"). Never instance types, zones or machine ids.
 */
export const METRIC_LABELS = {
  gpu_radar_available_gpus: ['gpu', 'provider', 'region', 'market'],
  gpu_radar_offers: ['gpu', 'provider', 'region', 'market', 'status'],
  gpu_radar_min_price_per_gpu_hour_usd: ['gpu', 'provider', 'region', 'market'],
  gpu_radar_data_age_seconds: ['provider', 'scope'],
  gpu_radar_scope_stale: ['provider', 'scope'],
  gpu_radar_scope_consecutive_failures: ['provider', 'scope'],
  gpu_radar_poll_last_duration_seconds: ['provider', 'scope'],
  gpu_radar_polls_total: ['provider', 'outcome'],
  gpu_radar_poll_errors_total: ['provider', 'kind'],
  gpu_radar_poll_duration_seconds_total: ['provider'],
  gpu_radar_provider_enabled: ['provider'],
  gpu_radar_index_offers: [],
  gpu_radar_queue_jobs: ['provider', 'state'],
} as const satisfies Record<string, readonly string[]>;
type Name = keyof typeof METRIC_LABELS;

export const MAX_OFFER_SERIES = 5_000;

const HELP: Record<Name, string> = {
  gpu_radar_available_gpus:
    'Counted free GPUs per market (count signals only; absent where no offer counts); a machine listed in several markets is in each',
  gpu_radar_offers: 'Offers by served status (expired evidence is unknown)',
  gpu_radar_min_price_per_gpu_hour_usd: 'Cheapest listed price per GPU-hour, whatever the status',
  gpu_radar_data_age_seconds: 'Seconds since the scope was last observed successfully',
  gpu_radar_scope_stale: '1 when the scope data is older than its provider staleAfter',
  gpu_radar_scope_consecutive_failures: 'Failed polls since the last success',
  gpu_radar_poll_last_duration_seconds: 'How long the provider took to answer the last poll',
  gpu_radar_polls_total: 'Poll attempts by outcome (ok, error)',
  gpu_radar_poll_errors_total: 'Failed polls by error kind',
  gpu_radar_poll_duration_seconds_total: 'Seconds spent waiting for the provider, summed over polls (divide by polls_total for the mean)',
  gpu_radar_provider_enabled: '1 when the provider is configured and polled',
  gpu_radar_index_offers: 'Offers in this API process index',
  gpu_radar_queue_jobs: 'Poll jobs per queue state',
};

const COUNTERS = new Set<Name>(['gpu_radar_polls_total', 'gpu_radar_poll_errors_total', 'gpu_radar_poll_duration_seconds_total']);

interface Cell {
  labels: Record<string, string>;
  counted: number | null;
  offers: Record<Status, number>;
  minPrice: number | null;
}

// Metrics are computed from the in-memory index at scrape time. Poll counters come from the
// scope statuses (cumulative in Redis), so every API replica exports the same values.
export class MetricsService {
  readonly registry = new Registry();
  private readonly m = {} as Record<Name, Gauge | Counter>;

  constructor(
    private readonly index: OfferIndex,
    private readonly config: Config,
    private readonly queueDepths?: QueueDepths,
  ) {
    for (const [name, labelNames] of Object.entries(METRIC_LABELS) as [Name, readonly string[]][]) {
      const opts = { name, help: HELP[name], labelNames: [...labelNames], registers: [this.registry] };
      this.m[name] = COUNTERS.has(name) ? new Counter(opts) : new Gauge(opts);
    }
    collectDefaultMetrics({ register: this.registry });
  }

  async render(now = Date.now()): Promise<string> {
    const depths = await this.queueDepths?.().catch(() => undefined);
    for (const metric of Object.values(this.m)) metric.reset();
    this.offers(now);
    this.scopes(now);
    for (const [provider, p] of Object.entries(this.config.providers))
      this.set('gpu_radar_provider_enabled', { provider }, p.enabled ? 1 : 0);
    this.set('gpu_radar_index_offers', {}, this.index.size);
    for (const [provider, states] of Object.entries(depths ?? {}))
      for (const [state, n] of Object.entries(states)) this.set('gpu_radar_queue_jobs', { provider, state }, n);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private offers(now: number): void {
    const judge = new FreshnessJudge(this.index, this.config, now);
    const cells = new Map<string, Cell>();
    for (const e of this.index.all()) {
      const o = e.offer;
      let key = `${o.gpu.id}\u0000${o.provider}\u0000${o.region}\u0000${o.market}`;
      let cell = cells.get(key);
      if (!cell && cells.size >= MAX_OFFER_SERIES) {
        key = `${o.gpu.id}\u0000${o.provider}\u0000_other\u0000${o.market}`;
        cell = cells.get(key);
      }
      if (!cell) {
        const region = key.split('\u0000')[2]!;
        cells.set(
          key,
          (cell = {
            labels: { gpu: o.gpu.id, provider: o.provider, region, market: o.market },
            counted: null,
            offers: { available: 0, limited: 0, unavailable: 0, unknown: 0 },
            minPrice: null,
          }),
        );
      }
      const status = servedStatus(o, judge.judge(e));
      cell.offers[status]++;
      if (o.availability.availableGpus !== undefined && status !== 'unknown')
        cell.counted = (cell.counted ?? 0) + o.availability.availableGpus;
      const p = o.price.perGpuHourUsd;
      if (p !== null && (cell.minPrice === null || p < cell.minPrice)) cell.minPrice = p;
    }
    for (const c of cells.values()) {
      if (c.counted !== null) this.set('gpu_radar_available_gpus', c.labels, c.counted);
      for (const status of STATUSES) this.set('gpu_radar_offers', { ...c.labels, status }, c.offers[status]);
      if (c.minPrice !== null) this.set('gpu_radar_min_price_per_gpu_hour_usd', c.labels, c.minPrice);
    }
  }

  private scopes(now: number): void {
    for (const s of this.index.scopeStatuses()) {
      const labels = { provider: s.provider, scope: s.scope };
      if (s.observedAt) this.set('gpu_radar_data_age_seconds', labels, Math.max(0, (now - Date.parse(s.observedAt)) / 1000));
      this.set('gpu_radar_scope_stale', labels, isStale(s, timingFor(this.config, s.provider), now) ? 1 : 0);
      this.set('gpu_radar_scope_consecutive_failures', labels, s.consecutiveFailures);
      const p = s.polls;
      if (!p) continue;
      if (p.lastDurationMs !== undefined) this.set('gpu_radar_poll_last_duration_seconds', labels, p.lastDurationMs / 1000);
      this.add('gpu_radar_polls_total', { provider: s.provider, outcome: 'ok' }, p.ok);
      this.add('gpu_radar_polls_total', { provider: s.provider, outcome: 'error' }, p.failed);
      for (const [kind, n] of Object.entries(p.errors)) this.add('gpu_radar_poll_errors_total', { provider: s.provider, kind }, n);
      this.add('gpu_radar_poll_duration_seconds_total', { provider: s.provider }, p.durationMsTotal / 1000);
    }
  }

  private set(name: Name, labels: Record<string, string>, value: number): void {
    (this.m[name] as Gauge).set(labels, value);
  }

  // Counters are rebuilt from stored totals, summed over a provider's scopes.
  private add(name: Name, labels: Record<string, string>, value: number): void {
    (this.m[name] as Counter).inc(labels, value);
  }
}
