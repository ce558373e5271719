// The fake's default market: instance types as DescribeInstanceTypes reports them (moto's live
// snapshot via shared/provider-apis/gpu-catalog.md), and a few regions with zones and offerings.

export interface FakeInstanceType {
  instanceType: string;
  gpu?: { name: string; manufacturer: string; count: number; logicalGpuCount?: number; partition?: number; memoryMiB: number };
  vcpus: number;
  memoryMiB: number;
  usageClasses: string[];
}

export interface FakeZone {
  name: string;
  id: string;
}

export interface FakeRegion {
  zones: FakeZone[];
  /** Instance type → zone names that offer it. */
  offered: Record<string, string[]>;
}

const ALL = ['capacity-block', 'on-demand', 'spot'];
const OD_SPOT = ['on-demand', 'spot'];
const nv = (name: string, count: number, memoryMiB: number) => ({
  name,
  manufacturer: 'NVIDIA',
  count,
  logicalGpuCount: count,
  partition: 1,
  memoryMiB,
});
const t = (
  instanceType: string,
  gpu: FakeInstanceType['gpu'],
  vcpus: number,
  memGiB: number,
  usageClasses = OD_SPOT,
): FakeInstanceType => ({ instanceType, gpu, vcpus, memoryMiB: memGiB * 1024, usageClasses });

export const DEFAULT_TYPES: FakeInstanceType[] = [
  t('p6-b200.48xlarge', nv('B200', 8, 183359), 192, 2048, ALL),
  t('p5en.48xlarge', nv('H200', 8, 144384), 192, 2048, ALL),
  t('p5.48xlarge', nv('H100', 8, 81920), 192, 2048, ALL),
  t('p5.4xlarge', nv('H100', 1, 81920), 16, 256, ALL),
  t('p4de.24xlarge', nv('A100', 8, 81920), 96, 1152, ALL),
  t('p4d.24xlarge', nv('A100', 8, 40960), 96, 1152, ALL),
  t('g6e.48xlarge', nv('L40S', 8, 45776), 192, 1536),
  t('g6e.xlarge', nv('L40S', 1, 45776), 4, 32),
  t('g6.48xlarge', nv('L4', 8, 22888), 192, 768),
  t('g6.xlarge', nv('L4', 1, 22888), 4, 16),
  t('g6f.large', { name: 'L4', manufacturer: 'NVIDIA', count: 0, logicalGpuCount: 1, partition: 0.125, memoryMiB: 2861 }, 2, 8),
  t('g5.48xlarge', nv('A10G', 8, 22888), 192, 768),
  t('g5.xlarge', nv('A10G', 1, 22888), 4, 16),
  t('g4dn.12xlarge', nv('T4', 4, 16384), 48, 192),
  t('g4dn.xlarge', nv('T4', 1, 16384), 4, 16),
  // Not GPUs: filtered out by the instance-type wildcards or by having no gpuInfo.
  t('m7i.large', undefined, 2, 8),
  t('inf2.xlarge', undefined, 4, 16),
];

const zones = (region: string, letters: string, ids: number[], prefix: string): FakeZone[] =>
  [...letters].map((l, i) => ({ name: `${region}${l}`, id: `${prefix}-az${ids[i]}` }));

const G_FAMILIES = [
  'g6e.48xlarge',
  'g6e.xlarge',
  'g6.48xlarge',
  'g6.xlarge',
  'g6f.large',
  'g5.48xlarge',
  'g5.xlarge',
  'g4dn.12xlarge',
  'g4dn.xlarge',
];

function region(zs: FakeZone[], big: Record<string, string>, smallIn = zs.map((z) => z.name.slice(-1)).join('')): FakeRegion {
  const name = zs[0]!.name.slice(0, -1);
  const offered: Record<string, string[]> = { 'm7i.large': zs.map((z) => z.name), 'inf2.xlarge': zs.map((z) => z.name) };
  for (const [type, letters] of Object.entries(big)) offered[type] = [...letters].map((l) => `${name}${l}`);
  for (const type of G_FAMILIES) offered[type] = [...smallIn].map((l) => `${name}${l}`);
  return { zones: zs, offered };
}

export function defaultRegions(): Record<string, FakeRegion> {
  return {
    'us-east-1': region(zones('us-east-1', 'abcdef', [6, 1, 2, 4, 3, 5], 'use1'), {
      'p6-b200.48xlarge': 'a',
      'p5en.48xlarge': 'af',
      'p5.48xlarge': 'abf',
      'p5.4xlarge': 'ab',
      'p4de.24xlarge': 'c',
      'p4d.24xlarge': 'abcd',
    }),
    'us-west-2': region(zones('us-west-2', 'abcd', [2, 1, 3, 4], 'usw2'), {
      'p5.48xlarge': 'ab',
      'p4d.24xlarge': 'ab',
      'p4de.24xlarge': 'b',
    }),
    // Sells H200 but no H100: p5 must never show here.
    'eu-north-1': region(zones('eu-north-1', 'abc', [1, 2, 3], 'eun1'), { 'p5en.48xlarge': 'ab' }, 'ab'),
    // A region with zones but no GPU offerings at all.
    'eu-south-1': { zones: zones('eu-south-1', 'abc', [1, 2, 3], 'eus1'), offered: { 'm7i.large': ['eu-south-1a'] } },
  };
}

/** On-demand Linux USD/hour in us-east-1 (AWS list prices, rounded); other regions scale it. */
export const DEFAULT_ON_DEMAND: Record<string, number> = {
  'p6-b200.48xlarge': 113.9328,
  'p5en.48xlarge': 63.296,
  'p5.48xlarge': 55.04,
  'p5.4xlarge': 6.88,
  'p4de.24xlarge': 27.44705,
  'p4d.24xlarge': 21.957642,
  'g6e.48xlarge': 30.13118,
  'g6e.xlarge': 1.861,
  'g6.48xlarge': 13.35048,
  'g6.xlarge': 0.8048,
  'g6f.large': 0.2,
  'g5.48xlarge': 16.288,
  'g5.xlarge': 1.006,
  'g4dn.12xlarge': 3.912,
  'g4dn.xlarge': 0.526,
  'm7i.large': 0.1008,
};

export const REGION_PRICE_FACTOR: Record<string, number> = { 'us-east-1': 1, 'us-west-2': 1, 'eu-north-1': 1.05, 'eu-south-1': 1.1 };

export const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-west-2': 'US West (Oregon)',
  'eu-north-1': 'EU (Stockholm)',
  'eu-south-1': 'EU (Milan)',
};
