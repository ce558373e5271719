import { afterEach, describe, expect, it } from 'vitest';
import type { AwsFake } from '../../adapters/aws/fake/index.js';
import type { StoredOffer } from '../../src/domain/offer.js';
import { awsEnv, awsSetup } from '../helpers/aws.js';

// On-demand prices from the fake bulk price list over HTTP: region index, then the region's
// offer file, streamed; fetched again only when the version moves; last good prices kept.
const fakes: AwsFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const onDemand = (offers: StoredOffer[], type: string) => offers.find((o) => o.instanceType === type && o.market === 'on-demand')!;
const offerFiles = (fake: AwsFake, region: string) => fake.pricingRequests.filter((p) => p.endsWith(`/${region}/index.json`)).length;

describe('aws on-demand prices from the bulk price list', () => {
  it('picks the Linux, shared-tenancy, no-software SKU of each type, per region', async () => {
    const { poll } = await awsSetup(fakes);
    const east = await poll('us-east-1');
    expect(onDemand(east.offers, 'p5.48xlarge').price).toEqual({ perHourUsd: 55.04, perGpuHourUsd: 6.88 });
    expect(onDemand(east.offers, 'g6e.xlarge').price.perHourUsd).toBe(1.861);
    const north = await poll('eu-north-1');
    expect(onDemand(north.offers, 'p5en.48xlarge').price.perHourUsd).toBeCloseTo(63.296 * 1.05, 6);
  });

  it('downloads a region file again only when the region index names a new version', async () => {
    const { fake, poll } = await awsSetup(fakes);
    await poll('us-east-1');
    await poll('us-east-1');
    expect(offerFiles(fake, 'us-east-1')).toBe(1);
    fake.setOnDemandPrice('us-east-1', 'p5.48xlarge', 50);
    const after = await poll('us-east-1');
    expect(offerFiles(fake, 'us-east-1')).toBe(2);
    expect(onDemand(after.offers, 'p5.48xlarge').price.perHourUsd).toBe(50);
    expect(fake.pricingRequests.filter((p) => p.endsWith('region_index.json')).length).toBe(3);
  });

  it('leaves a type missing from the price list unpriced, saying why', async () => {
    const { fake, poll } = await awsSetup(fakes);
    fake.setOnDemandPrice('us-east-1', 'p5.48xlarge', undefined);
    const { offers } = await poll('us-east-1');
    expect(onDemand(offers, 'p5.48xlarge').price).toEqual({
      perHourUsd: null,
      perGpuHourUsd: null,
      note: 'no on-demand price: p5.48xlarge is not in the AWS price list for us-east-1',
    });
    expect(onDemand(offers, 'p5en.48xlarge').price.perHourUsd).toBe(63.296);
  });

  it('keeps the last good prices when a new region file is cut off half way', async () => {
    const { fake, poll } = await awsSetup(fakes);
    expect(onDemand((await poll('us-west-2')).offers, 'p5.48xlarge').price.perHourUsd).toBe(55.04);
    fake.cutOffPriceFile('us-west-2');
    const { offers } = await poll('us-west-2');
    expect(offerFiles(fake, 'us-west-2')).toBe(2);
    expect(onDemand(offers, 'p5.48xlarge').price).toEqual({ perHourUsd: 55.04, perGpuHourUsd: 6.88 });
    // The EC2 side of the poll is unaffected.
    expect(offers.some((o) => o.market === 'spot' && o.availability.signal === 'level')).toBe(true);
  });

  it('without any good file yet, prices are null with the reason, and the EC2 offers still come', async () => {
    const { fake, poll } = await awsSetup(fakes);
    fake.cutOffPriceFile('us-west-2');
    const { offers } = await poll('us-west-2');
    const p = onDemand(offers, 'p5.48xlarge').price;
    expect(p.perHourUsd).toBeNull();
    expect(p.note).toMatch(/^no on-demand price: AWS price list for us-west-2 failed: offer file cut off/);
    expect(offers.find((o) => o.market === 'spot')?.price.perHourUsd).not.toBeNull();
  });

  it('keeps a mirror path prefix, and serves last good prices when the index is unreachable', async () => {
    const { fake, poll } = await awsSetup(fakes, { pricingPrefix: '/mirror/aws' });
    expect(fake.pricingUrl).toMatch(/\/mirror\/aws$/);
    expect(onDemand((await poll('us-east-1')).offers, 'p5.48xlarge').price.perHourUsd).toBe(55.04);
    expect(fake.pricingRequests.every((p) => p.startsWith('/mirror/aws/offers/'))).toBe(true);
    fake.setPricingDown(true);
    expect(onDemand((await poll('us-east-1')).offers, 'p5.48xlarge').price).toEqual({ perHourUsd: 55.04, perGpuHourUsd: 6.88 });

    const broken = await awsSetup(fakes, {}, (f) => ({ ...awsEnv(f), GPU_RADAR_AWS_PRICING_URL: 'http://127.0.0.1:9' }));
    const p = onDemand((await broken.poll('us-east-1')).offers, 'p5.48xlarge').price;
    expect(p.perHourUsd).toBeNull();
    expect(p.note).toContain('AWS price list index unreachable');
  });
});
