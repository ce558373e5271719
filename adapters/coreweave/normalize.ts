import { COREWEAVE_ON_DEMAND, COREWEAVE_PRICES_AS_OF } from './prices.js';
import type { GpuModel } from '../../src/domain/gpu-models.js';
import { coreweaveGpus } from './aliases.js';
import { locationFromRegionName, type Location } from '../../src/domain/locations.js';
import { gpuSpec, offerId, priceOf, type StoredOffer } from '../../src/domain/offer.js';
import type { NormalizeResult } from '../types.js';
import { GPU_RESOURCE, podGpus } from './pod-gpus.js';
import { parseQuantity } from './quantity.js';
import type { CoreweaveRaw, KubeNode } from './schema.js';

export const CLASS_LABEL = 'gpu.nvidia.com/class';
const REGION_LABEL = 'topology.kubernetes.io/region';
const ZONE_LABEL = 'topology.kubernetes.io/zone';
const SOURCE = 'coreweave.kubernetes: node allocatable nvidia.com/gpu - pod requests';

export interface CoreweaveNormalizeOptions {
  /** Region of nodes without a region label (GPU_RADAR_COREWEAVE_REGION). */
  defaultRegion?: string;
}

interface Group {
  region: string;
  zone?: string;
  gpuClass: string;
  gpu: GpuModel;
  location: Location;
  nodes: { alloc: number; free: number; schedulable: boolean }[];
}

/**
 * Pure. Free GPUs per node: allocatable minus the requests of pods bound to it that have not
 * finished; zero on a cordoned or not-Ready node. Nodes group by region, zone and GPU class.
 * Counts belong to nodes, so each group yields one offer per pod size k (1, 2, 4, ... up to
 * the largest node): availableGpus counts only GPUs usable in k-GPU pods, Σ floor(free/k)·k.
 * An 8-GPU offer is available only where one node has 8 free.
 */
export function normalizeCoreweave(raw: CoreweaveRaw, opts: CoreweaveNormalizeOptions = {}): NormalizeResult {
  let dropped = raw.droppedNodes + raw.droppedPodNodes.length;
  const unreadable = new Set(raw.droppedPodNodes);
  const used = new Map<string, number>();
  for (const pod of raw.pods) {
    const node = pod.spec.nodeName;
    if (!node || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    const gpus = podGpus(pod);
    if (gpus === undefined) {
      unreadable.add(node);
      dropped++;
    } else used.set(node, (used.get(node) ?? 0) + gpus);
  }

  const unknown = new Set<string>();
  const groups = new Map<string, Group>();
  for (const node of raw.nodes) {
    const name = node.metadata.name;
    const labels = node.metadata.labels ?? {};
    const allocRaw = node.status?.allocatable?.[GPU_RESOURCE];
    if (allocRaw === undefined) continue; // a CPU node
    const alloc = parseQuantity(allocRaw);
    if (alloc === undefined || alloc < 0 || unreadable.has(name)) {
      if (!unreadable.has(name)) dropped++;
      continue;
    }
    if (alloc < 1) continue;
    const gpuClass = labels[CLASS_LABEL];
    if (!gpuClass) {
      unknown.add(`node ${name}: no ${CLASS_LABEL} label`);
      continue;
    }
    const gpu = coreweaveGpus.resolve(gpuClass);
    if (!gpu) {
      unknown.add(gpuClass);
      continue;
    }
    const region = labels[REGION_LABEL] || opts.defaultRegion;
    const location = region ? locationOf(region) : undefined;
    if (!region || !location) {
      dropped++; // unplaceable: no region label and no GPU_RADAR_COREWEAVE_REGION, or a region we cannot locate
      continue;
    }
    const zone = labels[ZONE_LABEL] || undefined;
    const key = `${region}\u0000${zone ?? ''}\u0000${gpuClass}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { region, zone, gpuClass, gpu, location, nodes: [] }));
    const ok = schedulable(node);
    g.nodes.push({ alloc: Math.floor(alloc), free: ok ? Math.max(0, Math.floor(alloc) - (used.get(name) ?? 0)) : 0, schedulable: ok });
  }

  const offers = [...groups.values()].flatMap(offersFor);
  return { offers, unknownGpus: [...unknown], ...(dropped ? { dropped } : {}) };
}

function offersFor(g: Group): StoredOffer[] {
  const largest = Math.max(...g.nodes.map((n) => n.alloc));
  // The group's shape, the same on each of its offers: what a single pod could get at most.
  const attributes = {
    largestFreeGpusOnNode: Math.max(...g.nodes.map((n) => n.free)),
    nodes: g.nodes.length,
    schedulableNodes: g.nodes.filter((n) => n.schedulable).length,
  };
  const sizes = new Set<number>([largest]);
  for (let k = 1; k < largest; k *= 2) sizes.add(k);
  return [...sizes]
    .sort((a, b) => a - b)
    .map((k) => {
      const availableGpus = g.nodes.reduce((sum, n) => sum + Math.floor(n.free / k) * k, 0);
      const base = {
        provider: 'coreweave',
        region: g.region,
        ...(g.zone ? { zone: g.zone } : {}),
        instanceType: `${k}x-${g.gpuClass}`,
        market: 'on-demand',
      } as const;
      return {
        id: offerId(base),
        ...base,
        location: g.location,
        gpu: gpuSpec(g.gpu, k),
        price: priceFor(g.gpu.id, k),
        availability: { status: availableGpus > 0 ? 'available' : 'unavailable', signal: 'count', source: SOURCE, availableGpus },
        attributes,
      } satisfies StoredOffer;
    });
}

function priceFor(gpuId: string, k: number): StoredOffer['price'] {
  const list = COREWEAVE_ON_DEMAND[gpuId];
  if (!list)
    return {
      perHourUsd: null,
      perGpuHourUsd: null,
      note: `CoreWeave publishes no price API and adapters/coreweave/prices.ts has no list price for ${gpuId}`,
    };
  const note =
    `CoreWeave on-demand list price for ${list.offering} from adapters/coreweave/prices.ts ` +
    `(transcribed ${COREWEAVE_PRICES_AS_OF}; no price API)`;
  return { ...priceOf((list.perInstanceHourUsd / list.gpusPerInstance) * k, k), note };
}

function schedulable(node: KubeNode): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return ready && node.spec?.unschedulable !== true;
}

// CKS regions read like US-EAST-04; older CoreWeave regions are airport codes (ORD1, LGA1, LAS1, RNO2).
function locationOf(region: string): Location | undefined {
  if (/^(ORD|LGA|LAS|RNO)\d/i.test(region)) return { country: 'US', continent: 'north-america', geo: 'us' };
  return locationFromRegionName(region);
}
