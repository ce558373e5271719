import { afterEach, describe, expect, it } from 'vitest';
import type { AwsFake } from '../../adapters/aws/fake/index.js';
import { StoredOfferSchema, type StoredOffer } from '../../src/domain/offer.js';
import { awsEnv, awsSetup } from '../helpers/aws.js';
import { adapterError } from '../helpers/adapter-error.js';

// The real @aws-sdk/client-ec2 against the EC2 Query fake on loopback (SigV4 checked), and
// undici against the fake bulk price list.
const fakes: AwsFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const find = (offers: StoredOffer[], zone: string, type: string, market: string) =>
  offers.find((o) => o.zone === zone && o.instanceType === type && o.market === market);

describe('aws adapter against the fake', () => {
  it('polls one region into on-demand, spot and Capacity Block offers, each naming its evidence', async () => {
    const { fake, adapter, poll } = await awsSetup(fakes);
    expect(adapter.scopes()).toEqual(['us-east-1', 'us-west-2', 'eu-north-1', 'eu-south-1']);
    const { offers, unknownGpus, dropped } = await poll('us-east-1');
    expect(unknownGpus).toEqual([]);
    expect(dropped).toBe(0);
    for (const o of offers) expect(StoredOfferSchema.safeParse(o).error?.issues ?? [], o.id).toEqual([]);

    const onDemand = find(offers, 'us-east-1a', 'p5.48xlarge', 'on-demand')!;
    expect(onDemand).toMatchObject({
      id: 'aws:us-east-1:us-east-1a:p5.48xlarge:on-demand',
      location: { country: 'US', continent: 'north-america', geo: 'us' },
      gpu: { id: 'H100-SXM', model: 'H100', memoryGiB: 80, count: 8, vendor: 'nvidia' },
      vcpus: 192,
      memoryGiB: 2048,
      price: { perHourUsd: 55.04, perGpuHourUsd: 6.88 },
      availability: { status: 'unknown', signal: 'catalog', source: 'aws.DescribeInstanceTypeOfferings' },
    });
    // Default fake scores: 9 for one instance in the first zone, lower for bigger requests.
    const spot = find(offers, 'us-east-1a', 'p5.48xlarge', 'spot')!;
    expect(spot.availability).toEqual({
      status: 'available',
      signal: 'level',
      source: 'aws.GetSpotPlacementScores',
      score: 9,
      availableGpus: 8,
    });
    expect(spot.price.perHourUsd).toBeCloseTo(55.04 * 0.45, 6);
    const block = find(offers, 'us-east-1a', 'p5.48xlarge', 'reserved')!;
    expect(block.availability).toEqual({
      status: 'available',
      signal: 'count',
      source: 'aws.DescribeCapacityBlockOfferings',
      availableGpus: 64,
    });
    expect(block.price.perHourUsd).toBeCloseTo(31.464, 6);

    // Offered zones only: p5.48xlarge is in a, b and f; A100 40 and 80 GB told apart by memory.
    expect(new Set(offers.filter((o) => o.instanceType === 'p5.48xlarge').map((o) => o.zone))).toEqual(
      new Set(['us-east-1a', 'us-east-1b', 'us-east-1f']),
    );
    expect(find(offers, 'us-east-1c', 'p4de.24xlarge', 'on-demand')?.gpu.id).toBe('A100-80GB-SXM');
    expect(find(offers, 'us-east-1c', 'p4d.24xlarge', 'on-demand')?.gpu.id).toBe('A100-40GB-SXM');
    // Fractional GPUs (g6f.large: ⅛ L4) and non-GPU types never become offers.
    expect(offers.some((o) => o.instanceType === 'g6f.large' || o.instanceType === 'm7i.large')).toBe(false);
    expect(new Set(offers.map((o) => o.id)).size).toBe(offers.length);

    // Every call was SigV4-signed for the region with the configured key, and the wire
    // parameters are the EC2 Query names.
    expect(fake.requests.every((r) => r.region === 'us-east-1' && r.accessKeyId === fake.accessKeyId)).toBe(true);
    const score = fake.requests.find((r) => r.action === 'GetSpotPlacementScores' && r.params['InstanceType.1'] === 'p5.48xlarge')!;
    expect(score.params).toMatchObject({
      TargetCapacity: '1',
      TargetCapacityUnitType: 'units',
      SingleAvailabilityZone: 'true',
      'RegionName.1': 'us-east-1',
    });
    const cb = fake.requests
      .filter((r) => r.action === 'DescribeCapacityBlockOfferings')
      .map((r) => `${r.params.InstanceType}×${r.params.InstanceCount}`);
    expect(cb.sort()).toEqual(
      [
        'p4d.24xlarge×1',
        'p4d.24xlarge×8',
        'p4de.24xlarge×1',
        'p4de.24xlarge×8',
        'p5.48xlarge×1',
        'p5.48xlarge×8',
        'p5.4xlarge×64',
        'p5.4xlarge×8',
        'p5en.48xlarge×1',
        'p5en.48xlarge×8',
        'p6-b200.48xlarge×1',
        'p6-b200.48xlarge×8',
      ].sort(),
    );
  });

  it('maps placement scores per target size: a high score for 8 GPUs alone proves 8, not 64', async () => {
    const { fake, poll } = await awsSetup(fakes);
    fake.setPlacementScore('us-east-1', 'p5.48xlarge', 9, { instances: 1 });
    fake.setPlacementScore('us-east-1', 'p5.48xlarge', 3, { instances: 8 });
    fake.setPlacementScore('us-east-1', 'p5.48xlarge', 6, { zoneId: 'use1-az1' });
    fake.setPlacementScore('us-east-1', 'p5.48xlarge', 10, { zoneId: 'use1-az5', instances: 8 });
    const { offers } = await poll('us-east-1');
    expect(find(offers, 'us-east-1a', 'p5.48xlarge', 'spot')?.availability).toMatchObject({
      status: 'available',
      score: 9,
      availableGpus: 8,
    });
    expect(find(offers, 'us-east-1b', 'p5.48xlarge', 'spot')?.availability).toEqual({
      status: 'limited',
      signal: 'level',
      source: 'aws.GetSpotPlacementScores',
      score: 6,
    });
    expect(find(offers, 'us-east-1f', 'p5.48xlarge', 'spot')?.availability).toMatchObject({
      status: 'available',
      score: 10,
      availableGpus: 64,
    });
  });

  it('reads every page: 3+ pages of instance types, offerings, spot prices and scores', async () => {
    const { fake, poll } = await awsSetup(fakes, { pageSize: 5 });
    const { offers } = await poll('us-east-1');
    const pages = (action: string) => fake.requests.filter((r) => r.action === action).length;
    expect(pages('DescribeInstanceTypes')).toBe(3); // 15 p*/g* types, 5 per page
    expect(pages('DescribeInstanceTypeOfferings')).toBeGreaterThanOrEqual(3);
    expect(pages('DescribeSpotPriceHistory')).toBeGreaterThanOrEqual(3);
    const tokens = fake.requests.filter((r) => r.action === 'DescribeInstanceTypes').map((r) => r.params.NextToken);
    expect(tokens[0]).toBeUndefined();
    expect(tokens.slice(1).every(Boolean)).toBe(true);
    // Same answer as without pagination: the last page's types are all there.
    expect(find(offers, 'us-east-1a', 'g4dn.xlarge', 'on-demand')).toBeDefined();
    expect(find(offers, 'us-east-1f', 'g4dn.xlarge', 'spot')?.price.perHourUsd).not.toBeNull();
  });

  it('rides out one RequestLimitExceeded (SDK standard retry) and reports persistent throttling as rate_limit', async () => {
    const { fake, poll, raw } = await awsSetup(fakes);
    fake.failNext({ code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.' }, 1, 'DescribeInstanceTypes');
    expect((await poll('us-west-2')).offers.length).toBeGreaterThan(0);
    expect(fake.requests.filter((r) => r.action === 'DescribeInstanceTypes')).toHaveLength(2);

    fake.failNext({ code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.' }, 3, 'DescribeInstanceTypeOfferings');
    const err = await adapterError(raw('us-west-2'));
    expect(err.kind).toBe('rate_limit');
    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(err.message).toContain('RequestLimitExceeded');
    expect(err.message).toContain('us-west-2');
  }, 30_000);

  it('reports a wrong secret as auth (AuthFailure) without the secret in the message', async () => {
    const { fake, raw } = await awsSetup(fakes, {}, (f) => ({ ...awsEnv(f), AWS_SECRET_ACCESS_KEY: 'wrong/secret/value/do-not-log' }));
    const err = await adapterError(raw('us-east-1'));
    expect(err.kind).toBe('auth');
    expect(err.message).toContain('AuthFailure');
    expect(err.message).not.toContain('wrong/secret/value/do-not-log');
    expect(err.message).not.toContain(fake.secretAccessKey);
    expect(JSON.stringify(err)).not.toContain('do-not-log');
  });

  it('reports an IAM denial (UnauthorizedOperation) as auth, naming the action', async () => {
    const { fake, raw } = await awsSetup(fakes);
    fake.deny('GetSpotPlacementScores');
    const err = await adapterError(raw('us-east-1'));
    expect(err.kind).toBe('auth');
    expect(err.message).toMatch(/UnauthorizedOperation.*ec2:GetSpotPlacementScores/);
  });

  it('classifies OptInRequired (region off) and bad parameters as config, a hang as timeout, a dead endpoint as network', async () => {
    const { fake, raw } = await awsSetup(fakes, {}, (f) => ({
      ...awsEnv(f),
      GPU_RADAR_AWS_REGIONS: 'us-east-1,ap-southeast-5',
      GPU_RADAR_AWS_TIMEOUT_MS: '400',
    }));
    expect((await adapterError(raw('ap-southeast-5'))).kind).toBe('config');
    fake.failNext({ code: 'InvalidParameterValue', status: 400, message: 'Value (0) for parameter maxResults is invalid.' }, 1);
    expect((await adapterError(raw('us-east-1'))).kind).toBe('config');
    fake.failNext('hang', 3);
    expect((await adapterError(raw('us-east-1'))).kind).toBe('timeout');

    const dead = await awsSetup(fakes, {}, (f) => ({ ...awsEnv(f), AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:9' }));
    expect((await adapterError(dead.raw('us-east-1'))).kind).toBe('network');
  }, 30_000);

  it('answers a region with no GPU offerings with no offers', async () => {
    const { poll } = await awsSetup(fakes);
    const { offers, unknownGpus } = await poll('eu-south-1');
    expect(offers).toEqual([]);
    expect(unknownGpus).toEqual([]);
  });

  it('never shows a type the region does not offer: eu-north-1 sells H200 but no p5', async () => {
    const { fake, poll } = await awsSetup(fakes);
    const { offers } = await poll('eu-north-1');
    expect(offers.some((o) => o.instanceType.startsWith('p5.'))).toBe(false);
    expect(offers.filter((o) => o.instanceType === 'p5en.48xlarge').map((o) => o.zone)).toContain('eu-north-1a');
    expect(fake.requests.some((r) => r.params['InstanceType.1'] === 'p5.48xlarge' || r.params.InstanceType === 'p5.48xlarge')).toBe(false);
  });

  it('counts GPU names the canonical table does not know, and does not guess them', async () => {
    const { fake, poll } = await awsSetup(fakes);
    fake.setOffered('us-east-1', 'g5g.xlarge', ['us-east-1a']);
    const types = await awsSetup(fakes, {
      types: [
        {
          instanceType: 'g5g.xlarge',
          gpu: { name: 'T4g', manufacturer: 'NVIDIA', count: 1, memoryMiB: 16384 },
          vcpus: 4,
          memoryMiB: 8192,
          usageClasses: ['on-demand'],
        },
      ],
      regions: { 'us-east-1': { zones: [{ name: 'us-east-1a', id: 'use1-az6' }], offered: { 'g5g.xlarge': ['us-east-1a'] } } },
    });
    const { offers, unknownGpus } = await types.poll('us-east-1');
    expect(unknownGpus).toEqual(['NVIDIA T4g']);
    expect(offers).toEqual([]);
    expect((await poll('us-east-1')).unknownGpus).toEqual([]);
  });
});

describe('aws credentials', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });
  const noChain = () => {
    for (const k of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
      'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    ])
      delete process.env[k];
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.AWS_CONFIG_FILE = '/nonexistent/gpu-radar/aws-config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/gpu-radar/aws-credentials';
  };
  const withoutKeys = (f: AwsFake) => {
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...rest } = awsEnv(f);
    return rest;
  };

  it('without any credentials fails each region with auth, naming the variables to set', async () => {
    noChain();
    const { raw } = await awsSetup(fakes, {}, withoutKeys);
    const err = await adapterError(raw('us-east-1'));
    expect(err.kind).toBe('auth');
    expect(err.message).toContain('AWS_ACCESS_KEY_ID');
    expect(err.message).toContain('AWS_PROFILE');
  });

  it("takes credentials from the SDK's standard chain when config has none", async () => {
    noChain();
    const { fake, poll } = await awsSetup(fakes, {}, withoutKeys);
    process.env.AWS_ACCESS_KEY_ID = fake.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = fake.secretAccessKey;
    expect((await poll('us-west-2')).offers.length).toBeGreaterThan(0);
  });
});
