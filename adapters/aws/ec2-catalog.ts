import {
  DescribeAvailabilityZonesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeInstanceTypesCommand,
  type AvailabilityZone,
  type InstanceTypeInfo,
  type InstanceTypeOffering,
} from '@aws-sdk/client-ec2';
import { allPages, call, type CallContext } from './ec2-call.js';
import type { AwsGpuType, AwsZone } from './schema.js';

// EC2 has no GPU filter: these wildcards cover every GPU family (p*, g* incl. gr6/g6f), and
// items without GpuInfo (e.g. Graviton g-less types matched by accident) are skipped.
const GPU_FAMILIES = ['p*', 'g*'];

export async function fetchZones(c: CallContext): Promise<AwsZone[]> {
  const res = await call<{ AvailabilityZones?: AvailabilityZone[] }>(
    c,
    'DescribeAvailabilityZones',
    new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'zone-type', Values: ['availability-zone'] }] }),
  );
  return (res.AvailabilityZones ?? []).flatMap((z) => (z.ZoneName && z.ZoneId ? [{ name: z.ZoneName, id: z.ZoneId }] : []));
}

export async function fetchGpuTypes(c: CallContext): Promise<{ types: AwsGpuType[]; dropped: number }> {
  const items = await allPages<InstanceTypeInfo>(
    c,
    'DescribeInstanceTypes',
    (NextToken) =>
      new DescribeInstanceTypesCommand({ Filters: [{ Name: 'instance-type', Values: GPU_FAMILIES }], MaxResults: 100, NextToken }),
    'InstanceTypes',
  );
  const types: AwsGpuType[] = [];
  let dropped = 0;
  for (const it of items) {
    const gpu = it.GpuInfo?.Gpus?.[0];
    if (!it.GpuInfo) continue;
    if (!it.InstanceType || !gpu?.Name) {
      dropped++;
      continue;
    }
    const whole = gpu.Count ?? 0;
    const gpuCount = whole > 0 ? whole : (gpu.LogicalGpuCount ?? 0) * (gpu.GpuPartitionSize ?? 0);
    types.push({
      instanceType: it.InstanceType,
      gpuName: gpu.Name,
      ...(gpu.Manufacturer ? { gpuManufacturer: gpu.Manufacturer } : {}),
      gpuCount,
      ...(gpu.MemoryInfo?.SizeInMiB ? { gpuMemoryMiB: gpu.MemoryInfo.SizeInMiB } : {}),
      ...(it.VCpuInfo?.DefaultVCpus ? { vcpus: it.VCpuInfo.DefaultVCpus } : {}),
      ...(it.MemoryInfo?.SizeInMiB ? { memoryMiB: it.MemoryInfo.SizeInMiB } : {}),
      usageClasses: it.SupportedUsageClasses ?? [],
    });
  }
  return { types, dropped };
}

/** Instance type → the availability zones that offer it, for the given GPU types only. */
export async function fetchOfferings(c: CallContext, gpuTypes: Set<string>): Promise<Record<string, string[]>> {
  const items = await allPages<InstanceTypeOffering>(
    c,
    'DescribeInstanceTypeOfferings',
    (NextToken) =>
      new DescribeInstanceTypeOfferingsCommand({
        LocationType: 'availability-zone',
        Filters: [{ Name: 'instance-type', Values: GPU_FAMILIES }],
        MaxResults: 1000,
        NextToken,
      }),
    'InstanceTypeOfferings',
  );
  const byType: Record<string, string[]> = {};
  for (const o of items) {
    if (!o.InstanceType || !o.Location || !gpuTypes.has(o.InstanceType)) continue;
    (byType[o.InstanceType] ??= []).push(o.Location);
  }
  for (const zones of Object.values(byType)) zones.sort();
  return byType;
}
