import { startLambdaFake } from '../adapters/lambda/fake/index.js';
import { benchRedis, fmt, isMain, percentile, printRows, type ResultRow } from './lib.js';
import { lambdaFakeEnv, startGpuRadar } from './service.js';

// From "the poll that saw a change returned" to "GET /v1/capacity shows it": the fake flips one
// region's H100 capacity, gpu-radar (API + workers, its own process) polls it, and this script
// watches the API. The poll's return is when the fake sent the last response of that poll.

const CHANGES = Number(process.env.BENCH_FRESHNESS_CHANGES ?? 100);
const INTERVAL_MS = 250;
const TYPE = 'gpu_8x_h100_sxm5';
const WATCH = `/v1/capacity?gpu=H100-SXM&count=8&provider=lambda&region=us-east-1&availability=available,limited,unknown,unavailable`;

export async function benchFreshness(): Promise<ResultRow[]> {
  const fake = await startLambdaFake({ capacity: { [TYPE]: [] } });
  const { prefix, drop } = await benchRedis('freshness');
  const service = await startGpuRadar('start', lambdaFakeEnv(fake, prefix, INTERVAL_MS));
  const status = async () => {
    const body = (await (await fetch(`${service.url}${WATCH}`)).json()) as {
      placements: { instanceType: string; availability: { status: string } }[];
    };
    return body.placements.find((p) => p.instanceType === TYPE)?.availability.status;
  };
  const lags: number[] = [];
  try {
    while ((await status()) !== 'unavailable') await sleep(20);
    for (let i = 0; i < CHANGES; i++) {
      const want = i % 2 === 0 ? 'available' : 'unavailable';
      const changedAt = Date.now();
      fake.setCapacity(TYPE, want === 'available' ? ['us-east-1'] : []);
      const until = Date.now() + 10 * INTERVAL_MS + 5_000;
      while ((await status()) !== want) {
        if (Date.now() > until) throw new Error(`change ${i} never became visible`);
        await sleep(2);
      }
      const visibleAt = Date.now();
      lags.push(visibleAt - pollReturnedAfter(fake.requests, changedAt));
    }
  } finally {
    await service.stop();
    await fake.close();
    await drop();
  }
  lags.sort((a, b) => a - b);
  const p99 = percentile(lags, 99);
  return [
    {
      what: `freshness: poll returned → visible in /v1/capacity (${lags.length} changes, poll every ${INTERVAL_MS} ms)`,
      figure: `p50 ${fmt(percentile(lags, 50), 0)} ms, p99 ${fmt(p99, 0)} ms`,
      target: 'p99 ≤ 250 ms',
      ok: p99 <= 250,
    },
  ];
}

/** When the fake answered the last request of the first poll that started after `t`. */
export function pollReturnedAfter(requests: { path: string; at: number; answeredAt: number }[], t: number): number {
  const start = requests.findIndex((r) => r.path.endsWith('/instance-types') && r.at >= t);
  const end = requests.slice(start).find((r) => r.path.endsWith('/regions'));
  if (start < 0 || !end?.answeredAt) throw new Error('no complete poll after the change');
  return end.answeredAt;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (isMain(import.meta.url)) printRows('freshness', await benchFreshness());
