import {
  DescribeSpotPriceHistoryCommand,
  GetSpotPlacementScoresCommand,
  type SpotPlacementScore,
  type SpotPrice,
} from '@aws-sdk/client-ec2';
import { allPages, type CallContext } from './ec2-call.js';
import type { AwsGpuType, AwsPlacementScore, AwsSpotPrice } from './schema.js';

/** The price in effect now per (type, zone): StartTime=now returns the last change before it. */
export async function fetchSpotPrices(c: CallContext, types: string[], now: Date): Promise<{ prices: AwsSpotPrice[]; dropped: number }> {
  if (!types.length) return { prices: [], dropped: 0 };
  const items = await allPages<SpotPrice>(
    c,
    'DescribeSpotPriceHistory',
    (NextToken) =>
      new DescribeSpotPriceHistoryCommand({
        InstanceTypes: types as SpotPrice['InstanceType'][] as never,
        ProductDescriptions: ['Linux/UNIX'],
        StartTime: now,
        MaxResults: 1000,
        NextToken,
      }),
    'SpotPriceHistory',
  );
  const prices: AwsSpotPrice[] = [];
  let dropped = 0;
  for (const p of items) {
    const usd = Number(p.SpotPrice);
    if (!p.InstanceType || !p.AvailabilityZone || !p.Timestamp || !Number.isFinite(usd) || usd < 0) {
      dropped++;
      continue;
    }
    prices.push({ instanceType: p.InstanceType, zone: p.AvailabilityZone, usd, at: p.Timestamp.toISOString() });
  }
  return { prices, dropped };
}

/**
 * Types worth a placement score (of those the region offers): spot-capable, whole GPUs, and the largest size of each GPU
 * model in the region (the one multi-GPU jobs use). Scoring every size would multiply calls
 * and AWS limits new score configurations per 24 h.
 */
export function typesToScore(types: AwsGpuType[]): AwsGpuType[] {
  const best = new Map<string, AwsGpuType>();
  for (const t of types) {
    if (!t.usageClasses.includes('spot') || !Number.isInteger(t.gpuCount) || t.gpuCount < 1) continue;
    const key = `${t.gpuName}|${t.gpuMemoryMiB ?? ''}`;
    const cur = best.get(key);
    if (!cur || t.gpuCount > cur.gpuCount || (t.gpuCount === cur.gpuCount && t.instanceType < cur.instanceType)) best.set(key, t);
  }
  return [...best.values()].sort((a, b) => a.instanceType.localeCompare(b.instanceType));
}

export async function fetchPlacementScores(c: CallContext, types: AwsGpuType[], targets: number[]): Promise<AwsPlacementScore[]> {
  const jobs: { type: AwsGpuType; targetGpus: number; instances: number }[] = [];
  for (const type of types) {
    const seen = new Set<number>();
    for (const targetGpus of targets) {
      const instances = Math.ceil(targetGpus / type.gpuCount);
      if (!seen.has(instances)) jobs.push({ type, targetGpus, instances });
      seen.add(instances);
    }
  }
  const out: AwsPlacementScore[] = [];
  // A few at a time: each is one request to the account-wide GetSpotPlacementScores bucket.
  await inBatches(jobs, 4, async ({ type, targetGpus, instances }) => {
    const scores = await allPages<SpotPlacementScore>(
      c,
      'GetSpotPlacementScores',
      (NextToken) =>
        new GetSpotPlacementScoresCommand({
          InstanceTypes: [type.instanceType],
          TargetCapacity: instances,
          TargetCapacityUnitType: 'units',
          SingleAvailabilityZone: true,
          RegionNames: [c.region],
          MaxResults: 100,
          NextToken,
        }),
      'SpotPlacementScores',
    );
    for (const s of scores) {
      if (s.Region && s.Region !== c.region) continue;
      if (!s.AvailabilityZoneId || typeof s.Score !== 'number') continue;
      out.push({ instanceType: type.instanceType, targetGpus, instances, zoneId: s.AvailabilityZoneId, score: s.Score });
    }
  });
  return out;
}

export async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}
