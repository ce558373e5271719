import { afterAll, describe, expect, it } from 'vitest';
import { createGcpAdapter } from '../../adapters/gcp/index.js';
import { loadConfig } from '../../config/env.js';
import { startGcpDemo } from '../../adapters/gcp/demo.js';
import type { DemoProvider } from '../../adapters/define.js';
import { ctx } from '../helpers/gcp.js';

// The GCP part of the demo market: enabled from its env alone (a key file whose token_uri is
// the fake), and its phases move what GCP publishes: H100 quota headroom and A3 zones.
describe('gcp demo scenario', () => {
  let demo: DemoProvider;
  afterAll(() => demo?.close());

  it('moves H100 quota between unavailable and open, and A3 in and out of zones', async () => {
    demo = await startGcpDemo();
    const cfg = loadConfig({ GPU_RADAR_PROVIDERS: 'gcp', ...demo.env }).providers.gcp;
    expect(cfg.enabled).toBe(true);
    const adapter = createGcpAdapter(cfg, { catalogTtlMs: 0 });
    const a3 = async () => {
      const out: Record<string, string> = {};
      for (const scope of adapter.scopes()) {
        const { offers } = adapter.normalize(await adapter.fetchRaw(scope, ctx()), scope);
        for (const o of offers) if (o.instanceType === 'a3-highgpu-8g') out[`${o.zone} ${o.market}`] = o.availability.status;
      }
      return out;
    };
    demo.setPhase(0);
    const first = await a3();
    expect(first).toMatchObject({
      'us-central1-a spot': 'unknown',
      'europe-west4-a on-demand': 'unavailable',
      'asia-northeast1-b on-demand': 'unknown',
    });
    demo.setPhase(1);
    expect(await a3()).toMatchObject({ 'us-central1-a spot': 'unavailable', 'europe-west4-a on-demand': 'unknown' });
    demo.setPhase(2);
    const third = await a3();
    expect(third['us-central1-a spot']).toBe('unknown');
    expect(Object.keys(third).some((k) => k.startsWith('asia-northeast1-b'))).toBe(false);
  });
});
