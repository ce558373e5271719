import { lambdaFakeEnv } from './fake/env.js';
import { startLambdaFake } from './fake/index.js';
import type { DemoProvider } from '../define.js';

// H100 capacity appears, moves and vanishes, so a watcher sees every status in the first
// minute. Phases cycle in order; each maps an instance type to the regions that have it.
const PHASES: Record<string, string[]>[] = [
  { gpu_8x_h100_sxm5: ['us-east-1', 'us-south-2'], gpu_1x_h100_pcie: ['us-west-1'], gpu_8x_a100_80gb_sxm4: ['us-midwest-1'] },
  { gpu_8x_h100_sxm5: ['us-south-2'], gpu_1x_h100_sxm5: ['europe-central-1'], gpu_1x_a10: ['us-west-1'] },
  { gpu_1x_gh200: ['us-east-3'], gpu_8x_b200_sxm6: ['us-south-3'], gpu_1x_a10: ['asia-northeast-1'] },
  { gpu_8x_h100_sxm5: ['europe-central-1'], gpu_8x_b200_sxm6: ['us-south-3', 'us-east-1'], gpu_1x_a6000: ['us-west-2'] },
];

export async function startLambdaDemo(): Promise<DemoProvider> {
  const fake = await startLambdaFake({ apiKey: 'demo-lambda-key' });
  return {
    env: lambdaFakeEnv(fake),
    phases: PHASES.length,
    setPhase(i) {
      const wanted = PHASES[i % PHASES.length]!;
      for (const name of new Set([...Object.keys(fake.capacity()), ...Object.keys(wanted)])) fake.setCapacity(name, wanted[name] ?? []);
      return wanted;
    },
    close: fake.close,
  };
}
