import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.js';
import { AdapterError } from '../../src/lib/adapter-error.js';
import { MAX_OFFER_SERIES, METRIC_LABELS, MetricsService } from '../../src/services/metrics.js';
import { OfferIndex } from '../../src/services/offer-index.js';
import { OffersStore } from '../../src/store/offers-store.js';
import { queueDepthReader } from '../../src/queues/queue-depths.js';
import { pollQueueName } from '../../src/queues/poll-queue.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { makeOffer, scopeStatus } from '../helpers/offers.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

// The Prometheus text format (0.0.4), strictly: every line is a comment or a sample.
function parseProm(text: string): { types: Map<string, string>; samples: PromSample[] } {
  const types = new Map<string, string>();
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('# HELP ')) continue;
    const type = /^# TYPE ([a-zA-Z_:][\w:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    const raw = m[2] ?? '';
    const pairs = [...raw.matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)];
    if (pairs.map((p) => p[0]).join(',') !== raw) throw new Error(`bad labels: ${line}`);
    for (const p of pairs) labels[p[1]!] = p[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    // Prometheus parses values with Go's ParseFloat: NaN and Inf in any case.
    const v = m[3]!;
    const value = /^nan$/i.test(v) ? NaN : /^[+-]?inf$/i.test(v) ? (v.startsWith('-') ? -Infinity : Infinity) : Number(v);
    if (Number.isNaN(value) && !/^nan$/i.test(v)) throw new Error(`bad value: ${line}`);
    samples.push({ name: m[1]!, labels, value });
  }
  return { types, samples };
}

const counted = (n: number) => ({
  status: 'available' as const,
  signal: 'count' as const,
  source: 'vastai.bundles.rentable',
  availableGpus: n,
});

describe('/metrics', () => {
  let t: TestRedis;
  let api: TestApi;
  let text: string;
  const find = (samples: PromSample[], name: string, labels: Record<string, string>) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

  beforeAll(async () => {
    t = await testRedis();
    const store = new OffersStore(t.redis, t.k);
    const observedAt = new Date();
    await store.apply(
      'lambda',
      'all',
      [makeOffer({ region: 'us-east-1' }), makeOffer({ region: 'us-west-1', availability: { status: 'unavailable' } })],
      { observedAt, unknownGpus: [], durationMs: 250 },
    );
    await store.apply(
      'vastai',
      'H100',
      [makeOffer({ provider: 'vastai', region: 'us-ca', instanceType: 'm1', perHourUsd: 20, availability: counted(8) })],
      { observedAt, unknownGpus: [], durationMs: 1200 },
    );
    await store.recordFailure('lambda', 'all', new AdapterError('timeout', 'lambda GET /api/v1/instance-types: timed out after 15000 ms'), {
      durationMs: 1500,
    });
    api = await testApi(
      t,
      { GPU_RADAR_PROVIDERS: 'lambda' },
      { queueDepths: async () => ({ lambda: { waiting: 2, active: 1, delayed: 0, failed: 0, prioritized: 0 } }) },
    );
    text = await eventually(async () => {
      const res = await api.app.inject({ url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/gpu_radar_poll_errors_total\{provider="lambda",kind="timeout"\} 1/);
      return res.body;
    });
  });
  afterAll(async () => {
    await api?.close();
    await t?.cleanup();
  });

  it('parses as Prometheus text, every gpu-radar series with exactly the documented labels', async () => {
    const res = await api.app.inject({ url: '/metrics' });
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parseProm(text);
    for (const name of Object.keys(METRIC_LABELS)) expect(types.has(name), name).toBe(true);
    const ours = samples.filter((s) => s.name.startsWith('gpu_radar_'));
    expect(ours.length).toBeGreaterThan(20);
    for (const s of ours) {
      expect(Object.keys(METRIC_LABELS), s.name).toContain(s.name);
      expect(Object.keys(s.labels).sort(), s.name).toEqual([...METRIC_LABELS[s.name as keyof typeof METRIC_LABELS]].sort());
    }
    expect(types.get('gpu_radar_polls_total')).toBe('counter');
    expect(types.get('gpu_radar_offers')).toBe('gauge');
    expect(samples.some((s) => s.name === 'process_cpu_seconds_total')).toBe(true);
  });

  it('exports the market, the freshness and the polls as they are', async () => {
    const { samples } = parseProm(text);
    const one = (name: string, labels: Record<string, string>) => {
      const hits = find(samples, name, labels);
      expect(hits, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
      return hits[0]!.value;
    };
    const east = { gpu: 'H100-SXM', provider: 'lambda', region: 'us-east-1', market: 'on-demand' };
    expect(one('gpu_radar_offers', { ...east, status: 'available' })).toBe(1);
    expect(one('gpu_radar_offers', { ...east, status: 'unavailable' })).toBe(0);
    expect(one('gpu_radar_min_price_per_gpu_hour_usd', east)).toBe(4.49);
    expect(find(samples, 'gpu_radar_available_gpus', east)).toEqual([]); // yes/no evidence counts nothing
    expect(one('gpu_radar_available_gpus', { provider: 'vastai', region: 'us-ca' })).toBe(8);
    expect(one('gpu_radar_polls_total', { provider: 'lambda', outcome: 'ok' })).toBe(1);
    expect(one('gpu_radar_polls_total', { provider: 'lambda', outcome: 'error' })).toBe(1);
    expect(one('gpu_radar_poll_errors_total', { provider: 'lambda', kind: 'timeout' })).toBe(1);
    expect(one('gpu_radar_poll_duration_seconds_total', { provider: 'lambda' })).toBe(1.75);
    expect(one('gpu_radar_poll_last_duration_seconds', { provider: 'vastai', scope: 'H100' })).toBe(1.2);
    expect(one('gpu_radar_scope_consecutive_failures', { provider: 'lambda', scope: 'all' })).toBe(1);
    expect(one('gpu_radar_scope_stale', { provider: 'lambda', scope: 'all' })).toBe(0);
    const age = one('gpu_radar_data_age_seconds', { provider: 'lambda', scope: 'all' });
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
    expect(one('gpu_radar_index_offers', {})).toBe(3);
    expect(one('gpu_radar_provider_enabled', { provider: 'lambda' })).toBe(1);
    expect(one('gpu_radar_queue_jobs', { provider: 'lambda', state: 'waiting' })).toBe(2);
  });

  it('reads poll queue depths from the queues BullMQ keeps', async () => {
    const queue = new Queue(pollQueueName('lambda'), { connection: t.redis, prefix: t.k.bull });
    await queue.add('poll', { provider: 'lambda', scope: 'all' });
    await queue.add('poll', { provider: 'lambda', scope: 'all' }, { delay: 60_000 });
    await queue.add('poll', { provider: 'lambda', scope: 'all' }, { priority: 3 });
    const depths = await queueDepthReader(t.redis, t.k.bull)();
    await queue.close();
    expect(depths.lambda).toEqual({ waiting: 1, paused: 0, active: 0, delayed: 1, prioritized: 1, failed: 0 });
  });

  it('gives each market its own count, so a machine listed in two markets is counted once in each', async () => {
    const index = new OfferIndex();
    const machine = (instanceType: string, market: 'on-demand' | 'interruptible', free: number) =>
      makeOffer({
        provider: 'vastai',
        region: 'us-ca',
        gpu: 'RTX4090',
        count: free,
        instanceType,
        market,
        perHourUsd: 1,
        availability: counted(free),
      });
    const offers = [
      machine('machine-9-4x', 'on-demand', 4),
      machine('machine-9-4x', 'interruptible', 4),
      machine('machine-10-2x', 'on-demand', 2),
    ];
    index.replaceAll({
      statuses: [scopeStatus('vastai', 'RTX4090', Date.now(), 0)],
      offers: offers.map((offer) => ({ provider: 'vastai', scope: 'RTX4090', offer })),
    });
    const { samples } = parseProm(await new MetricsService(index, loadConfig({})).render());
    const gauge = samples.filter((s) => s.name === 'gpu_radar_available_gpus').map((s) => [s.labels.market, s.value]);
    expect(gauge.sort()).toEqual([
      ['interruptible', 4],
      ['on-demand', 6],
    ]);
  });

  it('keeps cardinality bounded: past the cap, regions fold into region="_other"', async () => {
    const index = new OfferIndex();
    const regions = MAX_OFFER_SERIES + 50;
    index.replaceAll({
      statuses: [scopeStatus('vastai', 'H100', Date.now(), 0)],
      offers: Array.from({ length: regions }, (_, i) => ({
        provider: 'vastai',
        scope: 'H100',
        offer: makeOffer({ provider: 'vastai', region: `r-${i}`, instanceType: 'm', perHourUsd: 8 + i / 1000, availability: counted(1) }),
      })),
    });
    const { samples } = parseProm(await new MetricsService(index, loadConfig({})).render());
    const available = samples.filter((s) => s.name === 'gpu_radar_available_gpus');
    expect(available).toHaveLength(MAX_OFFER_SERIES + 1);
    expect(find(samples, 'gpu_radar_available_gpus', { region: '_other' })[0]!.value).toBe(50);
  });
});
