import { withFakeFiles } from '../fake-files.js';
import { gcpFakeEnv, gcpFakeFiles } from './fake/env.js';
import { startGcpFake, ZONES } from './fake/index.js';
import type { DemoProvider } from '../define.js';

// GCP publishes no capacity, so the scenario moves what it does publish: this project's H100
// quota headroom (used up, freed) and which zones offer A3 at all. Each phase: region/metric →
// [limit, usage], and zones whose A3 machines are withdrawn.
interface Phase {
  quotas: Record<string, [number, number]>;
  withoutA3: string[];
}
const PHASES: Phase[] = [
  { quotas: { 'us-central1/PREEMPTIBLE_NVIDIA_H100_GPUS': [16, 8], 'europe-west4/NVIDIA_H100_GPUS': [8, 8] }, withoutA3: [] },
  { quotas: { 'us-central1/PREEMPTIBLE_NVIDIA_H100_GPUS': [16, 16], 'europe-west4/NVIDIA_H100_GPUS': [8, 0] }, withoutA3: [] },
  {
    quotas: { 'us-central1/PREEMPTIBLE_NVIDIA_H100_GPUS': [16, 0], 'europe-west4/NVIDIA_H100_GPUS': [16, 0] },
    withoutA3: ['asia-northeast1-b'],
  },
  { quotas: { 'us-central1/PREEMPTIBLE_NVIDIA_H100_GPUS': [8, 4], 'europe-west4/NVIDIA_H100_GPUS': [0, 0] }, withoutA3: ['us-east4-a'] },
];

export async function startGcpDemo(): Promise<DemoProvider> {
  const files = withFakeFiles(await startGcpFake({ project: 'gpu-radar-demo' }), gcpFakeFiles);
  const fake = files.fake;
  return {
    env: gcpFakeEnv(files),
    phases: PHASES.length,
    setPhase(i) {
      const phase = PHASES[i % PHASES.length]!;
      for (const [where, [limit, usage]] of Object.entries(phase.quotas)) {
        const [region, metric] = where.split('/') as [string, string];
        fake.setQuota(region, metric, limit, usage);
      }
      for (const z of ZONES) {
        const drop = phase.withoutA3.includes(z.name);
        fake.setZone(
          z.name,
          z.accelerators,
          z.machineTypes.filter((m) => !(drop && m.startsWith('a3-'))),
        );
      }
      return phase;
    },
    close: files.close,
  };
}
