import { DescribeCapacityBlockOfferingsCommand, type CapacityBlockOffering } from '@aws-sdk/client-ec2';
import { allPages, type CallContext } from './ec2-call.js';
import { inBatches } from './ec2-spot.js';
import type { AwsCapacityBlock, AwsGpuType } from './schema.js';

/** Shortest block AWS sells; longer blocks cost the same per hour (AWS pricing page). */
const DURATION_HOURS = 24;
/** How far ahead to look: a block starting later than this says nothing about now. */
const LOOKAHEAD_DAYS = 7;
/** AWS sells at most 64 instances in one block. */
const MAX_INSTANCES = 64;

/** Capacity Block offerings for every type the region sells as blocks, for each target size. */
export async function fetchCapacityBlocks(
  c: CallContext,
  types: AwsGpuType[],
  targets: number[],
  now: Date,
): Promise<{ blocks: AwsCapacityBlock[]; dropped: number }> {
  const jobs: { type: string; count: number }[] = [];
  for (const t of types) {
    if (!t.usageClasses.includes('capacity-block') || !Number.isInteger(t.gpuCount) || t.gpuCount < 1) continue;
    const counts = new Set(targets.map((g) => Math.min(MAX_INSTANCES, Math.ceil(g / t.gpuCount))));
    for (const count of counts) jobs.push({ type: t.instanceType, count });
  }
  const end = new Date(now.getTime() + (LOOKAHEAD_DAYS * 24 + DURATION_HOURS) * 3600_000);
  const byId = new Map<string, AwsCapacityBlock>();
  let dropped = 0;
  await inBatches(jobs, 4, async ({ type, count }) => {
    const items = await allPages<CapacityBlockOffering>(
      c,
      'DescribeCapacityBlockOfferings',
      (NextToken) =>
        new DescribeCapacityBlockOfferingsCommand({
          InstanceType: type,
          InstanceCount: count,
          CapacityDurationHours: DURATION_HOURS,
          StartDateRange: now,
          EndDateRange: end,
          MaxResults: 100,
          NextToken,
        }),
      'CapacityBlockOfferings',
    );
    for (const o of items) {
      const block = toBlock(o);
      if (block) byId.set(block.id, block);
      else dropped++;
    }
  });
  return { blocks: [...byId.values()], dropped };
}

function toBlock(o: CapacityBlockOffering): AwsCapacityBlock | undefined {
  const fee = Number(o.UpfrontFee);
  const hours = (o.CapacityBlockDurationHours ?? 0) + (o.CapacityBlockDurationMinutes ?? 0) / 60;
  if (!o.CapacityBlockOfferingId || !o.InstanceType || !o.AvailabilityZone || !o.StartDate || !o.EndDate) return undefined;
  if (!o.InstanceCount || o.InstanceCount < 1 || !(hours > 0) || !Number.isFinite(fee) || fee < 0) return undefined;
  return {
    id: o.CapacityBlockOfferingId,
    instanceType: o.InstanceType,
    zone: o.AvailabilityZone,
    instanceCount: o.InstanceCount,
    start: o.StartDate.toISOString(),
    end: o.EndDate.toISOString(),
    durationHours: hours,
    upfrontFee: fee,
    currency: o.CurrencyCode ?? 'USD',
  };
}
