import { DEFAULT_ON_DEMAND, REGION_PRICE_FACTOR, type FakeInstanceType, type FakeRegion } from './data.js';
import { matchesAny, type QueryParams, type XmlValue } from './protocol.js';

// The fake's EC2 actions over its market state. Each returns the list to paginate (with the
// XML wrapper name) or an EC2 error; ec2-request.ts checks the call and pages the list.

export interface FakeBlock {
  instanceType: string;
  zone: string;
  /** The pool: any request of up to this many instances gets an offering. */
  maxInstances: number;
  start: Date;
  usdPerInstanceHour: number;
}

export interface FakeState {
  types: FakeInstanceType[];
  regions: Record<string, FakeRegion>;
  /** `region|type|zoneId|instances` with `*` wildcards → score. */
  scores: Map<string, number>;
  spot: Map<string, number>;
  blocks: Record<string, FakeBlock[]>;
  now: () => Date;
}

export type ActionResult =
  | { list: string; items: XmlValue[]; range: [number, number] | null }
  | { members: Record<string, XmlValue> }
  | { error: { code: string; message: string; status: number } };

const invalid = (message: string): ActionResult => ({ error: { code: 'InvalidParameterValue', message, status: 400 } });
const missing = (name: string): ActionResult => ({
  error: { code: 'MissingParameter', message: `The request must contain the parameter ${name}`, status: 400 },
});

export function runAction(s: FakeState, region: string, action: string, q: QueryParams): ActionResult {
  const r = s.regions[region]!;
  switch (action) {
    case 'DescribeAvailabilityZones':
      return {
        members: {
          availabilityZoneInfo: r.zones.map((z) => ({
            zoneName: z.name,
            zoneId: z.id,
            zoneState: 'available',
            regionName: region,
            optInStatus: 'opt-in-not-required',
            groupName: region,
            networkBorderGroup: region,
            zoneType: 'availability-zone',
            messageSet: [],
          })),
        },
      };
    case 'DescribeInstanceTypes': {
      const wanted = q.filters().get('instance-type');
      const explicit = q.list('InstanceType');
      for (const name of explicit)
        if (!r.offered[name])
          return {
            error: { code: 'InvalidInstanceType', message: `The following supplied instance types do not exist: [${name}]`, status: 400 },
          };
      const items = s.types
        .filter(
          (t) => r.offered[t.instanceType] && matchesAny(t.instanceType, wanted) && (!explicit.length || explicit.includes(t.instanceType)),
        )
        .map(typeXml);
      return { list: 'instanceTypeSet', items, range: [5, 100] };
    }
    case 'DescribeInstanceTypeOfferings': {
      const locationType = q.get('LocationType') ?? 'region';
      const f = q.filters();
      const items: XmlValue[] = [];
      for (const [type, zones] of Object.entries(r.offered)) {
        if (!matchesAny(type, f.get('instance-type'))) continue;
        const locations =
          locationType === 'region'
            ? zones.length
              ? [region]
              : []
            : locationType === 'availability-zone-id'
              ? zones.map((z) => zoneId(r, z))
              : zones;
        for (const location of locations)
          if (matchesAny(location, f.get('location'))) items.push({ instanceType: type, locationType, location });
      }
      return { list: 'instanceTypeOfferingSet', items, range: [5, 1000] };
    }
    case 'DescribeSpotPriceHistory': {
      const types = q.list('InstanceType');
      const products = q.list('ProductDescription');
      const start = q.get('StartTime');
      if (start !== undefined && Number.isNaN(Date.parse(start))) return invalid(`Invalid value '${start}' for StartTime`);
      const at = new Date((start ? Date.parse(start) : s.now().getTime()) - 47 * 60_000).toISOString();
      const items: XmlValue[] = [];
      if (products.length && !products.includes('Linux/UNIX')) return { list: 'spotPriceHistorySet', items, range: null };
      for (const t of s.types) {
        if (!t.usageClasses.includes('spot') || (types.length && !types.includes(t.instanceType))) continue;
        for (const zone of r.offered[t.instanceType] ?? []) {
          const usd = spotPrice(s, region, t.instanceType, zone);
          if (usd === undefined) continue;
          items.push({
            instanceType: t.instanceType,
            productDescription: 'Linux/UNIX',
            spotPrice: usd.toFixed(6),
            timestamp: at,
            availabilityZone: zone,
            availabilityZoneId: zoneId(r, zone),
          });
        }
      }
      return { list: 'spotPriceHistorySet', items, range: null };
    }
    case 'GetSpotPlacementScores': {
      const types = q.list('InstanceType');
      const target = q.int('TargetCapacity');
      if (target === undefined) return missing('TargetCapacity');
      if (!types.length) return invalid('InstanceType or InstanceRequirementsWithMetadata is required');
      if (!(target >= 1)) return invalid(`TargetCapacity ${target} is out of range`);
      const perAz = q.get('SingleAvailabilityZone') === 'true';
      const regions = q.list('RegionName');
      const items: XmlValue[] = [];
      for (const name of regions.length ? regions : [region]) {
        const reg = s.regions[name];
        if (!reg) continue;
        const zones = reg.zones.filter((z) => types.some((t) => reg.offered[t]?.includes(z.name)));
        const scored = zones.map((z, i) => ({ z, score: score(s, name, types[0]!, z.id, i, target) }));
        if (perAz) for (const { z, score: sc } of scored) items.push({ region: name, availabilityZoneId: z.id, score: sc });
        else if (scored.length) items.push({ region: name, score: Math.max(...scored.map((x) => x.score)) });
      }
      return { list: 'spotPlacementScoreSet', items, range: [10, 1000] };
    }
    case 'DescribeCapacityBlockOfferings': {
      const hours = q.int('CapacityDurationHours');
      if (hours === undefined) return missing('CapacityDurationHours');
      if (!(hours >= 24 && hours % 24 === 0)) return invalid(`CapacityDurationHours ${hours} must be a whole number of days`);
      const type = q.get('InstanceType');
      const count = q.int('InstanceCount') ?? 1;
      if (count < 1 || count > 64) return invalid(`InstanceCount ${count} is out of range (1-64)`);
      const from = Date.parse(q.get('StartDateRange') ?? s.now().toISOString());
      const to = Date.parse(q.get('EndDateRange') ?? new Date(from + 182 * 86400_000).toISOString());
      if (Number.isNaN(from) || Number.isNaN(to)) return invalid('Invalid date range');
      const items = (s.blocks[region] ?? [])
        .filter((b) => (!type || b.instanceType === type) && count <= b.maxInstances && r.offered[b.instanceType])
        .filter((b) => b.start.getTime() >= from - 86400_000 && b.start.getTime() + hours * 3600_000 <= to)
        .map((b) => ({
          capacityBlockOfferingId: offeringId(`${b.instanceType}|${b.zone}|${b.start.getTime()}|${count}|${hours}`),
          instanceType: b.instanceType,
          availabilityZone: b.zone,
          instanceCount: count,
          startDate: b.start.toISOString(),
          endDate: new Date(b.start.getTime() + hours * 3600_000).toISOString(),
          capacityBlockDurationHours: hours,
          capacityBlockDurationMinutes: 0,
          upfrontFee: (b.usdPerInstanceHour * count * hours).toFixed(6),
          currencyCode: 'USD',
          tenancy: 'default',
        }));
      return { list: 'capacityBlockOfferingSet', items, range: [1, 1000] };
    }
    default:
      return { error: { code: 'InvalidAction', message: `The action ${action} is not valid for this web service.`, status: 400 } };
  }
}

const zoneId = (r: FakeRegion, zone: string) => r.zones.find((z) => z.name === zone)?.id ?? zone;

/** Spot runs at ~35-45% of on-demand, a little dearer in each later zone, unless a test set it. */
export function spotPrice(s: FakeState, region: string, type: string, zone: string): number | undefined {
  const set = s.spot.get(`${region}|${type}|${zone}`);
  if (set !== undefined) return set < 0 ? undefined : set;
  const od = DEFAULT_ON_DEMAND[type];
  if (od === undefined) return undefined;
  const i = s.regions[region]!.zones.findIndex((z) => z.name === zone);
  return od * (REGION_PRICE_FACTOR[region] ?? 1) * (type.startsWith('p') ? 0.45 : 0.35) * (1 + 0.01 * i);
}

/** Set scores win (most specific first); otherwise big requests score lower, as on AWS. */
function score(s: FakeState, region: string, type: string, zoneId: string, zoneIndex: number, instances: number): number {
  for (const key of [`${zoneId}|${instances}`, `${zoneId}|*`, `*|${instances}`, '*|*']) {
    const v = s.scores.get(`${region}|${type}|${key}`);
    if (v !== undefined) return v;
  }
  return Math.max(1, Math.min(10, 9 - zoneIndex - Math.floor(Math.log2(instances))));
}

function typeXml(t: FakeInstanceType): XmlValue {
  const g = t.gpu;
  return {
    instanceType: t.instanceType,
    currentGeneration: true,
    freeTierEligible: false,
    supportedUsageClasses: t.usageClasses,
    supportedRootDeviceTypes: ['ebs'],
    supportedVirtualizationTypes: ['hvm'],
    bareMetal: false,
    hypervisor: 'nitro',
    processorInfo: { supportedArchitectures: ['x86_64'], sustainedClockSpeedInGhz: 3.6, manufacturer: 'AMD' },
    vCpuInfo: { defaultVCpus: t.vcpus, defaultCores: Math.max(1, t.vcpus / 2), defaultThreadsPerCore: 2 },
    memoryInfo: { sizeInMiB: t.memoryMiB },
    networkInfo: { networkPerformance: g && g.count >= 8 ? '3200 Gigabit' : 'Up to 25 Gigabit', efaSupported: !!g && g.count >= 4 },
    gpuInfo: g && {
      gpus: [
        {
          name: g.name,
          manufacturer: g.manufacturer,
          count: g.count,
          logicalGpuCount: g.logicalGpuCount ?? g.count,
          gpuPartitionSize: (g.partition ?? 1).toFixed(3),
          workloadSet: ['ml-ai'],
          memoryInfo: { sizeInMiB: g.memoryMiB },
        },
      ],
      totalGpuMemoryInMiB: Math.round(g.memoryMiB * Math.max(g.count, 1)),
    },
    placementGroupInfo: { supportedStrategies: ['cluster', 'partition', 'spread'] },
    supportedInRegion: true,
  };
}

const offeringId = (key: string) => `cbr-${Buffer.from(key).toString('hex').slice(0, 17)}`;
