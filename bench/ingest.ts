import { execFileSync } from 'node:child_process';
import { createLambdaAdapter } from '../adapters/lambda/index.js';
import { lambdaInstanceTypesResponseSchema, lambdaRegionsResponseSchema, type LambdaRaw } from '../adapters/lambda/schema.js';
import { loadConfig } from '../config/env.js';
import { keys } from '../src/store/keys.js';
import { OffersStore } from '../src/store/offers-store.js';
import { benchRedis, fmt, isMain, printRows, REDIS_URL, type ResultRow } from './lib.js';

// parse + normalize + diff + validate + store of one 50,000-offer answer, as a poll worker does,
// beside redis-benchmark's pipelined SET rate on the same Redis in the same run.

const REGIONS = 20;
const ROUNDS = 5;

/** A Lambda answer (wire format) that normalizes to `n` offers: n/20 instance types × 20 regions. */
function lambdaAnswer(n: number, flip: (type: number, region: number) => boolean): string[] {
  const regions = Array.from({ length: REGIONS }, (_, r) => ({ name: `us-east-${r + 1}`, description: 'Virginia, USA' }));
  const data: Record<string, unknown> = {};
  for (let t = 0; t < n / REGIONS; t++) {
    const name = `gpu_8x_h100_sxm5_v${t}`;
    data[name] = {
      instance_type: {
        name,
        description: '8x H100 (80 GB SXM5)',
        gpu_description: 'H100 (80 GB SXM5)',
        price_cents_per_hour: 3592,
        specs: { vcpus: 208, memory_gib: 1800, storage_gib: 24780, gpus: 8 },
      },
      regions_with_capacity_available: regions.filter((_, r) => (r % 2 === 0) !== flip(t, r)),
    };
  }
  return [JSON.stringify({ data }), JSON.stringify({ data: regions })];
}

export async function benchIngest(n = 50_000): Promise<ResultRow[]> {
  const cfg = loadConfig({ LAMBDA_API_KEY: 'bench' }).providers.lambda;
  const adapter = createLambdaAdapter(cfg);
  const { redis, prefix, drop } = await benchRedis('ingest');
  const store = new OffersStore(redis, keys(prefix));
  const answers = {
    base: lambdaAnswer(n, () => false),
    // Every 10th offer changes its availability: 10 % of the snapshot.
    changed: lambdaAnswer(n, (t, r) => (t * REGIONS + r) % 10 === 0),
  };

  const ingest = async (store: OffersStore, [types, regions]: string[]) => {
    const raw: LambdaRaw = {
      instanceTypes: lambdaInstanceTypesResponseSchema.parse(JSON.parse(types!)),
      regions: lambdaRegionsResponseSchema.parse(JSON.parse(regions!)),
    };
    const { offers, unknownGpus } = adapter.normalize(raw, 'all');
    const res = await store.apply('lambda', 'all', offers, { observedAt: new Date(), unknownGpus });
    if (offers.length !== n || res.invalid) throw new Error(`expected ${n} valid offers, got ${offers.length} (${res.firstInvalid})`);
    return res;
  };
  const rate = async (label: string, answer: () => string[], fresh = false) => {
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const s = fresh ? new OffersStore(redis, keys(prefix)) : store;
      const a = answer();
      const t0 = performance.now();
      const res = await ingest(s, a);
      times.push(performance.now() - t0);
      if (label.includes('unchanged') && res.upserts + res.removes !== 0) throw new Error('unchanged answer wrote offers');
    }
    times.sort((a, b) => a - b);
    return n / (times[Math.floor(times.length / 2)]! / 1000);
  };

  try {
    await ingest(store, answers.base);
    const unchanged = await rate('unchanged', () => answers.base);
    const unchangedCold = await rate('unchanged, fresh worker', () => answers.base, true);
    let toggle = false;
    const changed = await rate('10% changed', () => ((toggle = !toggle) ? answers.changed : answers.base));
    const baseline = redisBenchmarkSetRate(`${prefix}redis-benchmark`);
    const ratio = (x: number) => (baseline ? ` (${fmt(x / baseline, 2)} × redis-benchmark SET -P 64: ${fmt(baseline, 0)}/s)` : '');
    return [
      {
        what: `ingest ${fmt(n, 0)} offers, unchanged`,
        figure: `${fmt(unchanged, 0)} offers/s${ratio(unchanged)}`,
        target: '≥ 50,000/s',
        ok: unchanged >= 50_000,
      },
      {
        what: `ingest ${fmt(n, 0)} offers, unchanged, worker just started (no snapshot cache)`,
        figure: `${fmt(unchangedCold, 0)} offers/s${ratio(unchangedCold)}`,
        target: '',
      },
      {
        what: `ingest ${fmt(n, 0)} offers, 10 % changed`,
        figure: `${fmt(changed, 0)} offers/s${ratio(changed)}`,
        target: '≥ 20,000/s',
        ok: changed >= 20_000,
      },
    ];
  } finally {
    await drop();
  }
}

/**
 * Pipelined SETs per second on the same Redis, as redis-benchmark measures them: values the
 * size of an offer, under this run's prefix so that cleaning up touches nothing else.
 */
function redisBenchmarkSetRate(key: string): number | undefined {
  try {
    const url = new URL(REDIS_URL);
    const args = ['-h', url.hostname, '-p', url.port || '6379', '-n', '500000', '-P', '64', '-q', 'SET', key, 'x'.repeat(450)];
    const out = execFileSync('redis-benchmark', args, { encoding: 'utf8' });
    const m = /([\d.]+) requests per second/.exec(out);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

if (isMain(import.meta.url)) printRows('ingest', await benchIngest(Number(process.argv[2] ?? 50_000)));
