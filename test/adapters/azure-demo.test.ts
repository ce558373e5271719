import { afterAll, describe, expect, it } from 'vitest';
import { createAzureAdapter } from '../../adapters/azure/index.js';
import { loadConfig } from '../../config/env.js';
import { startAzureDemo } from '../../adapters/azure/demo.js';
import type { DemoProvider } from '../../adapters/define.js';
import { ctx } from '../helpers/azure.js';

// The Azure part of the demo market: enabled from its env alone (the fake's CA in
// GPU_RADAR_AZURE_CA_FILE), and its phases move ND H100 v5 spot scores, quota and a restriction.
describe('azure demo scenario', () => {
  let demo: DemoProvider;
  afterAll(() => demo?.close());

  it('moves H100 spot capacity between regions and lifts the H200 restriction', async () => {
    demo = await startAzureDemo();
    const cfg = loadConfig({ GPU_RADAR_PROVIDERS: 'azure', ...demo.env }).providers.azure;
    expect(cfg.enabled).toBe(true);
    const adapter = createAzureAdapter(cfg);
    const status = async () => {
      const out: Record<string, string> = {};
      for (const scope of adapter.scopes()) {
        const { offers } = adapter.normalize(await adapter.fetchRaw(scope, ctx()), scope);
        for (const o of offers)
          if (/ND96isr_H[12]00/.test(o.instanceType)) out[`${o.region} ${o.gpu.model} ${o.market}`] = o.availability.status;
      }
      return out;
    };
    demo.setPhase(0);
    expect(await status()).toMatchObject({
      'eastus H100 spot': 'available',
      'swedencentral H100 spot': 'limited',
      'eastus H200 on-demand': 'unavailable',
    });
    demo.setPhase(1);
    expect(await status()).toMatchObject({
      'eastus H100 spot': 'unavailable',
      'swedencentral H100 spot': 'available',
      'eastus H100 on-demand': 'unavailable',
    });
    demo.setPhase(2);
    expect(await status()).toMatchObject({ 'eastus H200 on-demand': 'unknown', 'swedencentral H100 on-demand': 'unavailable' });
  });
});
