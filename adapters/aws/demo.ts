import { awsFakeEnv } from './fake/env.js';
import { blockStart, startAwsFake, type AwsFake } from './fake/index.js';
import type { DemoProvider } from '../define.js';

// Spot placement scores and Capacity Blocks for H100/H200 move between regions; the price
// list stays put. Each phase: instance type@region → spot score (all zones, all sizes), and
// the Capacity Blocks on sale (type@zone → instances).
interface Phase {
  scores: Record<string, number>;
  blocks: Record<string, number>;
}
const PHASES: Phase[] = [
  { scores: { 'p5.48xlarge@us-east-1': 9, 'p5en.48xlarge@eu-north-1': 3 }, blocks: { 'p5.48xlarge@us-east-1a': 8 } },
  { scores: { 'p5.48xlarge@us-east-1': 2, 'p5.48xlarge@us-west-2': 9 }, blocks: { 'p5.48xlarge@us-west-2b': 4 } },
  {
    scores: { 'p5.48xlarge@us-east-1': 1, 'p5.48xlarge@us-west-2': 1, 'p5.4xlarge@us-east-1': 1, 'p5en.48xlarge@us-east-1': 8 },
    blocks: {},
  },
  { scores: { 'p5.48xlarge@us-east-1': 6, 'p5en.48xlarge@eu-north-1': 9 }, blocks: { 'p5en.48xlarge@eu-north-1a': 2 } },
];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-north-1'];
const H100 = ['p5.48xlarge', 'p5.4xlarge', 'p5en.48xlarge'];

export async function startAwsDemo(): Promise<DemoProvider> {
  const fake = await startAwsFake({ accessKeyId: 'AKIADEMOGPURADAR0001', secretAccessKey: 'demo-aws-secret-key' });
  return {
    // Only the regions the scenario moves, so the demo starts quickly.
    env: { ...awsFakeEnv(fake), GPU_RADAR_AWS_REGIONS: REGIONS.join(',') },
    phases: PHASES.length,
    setPhase(i) {
      const phase = PHASES[i % PHASES.length]!;
      apply(fake, phase);
      return phase;
    },
    close: fake.close,
  };
}

function apply(fake: AwsFake, phase: Phase): void {
  fake.clearPlacementScores();
  for (const region of REGIONS) for (const type of H100) fake.setPlacementScore(region, type, phase.scores[`${type}@${region}`] ?? 4);
  const start = blockStart(new Date());
  for (const region of REGIONS) {
    const blocks = Object.entries(phase.blocks)
      .filter(([where]) => where.split('@')[1]!.startsWith(region))
      .map(([where, maxInstances]) => {
        const [instanceType, zone] = where.split('@') as [string, string];
        return { instanceType, zone, maxInstances, start, usdPerInstanceHour: instanceType.startsWith('p5en') ? 36.04 : 31.464 };
      });
    fake.setCapacityBlocks(region, blocks);
  }
}
