import autocannon from 'autocannon';
import { loadConfig } from '../config/env.js';
import { CapacityQuerySchema } from '../src/schemas/capacity-query.js';
import { mintKey } from '../src/services/auth/api-keys.js';
import { findCapacity } from '../src/services/capacity.js';
import { OfferIndex } from '../src/services/offer-index.js';
import { ApiKeysStore } from '../src/store/api-keys-store.js';
import { emptyStatus } from '../src/domain/scope-status.js';
import { keys } from '../src/store/keys.js';
import { OffersStore } from '../src/store/offers-store.js';
import { byScope, generateDataset, loadDataset, type DatasetOffer } from './dataset.js';
import { benchRedis, fmt, isMain, percentile, printRows, REDIS_URL, type ResultRow } from './lib.js';
import { startGpuRadar, startProcess, type Service } from './service.js';

// Load on the API beside the same load on a bare Fastify hello-world, in the same run, each in
// its own process; plus the cost of computing an answer when nothing is cached (after a change).

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 10;
const CAPACITY = '/v1/capacity?gpu=H100&count=8';
const SUMMARY = '/v1/summary?groupBy=gpu,provider,region';

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<Load> {
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 2 }); // warm-up: JIT, caches
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** findCapacity with no cache, as after every change: p50/p99 over repeated runs, in ms. */
function computeCost(data: DatasetOffer[]): { p50: number; p99: number } {
  const index = new OfferIndex();
  const now = Date.now();
  const statuses = [...byScope(data).values()].map((g) => ({
    ...emptyStatus(g.provider, g.scope),
    observedAt: new Date(now).toISOString(),
  }));
  index.replaceAll({ statuses, offers: data.map(({ scope, offer }) => ({ provider: offer.provider, scope, offer })) });
  const config = loadConfig({});
  const q = CapacityQuerySchema.parse({ gpu: 'H100', count: '8' });
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    JSON.stringify(findCapacity(q, index, config, Date.now()));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

export async function benchQuery(n = 50_000): Promise<ResultRow[]> {
  const data = generateDataset(n);
  const { redis, prefix, drop } = await benchRedis('query');
  const services: Service[] = [];
  try {
    await loadDataset(new OffersStore(redis, keys(prefix)), data);
    const api = await startGpuRadar('serve', { REDIS_URL, GPU_RADAR_REDIS_PREFIX: prefix });
    services.push(api);
    const hello = await startProcess(process.execPath, ['bench/hello-server.mjs'], {}, '/healthz');
    services.push(hello);
    const first = (await (await fetch(`${api.url}${CAPACITY}`)).json()) as { total: number };
    if (!first.total) throw new Error('the API answered no placements: dataset not loaded?');

    const base = await load(`${hello.url}/`);
    const cap = await load(`${api.url}${CAPACITY}`);
    const ratio = cap.rps / base.rps;
    const rows: ResultRow[] = [
      {
        what: 'bare Fastify hello-world (baseline, same run)',
        figure: `${fmt(base.rps, 0)} req/s, p50 ${base.p50} ms, p99 ${base.p99} ms`,
        target: '',
      },
      {
        what: `GET ${CAPACITY} at ${fmt(n, 0)} offers, p99`,
        figure: `${cap.p99} ms (p50 ${cap.p50} ms; ${first.total} placements)`,
        target: '≤ 5 ms',
        ok: cap.p99 <= 5 && cap.errors === 0,
      },
      {
        what: `GET ${CAPACITY}, throughput vs hello-world`,
        figure: `${fmt(cap.rps, 0)} req/s = ${fmt(ratio * 100, 0)} %`,
        target: '≥ 50 %',
        ok: ratio >= 0.5,
      },
    ];
    // The same query through a replica with API keys on: a key checked on every request.
    const { record, token } = mintKey('bench', ['read'], 1_000_000_000); // far above the load: the check, not the limit, is measured
    await new ApiKeysStore(redis, keys(prefix)).create(record);
    const guarded = await startGpuRadar('serve', { REDIS_URL, GPU_RADAR_REDIS_PREFIX: prefix, GPU_RADAR_AUTH: 'keys' });
    services.push(guarded);
    const keyed = await load(`${guarded.url}${CAPACITY}`, { authorization: `Bearer ${token}` });
    rows.push({
      what: `same, with GPU_RADAR_AUTH=keys (a bearer key checked per request)`,
      figure:
        `${fmt(keyed.rps, 0)} req/s = ${fmt((keyed.rps / base.rps) * 100, 0)} % of hello-world, ` +
        `p99 ${keyed.p99} ms${keyed.errors ? `, ${keyed.errors} errors` : ''}`,
      target: '',
    });

    const compute = computeCost(data);
    rows.push({
      what: `capacity answer computed without cache (after a change), ${fmt(n, 0)} offers`,
      figure: `p50 ${fmt(compute.p50, 2)} ms, p99 ${fmt(compute.p99, 2)} ms`,
      target: '',
    });

    if ((await fetch(`${api.url}${SUMMARY}`)).ok) {
      const sum = await load(`${api.url}${SUMMARY}`);
      rows.push({
        what: `GET ${SUMMARY} at ${fmt(n, 0)} offers, p99`,
        figure: `${sum.p99} ms (p50 ${sum.p50} ms, ${fmt(sum.rps, 0)} req/s)`,
        target: '≤ 10 ms',
        ok: sum.p99 <= 10 && sum.errors === 0,
      });
    }
    return rows;
  } finally {
    for (const s of services) await s.stop();
    await drop();
  }
}

if (isMain(import.meta.url)) printRows('query', await benchQuery(Number(process.argv[2] ?? 50_000)));
