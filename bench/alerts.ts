import { Queue } from 'bullmq';
import { loadConfig } from '../config/env.js';
import { createLogger } from '../src/lib/logger.js';
import { newSecret } from '../src/lib/webhooks.js';
import { AlertCreateSchema, ruleFrom } from '../src/services/alerts/rule.js';
import { OfferIndex } from '../src/services/offer-index.js';
import { AlertsStore } from '../src/store/alerts-store.js';
import type { FeedEntry } from '../src/store/index-feed.js';
import { keys } from '../src/store/keys.js';
import { AlertEvaluator } from '../workers/alerts/evaluator.js';
import { ALERTS_QUEUE, enqueuer } from '../src/queues/alerts-queue.js';
import { generateDataset } from './dataset.js';
import { benchRedis, fmt, isMain, percentile, printRows, type ResultRow } from './lib.js';

// DESIGN §8 "alert latency": 10,000 rules on one GPU model over the 50k-offer dataset. Each
// batch flips the H100 capacity of every scope that has some, the way a poll's changes arrive
// (offers already in the index), and is timed until every rule is evaluated, its state and
// outbox written, and its deliveries queued in BullMQ. Rules vary count, geo and price, so
// several rules share a question, as users' rules do.

const RULES = Number(process.env.BENCH_ALERT_RULES ?? 10_000);
const BATCHES = Number(process.env.BENCH_ALERT_BATCHES ?? 8);

export async function benchAlerts(): Promise<ResultRow[]> {
  const { redis, prefix, drop } = await benchRedis('alerts');
  const k = keys(prefix);
  const store = new AlertsStore(redis, k);
  const queue = new Queue(ALERTS_QUEUE, { connection: redis, prefix: k.bull });
  const config = loadConfig({ GPU_RADAR_REDIS_PREFIX: prefix });
  const index = new OfferIndex();
  const data = generateDataset(50_000);
  const now = Date.now();
  const scopes = [...new Set(data.map((d) => `${d.offer.provider}\u0000${d.scope}`))].map((s) => s.split('\u0000') as [string, string]);
  index.replaceAll({
    statuses: scopes.map(([provider, scope]) => ({
      provider,
      scope,
      observedAt: new Date(now).toISOString(),
      lastSuccessAt: new Date(now).toISOString(),
      consecutiveFailures: 0,
      offers: 0,
      unknownGpus: [],
      dropped: 0,
      version: 1,
    })),
    offers: data.map((d) => ({ provider: d.offer.provider, scope: d.scope, offer: d.offer })),
  });
  const h100 = data.filter((d) => d.offer.gpu.model === 'H100');

  const counts = ['1', '2', '4', '8'];
  const geos = [undefined, 'us', 'eu'];
  const prices = [undefined, '2', '3', '4', '5', '6', '8'];
  for (let i = 0; i < RULES; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, RULES - i) }, (_, j) => {
        const n = i + j;
        const geo = geos[n % geos.length];
        const price = prices[Math.floor(n / 3) % prices.length];
        const query = {
          gpu: 'H100',
          count: counts[Math.floor(n / 21) % counts.length]!,
          ...(geo ? { geo } : {}),
          ...(price ? { maxPricePerGpuHour: price } : {}),
        };
        return store.create(
          ruleFrom(AlertCreateSchema.parse({ query, url: 'https://hooks.example.com/bench' }), `al_bench${n}`, now),
          newSecret(),
        );
      }),
    );
  }
  const evaluator = new AlertEvaluator(store, index, config, enqueuer(queue), createLogger('silent'), { tickMs: 3_600_000 });
  await evaluator.start();

  const times: number[] = [];
  const queued: number[] = [];
  try {
    for (let b = 0; b < BATCHES; b++) {
      const status = b % 2 === 0 ? 'unavailable' : 'available';
      const batch: FeedEntry[] = h100.map((d, i) => ({
        id: `${now}-${i}`,
        fields: [],
        event: {
          type: 'upsert',
          provider: d.offer.provider,
          scope: d.scope,
          offer: { ...d.offer, availability: { ...d.offer.availability, status } },
        },
      }));
      for (const e of batch) index.apply(e.event!);
      const before = await store.outboxIds().then((ids) => ids.length);
      const t0 = performance.now();
      evaluator.onBatch(batch);
      await evaluator.evaluate([]);
      times.push(performance.now() - t0);
      queued.push((await store.outboxIds()).length - before);
    }
  } finally {
    await evaluator.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await drop();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  const distinct = new Set(Array.from({ length: RULES }, (_, n) => `${n % 3}:${Math.floor(n / 3) % 7}:${Math.floor(n / 21) % 4}`)).size;
  return [
    {
      what:
        `change batch → ${fmt(RULES, 0)} rules evaluated, deliveries queued ` +
        `(p99 of ${BATCHES} batches; ${h100.length} H100 offers changed, ${distinct} distinct questions)`,
      figure: `${fmt(p99)} ms`,
      target: '≤ 1,000 ms',
      ok: p99 <= 1_000,
    },
    { what: 'same, p50', figure: `${fmt(percentile(sorted, 50))} ms`, target: '' },
    {
      what: 'deliveries queued per batch (median)',
      figure: fmt([...queued].sort((a, b) => a - b)[Math.floor(queued.length / 2)] ?? 0, 0),
      target: '',
    },
  ];
}

if (isMain(import.meta.url)) {
  printRows('Alerts', await benchAlerts());
  process.exit(0);
}
