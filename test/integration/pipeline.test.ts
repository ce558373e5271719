import { afterEach, describe, expect, it } from 'vitest';
import { startLambdaFake, type LambdaFake } from '../../adapters/lambda/fake/index.js';
import { loadConfig } from '../../config/env.js';
import { createLogger } from '../../src/lib/logger.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { REDIS_URL, testRedis, type TestRedis } from '../helpers/redis.js';

const log = createLogger('silent');
const H100_8X = '/v1/capacity?gpu=H100&count=8&provider=lambda&availability=available,limited,unknown,unavailable&limit=500';

// The whole path: the Lambda fake on loopback → BullMQ poll worker → store → change stream →
// the API's index → HTTP. Only the provider is simulated.
describe('poll pipeline, end to end', () => {
  let t: TestRedis;
  let fake: LambdaFake;
  let api: TestApi | undefined;
  const running: RunningWorkers[] = [];

  const setup = async (env: Record<string, string> = {}, fakeOpts: Parameters<typeof startLambdaFake>[0] = {}) => {
    t = await testRedis();
    fake = await startLambdaFake(fakeOpts);
    const vars = {
      REDIS_URL,
      GPU_RADAR_REDIS_PREFIX: t.prefix,
      GPU_RADAR_PROVIDERS: 'lambda',
      LAMBDA_API_KEY: fake.apiKey,
      GPU_RADAR_LAMBDA_URL: fake.url,
      GPU_RADAR_LAMBDA_INTERVAL_MS: '500',
      GPU_RADAR_LAMBDA_TIMEOUT_MS: '2000',
      ...env,
    };
    api = await testApi(t, vars);
    return loadConfig(vars);
  };
  const workers = async (config: ReturnType<typeof loadConfig>, opts = {}) => {
    const w = await startWorkers(config, log, opts);
    running.push(w);
    return w;
  };
  const get = async (url: string) => (await api!.app.inject({ method: 'GET', url })).json();
  const statusOf = async (region: string) =>
    (await get(H100_8X)).placements.find((p: any) => p.region === region && p.instanceType === 'gpu_8x_h100_sxm5')?.availability.status;

  afterEach(async () => {
    for (const w of running.splice(0)) await w.close();
    await api?.close();
    await fake?.close();
    await t?.cleanup();
  });

  it('answers from the provider, and follows capacity as it goes away and comes back', async () => {
    const config = await setup();
    await workers(config);
    await eventually(async () => expect(await statusOf('us-east-1')).toBe('available'));
    const first = (await get('/v1/capacity?gpu=H100&count=8')).placements[0];
    expect(first.availability).toMatchObject({ signal: 'boolean', source: 'lambda.regions_with_capacity_available' });

    fake.setCapacity('gpu_8x_h100_sxm5', []);
    await eventually(async () => expect(await statusOf('us-east-1')).toBe('unavailable'), 2 * 500 + 2_000);
    fake.setCapacity('gpu_8x_h100_sxm5', ['us-east-1']);
    await eventually(async () => expect(await statusOf('us-east-1')).toBe('available'), 2 * 500 + 2_000);
  });

  it('a wrong key shows as an auth error on /v1/providers, without a retry storm, and the API keeps serving', async () => {
    const config = await setup({ LAMBDA_API_KEY: 'wrong-key' });
    await workers(config);
    const scope = await eventually(async () => {
      const lambda = (await get('/v1/providers')).providers.find((p: any) => p.provider === 'lambda');
      expect(lambda.scopes[0]?.lastError?.kind).toBe('auth');
      return lambda.scopes[0];
    });
    expect(scope.state).toBe('failing');
    expect(scope.lastError.message).toContain('global/invalid-api-key');
    expect(JSON.stringify(scope)).not.toContain('wrong-key');
    await new Promise((r) => setTimeout(r, 1_600));
    // One request per scheduled poll (every 500 ms), none of them retried.
    const polls = fake.requests.length;
    expect(polls).toBeGreaterThanOrEqual(2);
    expect(polls).toBeLessThanOrEqual(6);
    expect(fake.requests.every((r) => r.path === '/api/v1/instance-types')).toBe(true);
    expect((await api!.app.inject({ method: 'GET', url: '/v1/capacity?gpu=H100' })).statusCode).toBe(200);
  });

  it('a 429 holds this provider queue for Retry-After, then polling resumes', async () => {
    const config = await setup({ GPU_RADAR_LAMBDA_INTERVAL_MS: '300' });
    fake.failNext({ status: 429, headers: { 'retry-after': '2' } });
    await workers(config);
    await eventually(async () => expect(await statusOf('us-east-1')).toBe('available'), 6_000);
    expect(fake.requests.length).toBeGreaterThanOrEqual(3); // the 429, then a full poll
    const status = (await get('/v1/providers')).providers.find((p: any) => p.provider === 'lambda').scopes[0];
    expect(status.lastError.kind).toBe('rate_limit');
    // The data arrived only after the 2 s the provider asked for, not at the 300 ms interval.
    expect(Date.parse(status.observedAt) - Date.parse(status.lastError.at)).toBeGreaterThanOrEqual(1_900);
  });

  it('a worker killed mid-poll loses nothing: another worker takes over the stalled job', async () => {
    // A long interval, so that only the recovered job (not a later poll) can deliver the data.
    const config = await setup({ GPU_RADAR_LAMBDA_INTERVAL_MS: '600000', GPU_RADAR_LAMBDA_TIMEOUT_MS: '60000' });
    fake.failNext('hang');
    const short = { lockDurationMs: 1_000, stalledIntervalMs: 500 };
    const doomed = await startWorkers(config, log, short);
    await eventually(() => expect(fake.requests.length).toBe(1));
    // Kill without letting the job finish: its lock is no longer renewed.
    await Promise.all(doomed.workers.map((w) => w.close(true)));

    await workers(config, short);
    await eventually(async () => expect(await statusOf('us-east-1')).toBe('available'), 8_000);
    expect(fake.requests.length).toBe(3); // the hung request, then the retried poll's two
  });
});
