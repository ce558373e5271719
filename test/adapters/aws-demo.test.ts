import { afterAll, describe, expect, it } from 'vitest';
import { createAwsAdapter } from '../../adapters/aws/index.js';
import { loadConfig } from '../../config/env.js';
import { startAwsDemo } from '../../adapters/aws/demo.js';
import type { DemoProvider } from '../../adapters/define.js';
import { ctx } from '../helpers/aws.js';

// The AWS part of the demo market: enabled from its env alone, and its phases move H100
// capacity (spot scores, Capacity Blocks) between regions.
describe('aws demo scenario', () => {
  let demo: DemoProvider;
  afterAll(() => demo?.close());

  it('moves available H100 between regions and has a phase with none', async () => {
    demo = await startAwsDemo();
    const cfg = loadConfig({ GPU_RADAR_PROVIDERS: 'aws', ...demo.env }).providers.aws;
    expect(cfg.enabled).toBe(true);
    const adapter = createAwsAdapter(cfg);
    const availableH100 = async () => {
      const where: string[] = [];
      for (const scope of adapter.scopes()) {
        const { offers } = adapter.normalize(await adapter.fetchRaw(scope, ctx()), scope);
        for (const o of offers) if (o.gpu.model === 'H100' && o.availability.status === 'available') where.push(`${o.zone} ${o.market}`);
      }
      return where.sort();
    };
    demo.setPhase(0);
    expect(await availableH100()).toEqual(expect.arrayContaining(['us-east-1a reserved', 'us-east-1a spot', 'us-east-1b spot']));
    demo.setPhase(1);
    const second = await availableH100();
    expect(second).toEqual(expect.arrayContaining(['us-west-2a spot', 'us-west-2b reserved']));
    expect(second.some((w) => w.startsWith('us-east-1'))).toBe(false);
    demo.setPhase(2);
    expect(await availableH100()).toEqual([]);
  });
});
