import { runpodFakeEnv } from './fake/env.js';
import { DEFAULT_RUNPOD_STOCK, type RunpodFakeStock, startRunpodFake } from './fake/index.js';
import type { DemoProvider } from '../define.js';

// Stock levels move: H100 SXM in Texas goes MEDIUM → HIGH → NONE → LOW, Iceland runs dry,
// and B200 shows up in Kansas for a while.
const H100 = 'NVIDIA H100 80GB HBM3';
const set = (stock: RunpodFakeStock[], changes: RunpodFakeStock[]) => [
  ...stock.filter((x) => !changes.some((c) => c.gpu === x.gpu && c.cloud === x.cloud && c.dc === x.dc)),
  ...changes,
];
const PHASES: RunpodFakeStock[][] = [
  DEFAULT_RUNPOD_STOCK,
  set(DEFAULT_RUNPOD_STOCK, [
    { gpu: H100, cloud: 'SECURE', dc: 'US-TX-3', maxCount: 8, level: 'HIGH' },
    { gpu: 'NVIDIA B200', cloud: 'SECURE', dc: 'US-KS-2', maxCount: 8, level: 'LOW' },
  ]),
  set(DEFAULT_RUNPOD_STOCK, [
    { gpu: H100, cloud: 'SECURE', dc: 'US-TX-3', maxCount: 8, level: 'NONE' },
    { gpu: H100, cloud: 'SECURE', dc: 'EUR-IS-1', maxCount: 8, level: 'NONE' },
  ]),
  set(DEFAULT_RUNPOD_STOCK, [{ gpu: H100, cloud: 'SECURE', dc: 'US-TX-3', maxCount: 8, level: 'LOW' }]),
];

export async function startRunpodDemo(): Promise<DemoProvider> {
  const fake = await startRunpodFake({ apiKey: 'demo-runpod-key', perMinute: 100_000 });
  return {
    env: runpodFakeEnv(fake),
    phases: PHASES.length,
    setPhase(i) {
      const stock = PHASES[i % PHASES.length]!;
      fake.setStock(stock);
      return Object.fromEntries(stock.filter((x) => x.gpu === H100).map((x) => [`H100 SXM ${x.cloud.toLowerCase()} ${x.dc}`, x.level]));
    },
    close: fake.close,
  };
}
