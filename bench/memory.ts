import { keys } from '../src/store/keys.js';
import { OffersStore } from '../src/store/offers-store.js';
import { generateDataset, loadDataset } from './dataset.js';
import { benchRedis, fmt, isMain, printRows, REDIS_URL, type ResultRow } from './lib.js';
import { cliCommand, rssMiB, startGpuRadar } from './service.js';

// Resident memory of an API process (`gpu-radar serve`) once its index holds every offer and
// it has answered a few queries, at 50,000 and 500,000 offers.

const QUERIES = ['/v1/capacity?gpu=H100&count=8', '/v1/capacity?gpu=RTX4090&sort=price', '/v1/offers?limit=100'];

async function rssAt(n: number): Promise<number> {
  const { redis, prefix, drop } = await benchRedis(`memory-${n}`);
  try {
    await loadDataset(new OffersStore(redis, keys(prefix)), generateDataset(n));
    const api = await startGpuRadar('serve', { REDIS_URL, GPU_RADAR_REDIS_PREFIX: prefix });
    try {
      const offers = (await (await fetch(`${api.url}/v1/offers?limit=1000`)).json()) as { offers: unknown[] };
      if (offers.offers.length !== Math.min(1000, n)) throw new Error('index not loaded');
      for (let i = 0; i < 20; i++) for (const q of QUERIES) await fetch(`${api.url}${q}`);
      await new Promise((r) => setTimeout(r, 2_000));
      return await rssMiB(api.pid);
    } finally {
      await api.stop();
    }
  } finally {
    await drop();
  }
}

export async function benchMemory(): Promise<ResultRow[]> {
  const how = cliCommand().compiled ? 'compiled' : 'through tsx, which adds its own memory';
  const small = await rssAt(50_000);
  const rows: ResultRow[] = [
    { what: `API RSS at 50,000 offers (${how})`, figure: `${fmt(small, 0)} MiB`, target: '≤ 200 MB', ok: small <= 200 },
  ];
  if (process.env.BENCH_SKIP_500K !== '1') {
    const large = await rssAt(500_000);
    rows.push({ what: `API RSS at 500,000 offers (${how})`, figure: `${fmt(large, 0)} MiB`, target: '' });
  }
  return rows;
}

if (isMain(import.meta.url)) printRows('memory', await benchMemory());
