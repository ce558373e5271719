import { afterAll, describe, expect, it, vi } from 'vitest';
import { startAwsFake, type AwsFake } from '../../adapters/aws/fake/index.js';
import { loadConfig } from '../../config/env.js';
import { find } from '../../src/commands/find.js';
import { createLogger } from '../../src/lib/logger.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { awsEnv } from '../helpers/aws.js';
import { REDIS_URL, testRedis, type TestRedis } from '../helpers/redis.js';

// AWS end to end: the EC2 and price-list fake → poll workers (one scope per region) → Redis →
// the API's index → /v1/capacity and `gpu-radar find`.
describe('aws capacity, end to end', () => {
  let t: TestRedis;
  let fake: AwsFake;
  let workers: RunningWorkers;
  let api: TestApi;
  afterAll(async () => {
    await workers?.close();
    await api?.close();
    await fake?.close();
    await t?.cleanup();
  });

  it('places 16 × H100 as 2 × p5.48xlarge where a placement score or a Capacity Block allows, never where p5 is not offered', async () => {
    t = await testRedis();
    fake = await startAwsFake();
    // us-west-2: spot requests of any size score 9; us-east-1a: a Capacity Block of 8 instances.
    fake.setPlacementScore('us-west-2', 'p5.48xlarge', 9);
    const env = { ...awsEnv(fake), REDIS_URL, GPU_RADAR_REDIS_PREFIX: t.prefix, GPU_RADAR_AWS_INTERVAL_MS: '60000' };
    api = await testApi(t, env);
    workers = await startWorkers(loadConfig(env), createLogger('silent'));

    const url = '/v1/capacity?gpu=H100&count=16&provider=aws&limit=200';
    const answer = await eventually(async () => {
      const body = (await api.app.inject({ url })).json();
      const regions = new Set(body.placements.map((p: any) => p.region));
      expect([...regions].sort()).toEqual(['us-east-1', 'us-west-2']);
      expect(body.placements.some((p: any) => p.market === 'on-demand' && p.price.perHourUsd !== null)).toBe(true);
      return body;
    }, 15_000);

    const p5 = answer.placements.filter((p: any) => p.instanceType === 'p5.48xlarge');
    for (const p of p5) expect(p).toMatchObject({ instances: 2, totalGpus: 16 });
    const available = p5.filter((p: any) => p.availability.status === 'available');
    expect(available.map((p: any) => `${p.zone} ${p.market} ${p.availability.source}`).sort()).toEqual([
      'us-east-1a reserved aws.DescribeCapacityBlockOfferings',
      'us-west-2a spot aws.GetSpotPlacementScores',
      'us-west-2b spot aws.GetSpotPlacementScores',
    ]);
    expect(available.find((p: any) => p.market === 'spot').availability).toMatchObject({ signal: 'level', score: 9, availableGpus: 64 });
    expect(available.find((p: any) => p.market === 'reserved').availability).toMatchObject({ signal: 'count', availableGpus: 64 });
    // us-east-1a spot scores 9 for one instance but 6 for eight: the 8-GPU score proves 8, not 16.
    const eastSpot = p5.find((p: any) => p.zone === 'us-east-1a' && p.market === 'spot');
    expect(eastSpot.availability).toMatchObject({ status: 'limited', score: 9, availableGpus: 8 });
    // Placements are ranked: available first.
    expect(answer.placements[0].availability.status).toBe('available');
    // eu-north-1 offers H200 (p5en) but no p5: nothing from it answers an H100 query.
    expect(answer.placements.some((p: any) => p.region === 'eu-north-1')).toBe(false);
    // The region without GPUs polled fine and is simply empty.
    await eventually(async () => {
      const aws = (await api.app.inject({ url: '/v1/providers' })).json().providers.find((p: any) => p.provider === 'aws');
      expect(aws.scopes.map((s: any) => [s.scope, s.state]).sort()).toEqual([
        ['eu-north-1', 'ok'],
        ['eu-south-1', 'ok'],
        ['us-east-1', 'ok'],
        ['us-west-2', 'ok'],
      ]);
      expect(aws.scopes.find((s: any) => s.scope === 'eu-south-1').offers).toBe(0);
    }, 15_000);

    // `gpu-radar find 8xH100` lists AWS.
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (api.app.server.address() as { port: number }).port;
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      expect(await find(['8xH100', '--provider', 'aws', '--limit', '100'], { GPU_RADAR_URL: `http://127.0.0.1:${port}` })).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const table = out.join('');
    expect(table).toMatch(/available\s+aws\s+us-east-1a\s+1 × p5\.48xlarge/);
    expect(table).toContain('level: aws.GetSpotPlacementScores');
  }, 40_000);
});
