import { describe, expect, it } from 'vitest';
import { normalizeLambda } from '../../adapters/lambda/normalize.js';
import { lambdaInstanceTypesResponseSchema, lambdaRegionsResponseSchema, type LambdaRaw } from '../../adapters/lambda/schema.js';
import { StoredOfferSchema } from '../../src/domain/offer.js';

// The realistic sample from shared/provider-apis/lambda.md, verbatim.
const SAMPLE = {
  data: {
    gpu_1x_a10: {
      instance_type: {
        name: 'gpu_1x_a10',
        description: '1x A10 (24 GB PCIe)',
        gpu_description: 'A10 (24 GB PCIe)',
        price_cents_per_hour: 75,
        specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 },
      },
      regions_with_capacity_available: [{ name: 'us-west-1', description: 'California, USA' }],
    },
    gpu_8x_h100_sxm5: {
      instance_type: {
        name: 'gpu_8x_h100_sxm5',
        description: '8x H100 (80 GB SXM5)',
        gpu_description: 'H100 (80 GB SXM5)',
        price_cents_per_hour: 3592,
        specs: { vcpus: 208, memory_gib: 1800, storage_gib: 24780, gpus: 8 },
      },
      regions_with_capacity_available: [
        { name: 'us-east-1', description: 'Virginia, USA' },
        { name: 'us-south-2', description: 'Texas, USA' },
      ],
    },
    gpu_1x_gh200: {
      instance_type: {
        name: 'gpu_1x_gh200',
        description: '1x GH200 (96 GB)',
        gpu_description: 'GH200 (96 GB)',
        price_cents_per_hour: 149,
        specs: { vcpus: 64, memory_gib: 432, storage_gib: 4096, gpus: 1 },
      },
      regions_with_capacity_available: [],
    },
    gpu_8x_b200_sxm6: {
      instance_type: {
        name: 'gpu_8x_b200_sxm6',
        description: '8x B200 (180 GB SXM6)',
        gpu_description: 'B200 (180 GB SXM6)',
        price_cents_per_hour: 5352,
        specs: { vcpus: 208, memory_gib: 2900, storage_gib: 22528, gpus: 8 },
      },
      regions_with_capacity_available: [],
    },
    cpu_4x_general: {
      instance_type: {
        name: 'cpu_4x_general',
        description: '4x CPU (General)',
        gpu_description: '',
        price_cents_per_hour: 20,
        specs: { vcpus: 4, memory_gib: 16, storage_gib: 256, gpus: 0 },
      },
      regions_with_capacity_available: [{ name: 'us-east-1', description: 'Virginia, USA' }],
    },
  },
};

// Every region name lambda.md lists.
const DOC_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-east-3',
  'us-west-1',
  'us-west-2',
  'us-west-3',
  'us-south-1',
  'us-south-2',
  'us-south-3',
  'us-midwest-1',
  'europe-central-1',
  'europe-south-1',
  'asia-northeast-1',
  'asia-northeast-2',
  'asia-south-1',
  'australia-east-1',
  'me-west-1',
];

function raw(instanceTypes: unknown, regions: { name: string; description: string }[]): LambdaRaw {
  return {
    instanceTypes: lambdaInstanceTypesResponseSchema.parse(instanceTypes),
    regions: lambdaRegionsResponseSchema.parse({ data: regions }),
  };
}

function oneType(instanceType: Record<string, unknown>, listed: string[] = []) {
  const name = instanceType.name as string;
  return {
    data: { [name]: { instance_type: instanceType, regions_with_capacity_available: listed.map((n) => ({ name: n, description: '' })) } },
  };
}

const US_EAST = [{ name: 'us-east-1', description: 'Virginia, USA' }];
const REGIONS = [...US_EAST, { name: 'europe-central-1', description: 'Frankfurt, Germany' }];

describe('normalizeLambda', () => {
  it('maps the lambda.md sample: one offer per GPU type and region, CPU types skipped', () => {
    const { offers, unknownGpus } = normalizeLambda(raw(SAMPLE, REGIONS));
    expect(unknownGpus).toEqual([]);
    for (const o of offers) expect(StoredOfferSchema.parse(o)).toEqual(o);
    // us-west-1 and us-south-2 appear only in capacity lists, yet are regions all the same.
    expect(offers.map((o) => o.id).sort()).toEqual(
      [
        'lambda:europe-central-1:gpu_1x_a10:on-demand',
        'lambda:europe-central-1:gpu_1x_gh200:on-demand',
        'lambda:europe-central-1:gpu_8x_b200_sxm6:on-demand',
        'lambda:europe-central-1:gpu_8x_h100_sxm5:on-demand',
        'lambda:us-east-1:gpu_1x_a10:on-demand',
        'lambda:us-east-1:gpu_1x_gh200:on-demand',
        'lambda:us-east-1:gpu_8x_b200_sxm6:on-demand',
        'lambda:us-east-1:gpu_8x_h100_sxm5:on-demand',
        'lambda:us-south-2:gpu_8x_h100_sxm5:on-demand',
        'lambda:us-west-1:gpu_1x_a10:on-demand',
      ].sort(),
    );
    const status = (id: string) => offers.find((o) => o.id === id)?.availability.status;
    expect(status('lambda:us-east-1:gpu_8x_h100_sxm5:on-demand')).toBe('available');
    expect(status('lambda:us-south-2:gpu_8x_h100_sxm5:on-demand')).toBe('available');
    expect(status('lambda:europe-central-1:gpu_8x_h100_sxm5:on-demand')).toBe('unavailable');
    expect(status('lambda:us-east-1:gpu_1x_a10:on-demand')).toBe('unavailable');
    expect(offers.filter((o) => o.instanceType === 'gpu_1x_gh200').every((o) => o.availability.status === 'unavailable')).toBe(true);

    const b200 = offers.find((o) => o.id === 'lambda:europe-central-1:gpu_8x_b200_sxm6:on-demand')!;
    expect(b200.gpu).toEqual({ id: 'B200', model: 'B200', vendor: 'nvidia', memoryGiB: 180, count: 8, interconnect: 'nvlink' });
    expect(b200.location).toEqual({ country: 'DE', continent: 'europe', geo: 'eu' });
    expect(b200.price.perHourUsd).toBe(53.52);
    expect(b200.price.perGpuHourUsd).toBeCloseTo(6.69, 10);
  });

  it("reads a string price ('80', as the 1.5.3 example printed it)", () => {
    const a6000 = {
      name: 'gpu_1x_a6000',
      description: '1x A6000 (48 GB)',
      gpu_description: 'A6000 (48 GB)',
      price_cents_per_hour: '80',
      specs: { vcpus: 14, memory_gib: 46, storage_gib: 512, gpus: 1 },
    };
    const { offers } = normalizeLambda(raw(oneType(a6000, ['us-east-1']), US_EAST));
    expect(offers).toHaveLength(1);
    expect(offers[0]!.price).toEqual({ perHourUsd: 0.8, perGpuHourUsd: 0.8 });
    expect(offers[0]!.gpu.id).toBe('A6000');
  });

  it('rejects a price that is not a number', () => {
    const bad = { ...SAMPLE.data.gpu_1x_a10.instance_type, price_cents_per_hour: 'n/a' };
    expect(lambdaInstanceTypesResponseSchema.safeParse(oneType(bad)).success).toBe(false);
  });

  it('reports a type without gpu_description by its description and skips it', () => {
    const old = {
      name: 'gpu_1x_a10',
      description: '1x A10 (24 GB PCIe)',
      price_cents_per_hour: 60,
      specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 },
    };
    expect(normalizeLambda(raw(oneType(old, ['us-east-1']), US_EAST))).toEqual({ offers: [], unknownGpus: ['1x A10 (24 GB PCIe)'] });
  });

  it('reports an unknown gpu_description as given', () => {
    const t = { ...SAMPLE.data.gpu_1x_a10.instance_type, gpu_description: 'A10 (24 GB)' };
    expect(normalizeLambda(raw(oneType(t), US_EAST)).unknownGpus).toEqual(['A10 (24 GB)']);
  });

  it('skips CPU-only types silently', () => {
    expect(normalizeLambda(raw(oneType(SAMPLE.data.cpu_4x_general.instance_type, ['us-east-1']), US_EAST))).toEqual({
      offers: [],
      unknownGpus: [],
    });
  });

  it('locates every region lambda.md names, even when the description is unreadable', () => {
    const regions = DOC_REGIONS.map((name) => ({ name, description: 'somewhere' }));
    const { offers } = normalizeLambda(raw(oneType(SAMPLE.data.gpu_1x_a10.instance_type), regions));
    expect(offers.map((o) => o.region)).toEqual(DOC_REGIONS);
    expect(offers.find((o) => o.region === 'me-west-1')?.location.geo).toBe('me');
    expect(offers.find((o) => o.region === 'australia-east-1')?.location.geo).toBe('oceania');
  });

  it('prefers the country in the description over the region prefix, and skips unplaceable regions', () => {
    const regions = [
      { name: 'asia-northeast-2', description: 'Seoul, South Korea' },
      { name: 'lab-1', description: 'Somewhere' },
    ];
    const { offers } = normalizeLambda(raw(oneType(SAMPLE.data.gpu_1x_a10.instance_type, ['lab-1']), regions));
    expect(offers.map((o) => [o.region, o.location])).toEqual([['asia-northeast-2', { country: 'KR', continent: 'asia', geo: 'asia' }]]);
  });
});
