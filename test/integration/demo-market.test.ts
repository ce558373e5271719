import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.js';
import { PROVIDER_IDS } from '../../config/providers.js';
import { startDemoMarket, type DemoMarket } from '../../src/demo/market.js';
import { createLogger } from '../../src/lib/logger.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { REDIS_URL, testRedis, type TestRedis } from '../helpers/redis.js';

const log = createLogger('silent');

// The demo market wired as `gpu-radar demo` wires it: every provider enabled from the
// market's env alone, and its scenario moving capacity through the whole pipeline.
describe('demo market', () => {
  let t: TestRedis;
  let market: DemoMarket;
  let workers: RunningWorkers;
  let api: TestApi;
  afterAll(async () => {
    await workers?.close();
    await api?.close();
    await market?.close();
    await t?.cleanup();
  });

  it('enables every provider and its scenario makes H100 capacity come and go', async () => {
    t = await testRedis();
    market = await startDemoMarket(log, 3_600_000);
    const intervals = Object.fromEntries(PROVIDER_IDS.map((id) => [`GPU_RADAR_${id.toUpperCase()}_INTERVAL_MS`, '500']));
    const env = { REDIS_URL, GPU_RADAR_REDIS_PREFIX: t.prefix, ...intervals, ...market.env };
    const config = loadConfig(env);
    expect(PROVIDER_IDS.filter((id) => !config.providers[id].enabled)).toEqual([]);
    api = await testApi(t, env);
    workers = await startWorkers(config, log);

    const available = async () =>
      (await api.app.inject({ url: '/v1/capacity?gpu=H100&count=8&availability=available' })).json().placements as any[];
    await eventually(async () => expect((await available()).map((p) => p.provider)).toContain('lambda'), 8_000);

    // Phase 3 of the Lambda scenario has no H100 anywhere.
    market.providers.lambda!.setPhase(2);
    await eventually(async () => expect((await available()).filter((p) => p.provider === 'lambda')).toEqual([]), 8_000);
  });
});
