import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_REGIONS, startLambdaFake } from '../adapters/lambda/fake/index.js';
import { newSecret } from '../src/lib/webhooks.js';
import { AlertCreateSchema, ruleFrom } from '../src/services/alerts/rule.js';
import { AlertsStore } from '../src/store/alerts-store.js';
import { keys } from '../src/store/keys.js';
import { pollReturnedAfter } from './freshness.js';
import { benchRedis, fmt, isMain, percentile, printRows, type ResultRow } from './lib.js';
import { lambdaFakeEnv, startGpuRadar } from './service.js';

// DESIGN §8 "alert latency", end to end: from the poll that satisfied a rule to its webhook
// arriving. gpu-radar runs as its own process (`start`: API, poll worker, alert evaluator and
// deliveries) over a Lambda fake; this script holds the webhook receiver. 10,000 rules ask
// for H100 at Lambda, spread over the 17 regions with varied count and price. A round gives one
// region 8×H100 capacity (its rules fire) and then takes it away (they resolve); a last round
// does the same to every region at once, so one poll decides 10,000 webhooks.

const RULES = Number(process.env.BENCH_ALERT_RULES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ALERT_ROUNDS ?? 6);
const INTERVAL_MS = 250;
const TYPE = 'gpu_8x_h100_sxm5';
const REGIONS = DEFAULT_REGIONS.map((r) => r.name);

export async function benchAlertLatency(): Promise<ResultRow[]> {
  const fake = await startLambdaFake({ capacity: { [TYPE]: [] } });
  const rx = await receiver();
  const { redis, prefix, drop } = await benchRedis('alert-latency');
  const store = new AlertsStore(redis, keys(prefix));
  const perRegion = new Map<string, number>();
  for (let i = 0; i < RULES; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, RULES - i) }, (_, j) => {
        const n = i + j;
        const region = REGIONS[n % REGIONS.length]!;
        perRegion.set(region, (perRegion.get(region) ?? 0) + 1);
        const price = [undefined, '5', '6', '8'][Math.floor(n / REGIONS.length) % 4];
        const query = {
          gpu: 'H100',
          provider: 'lambda',
          region,
          count: ['1', '2', '4', '8'][Math.floor(n / (REGIONS.length * 4)) % 4]!,
          ...(price ? { maxPricePerGpuHour: price } : {}),
        };
        return store.create(ruleFrom(AlertCreateSchema.parse({ query, url: `${rx.url}/hook` }), `al_latency${n}`, Date.now()), newSecret());
      }),
    );
  }
  const service = await startGpuRadar('start', { ...lambdaFakeEnv(fake, prefix, INTERVAL_MS), GPU_RADAR_WEBHOOK_ALLOWLIST: '127.0.0.1' });

  // One change, then every webhook it decides: latency = arrival − the end of the poll that saw it.
  const measure = async (regions: string[], type: string): Promise<number[]> => {
    const expected = regions.reduce((sum, r) => sum + (perRegion.get(r) ?? 0), 0);
    const from = rx.got.length;
    const changedAt = Date.now();
    fake.setCapacity(TYPE, type === 'capacity.available' ? regions : []);
    const until = Date.now() + 60_000;
    while (rx.got.slice(from).filter((g) => g.type === type).length < expected) {
      if (Date.now() > until)
        throw new Error(`${type} for ${regions.length} region(s): ${rx.got.length - from} of ${expected} webhooks in 60 s`);
      await sleep(10);
    }
    const returned = pollReturnedAfter(fake.requests, changedAt);
    return rx.got
      .slice(from)
      .filter((g) => g.type === type)
      .map((g) => g.at - returned);
  };

  const one: number[] = [];
  const all: number[] = [];
  try {
    // The evaluator has seen every rule once the initial poll decided them all "not".
    while ((await redis.hlen(keys(prefix).alertState)) < RULES) await sleep(50);
    for (let i = 0; i < ROUNDS; i++) {
      const region = REGIONS[(i * 5) % REGIONS.length]!;
      one.push(...(await measure([region], 'capacity.available')), ...(await measure([region], 'capacity.unavailable')));
    }
    all.push(...(await measure(REGIONS, 'capacity.available')), ...(await measure(REGIONS, 'capacity.unavailable')));
  } finally {
    await service.stop();
    await rx.close();
    await fake.close();
    await drop();
  }
  const row = (lags: number[]) => {
    const sorted = [...lags].sort((a, b) => a - b);
    return { p99: percentile(sorted, 99), figure: `p50 ${fmt(percentile(sorted, 50), 0)} ms, p99 ${fmt(percentile(sorted, 99), 0)} ms` };
  };
  const r1 = row(one);
  const rAll = row(all);
  return [
    {
      what:
        `poll returned → webhook received, ${fmt(RULES, 0)} rules, one region changes ` +
        `(${fmt(one.length, 0)} webhooks over ${ROUNDS} rounds, ~${fmt(RULES / REGIONS.length, 0)} rules fire per change)`,
      figure: r1.figure,
      target: 'p99 ≤ 1,000 ms',
      ok: r1.p99 <= 1_000,
    },
    {
      what: `same, every region at once: one poll decides ${fmt(RULES, 0)} webhooks (${fmt(all.length, 0)} measured, both directions)`,
      figure: rAll.figure,
      target: '',
    },
  ];
}

/** Counts webhooks as they arrive; answers 200 at once. */
async function receiver() {
  const got: { type: string; at: number }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      got.push({ type: (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string }).type, at });
      res.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    got,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (isMain(import.meta.url)) {
  printRows('Alert latency', await benchAlertLatency());
  process.exit(0);
}
