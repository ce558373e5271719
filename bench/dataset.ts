import { gpuById } from '../src/domain/gpu-models.js';
import { locationFromRegionName, type Location } from '../src/domain/locations.js';
import { gpuSpec, offerId, priceOf, type Availability, type Market, type StoredOffer } from '../src/domain/offer.js';
import type { OffersStore } from '../src/store/offers-store.js';

// A seeded, realistic market: the providers, regions, instance shapes, markets and signals
// of the real clouds, in roughly their real proportions (marketplaces have the most offers).

export interface DatasetOffer {
  scope: string;
  offer: StoredOffer;
}

type Shape = [instanceType: string, gpuId: string, count: number, perHourUsd: number];

const AWS_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-central-1',
  'eu-north-1',
  'ap-northeast-1',
  'ap-southeast-2',
  'ap-south-1',
  'sa-east-1',
];
const AWS: Shape[] = [
  ['p5.48xlarge', 'H100-SXM', 8, 98.32],
  ['p5e.48xlarge', 'H200', 8, 113.4],
  ['p4d.24xlarge', 'A100-40GB-SXM', 8, 32.77],
  ['p4de.24xlarge', 'A100-80GB-SXM', 8, 40.96],
  ['p6-b200.48xlarge', 'B200', 8, 113.93],
  ['g6e.xlarge', 'L40S', 1, 1.86],
  ['g6e.12xlarge', 'L40S', 4, 10.49],
  ['g6e.48xlarge', 'L40S', 8, 30.13],
  ['g6.xlarge', 'L4', 1, 0.8],
  ['g6.12xlarge', 'L4', 4, 4.6],
  ['g6.48xlarge', 'L4', 8, 13.35],
  ['g5.xlarge', 'A10G', 1, 1.01],
  ['g5.12xlarge', 'A10G', 4, 5.67],
  ['g5.48xlarge', 'A10G', 8, 16.29],
  ['g4dn.xlarge', 'T4', 1, 0.53],
  ['g4dn.12xlarge', 'T4', 4, 3.91],
  ['p3.16xlarge', 'V100-16GB', 8, 24.48],
];
const GCP_REGIONS = [
  'us-central1',
  'us-east4',
  'us-east5',
  'us-west1',
  'europe-west4',
  'europe-west1',
  'asia-east1',
  'asia-northeast1',
  'asia-southeast1',
];
const GCP: Shape[] = [
  ['a3-highgpu-8g', 'H100-SXM', 8, 88.25],
  ['a3-megagpu-8g', 'H100-SXM', 8, 92.1],
  ['a3-ultragpu-8g', 'H200', 8, 100.4],
  ['a4-highgpu-8g', 'B200', 8, 118.2],
  ['a2-highgpu-1g', 'A100-40GB-SXM', 1, 3.67],
  ['a2-highgpu-8g', 'A100-40GB-SXM', 8, 29.39],
  ['a2-ultragpu-8g', 'A100-80GB-SXM', 8, 40.22],
  ['g2-standard-4', 'L4', 1, 0.71],
  ['g2-standard-48', 'L4', 4, 4.0],
  ['g2-standard-96', 'L4', 8, 8.0],
];
const AZURE_REGIONS = [
  'eastus',
  'eastus2',
  'southcentralus',
  'westus2',
  'westus3',
  'westeurope',
  'northeurope',
  'swedencentral',
  'uksouth',
  'japaneast',
  'australiaeast',
];
const AZURE: Shape[] = [
  ['Standard_ND96isr_H100_v5', 'H100-SXM', 8, 98.32],
  ['Standard_NC40ads_H100_v5', 'H100-NVL', 1, 6.98],
  ['Standard_NC80adis_H100_v5', 'H100-NVL', 2, 13.96],
  ['Standard_ND96asr_v4', 'A100-40GB-SXM', 8, 27.2],
  ['Standard_ND96amsr_A100_v4', 'A100-80GB-SXM', 8, 32.77],
  ['Standard_NC24ads_A100_v4', 'A100-80GB-PCIe', 1, 3.67],
  ['Standard_NC96ads_A100_v4', 'A100-80GB-PCIe', 4, 14.69],
  ['Standard_NV36ads_A10_v5', 'A10', 1, 3.2],
  ['Standard_ND96isr_MI300X_v5', 'MI300X', 8, 48.0],
];
const AZURE_ZONE_SUFFIX = ['1', '2', '3'];
const RUNPOD_DCS = [
  'US-TX-3',
  'US-GA-1',
  'US-CA-2',
  'US-KS-2',
  'CA-MTL-1',
  'EU-RO-1',
  'EU-SE-1',
  'EU-NL-1',
  'EU-CZ-1',
  'AP-JP-1',
  'OC-AU-1',
];
const RUNPOD_GPUS = [
  'H100-SXM',
  'H100-PCIe',
  'H100-NVL',
  'H200',
  'B200',
  'A100-80GB-SXM',
  'A100-80GB-PCIe',
  'L40S',
  'L40',
  'L4',
  'RTX4090',
  'RTX5090',
  'A6000',
  'RTX6000-Ada',
  'MI300X',
];
const VAST_GPUS = [
  'RTX4090',
  'RTX4090',
  'RTX4090',
  'RTX5090',
  'RTX5090',
  'A6000',
  'RTX6000-Ada',
  'A100-80GB-PCIe',
  'A100-80GB-SXM',
  'H100-SXM',
  'H100-PCIe',
  'H200',
  'L40S',
  'A10',
  'T4',
  'V100-32GB',
];
const VAST_PLACES = [
  'us-ca',
  'us-tx',
  'us-ny',
  'us-va',
  'us-or',
  'ca-qc',
  'eu-de',
  'eu-nl',
  'eu-se',
  'eu-pl',
  'eu-fr',
  'uk-london',
  'asia-jp',
  'asia-kr',
  'asia-sg',
  'au-nsw',
];
const LAMBDA_REGIONS = [
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
  'asia-northeast-1',
  'asia-south-1',
  'australia-east-1',
  'me-west-1',
];
const LAMBDA: Shape[] = [
  ['gpu_8x_h100_sxm5', 'H100-SXM', 8, 35.92],
  ['gpu_1x_h100_sxm5', 'H100-SXM', 1, 3.29],
  ['gpu_1x_h100_pcie', 'H100-PCIe', 1, 2.49],
  ['gpu_8x_b200_sxm6', 'B200', 8, 53.52],
  ['gpu_8x_a100_80gb_sxm4', 'A100-80GB-SXM', 8, 14.32],
  ['gpu_1x_a10', 'A10', 1, 0.75],
  ['gpu_1x_gh200', 'GH200', 1, 1.49],
];
const COREWEAVE_REGIONS = ['us-east-04', 'us-east-06', 'us-west-09', 'us-central-07', 'eu-south-02'];

/** mulberry32: small, fast, and the same numbers for the same seed everywhere. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateDataset(n = 50_000, seed = 1): DatasetOffer[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const out: DatasetOffer[] = [];
  const here = (region: string): Location => locationFromRegionName(region) ?? { continent: 'north-america', geo: 'us' };
  const add = (
    scope: string,
    provider: StoredOffer['provider'],
    region: string,
    zone: string | undefined,
    [type, gpuId, count, price]: Shape,
    market: Market,
    availability: Availability,
  ) => {
    const gpu = gpuById(gpuId)!;
    const base = { provider, region, ...(zone ? { zone } : {}), instanceType: type, market };
    const perHour = Math.round(price * (market === 'on-demand' || market === 'reserved' ? 1 : 0.3 + rand() * 0.4) * 100) / 100;
    out.push({
      scope,
      offer: {
        id: offerId(base),
        ...base,
        location: here(region),
        gpu: gpuSpec(gpu, count),
        market,
        price: priceOf(perHour, count),
        availability,
      },
    });
  };
  const score = () => Math.ceil(rand() * 10);
  const level = (s: number): Availability['status'] => (s >= 7 ? 'available' : s >= 4 ? 'limited' : 'unavailable');

  for (const region of AWS_REGIONS)
    for (const z of 'abcdef')
      for (const shape of AWS) {
        const s = score();
        add(region, 'aws', region, region + z, shape, 'on-demand', {
          status: 'unknown',
          signal: 'catalog',
          source: 'aws.DescribeInstanceTypeOfferings',
        });
        add(region, 'aws', region, region + z, shape, 'spot', {
          status: level(s),
          signal: 'level',
          score: s,
          source: 'aws.GetSpotPlacementScores',
        });
        if (shape[2] === 8 && rand() < 0.3)
          add(region, 'aws', region, region + z, shape, 'reserved', {
            status: 'available',
            signal: 'count',
            availableGpus: 8 * Math.ceil(rand() * 8),
            source: 'aws.DescribeCapacityBlockOfferings',
          });
      }
  for (const region of GCP_REGIONS)
    for (const z of 'abcf')
      for (const shape of GCP)
        for (const market of ['on-demand', 'spot'] as const) {
          add(region, 'gcp', region, `${region}-${z}`, shape, market, {
            status: 'unknown',
            signal: 'catalog',
            source: 'gcp.acceleratorTypes',
          });
        }
  for (const region of AZURE_REGIONS)
    for (const z of AZURE_ZONE_SUFFIX)
      for (const shape of AZURE)
        for (const market of ['on-demand', 'spot'] as const) {
          const s = pick(['High', 'Medium', 'Low'] as const);
          add(
            region,
            'azure',
            region,
            `${region}-${z}`,
            shape,
            market,
            market === 'spot'
              ? {
                  status: s === 'High' ? 'available' : s === 'Medium' ? 'limited' : 'unavailable',
                  signal: 'level',
                  score: s,
                  source: 'azure.spotPlacementScores',
                }
              : { status: 'unknown', signal: 'catalog', source: 'azure.skus' },
          );
        }
  for (const region of LAMBDA_REGIONS)
    for (const shape of LAMBDA) {
      add('all', 'lambda', region, undefined, shape, 'on-demand', {
        status: rand() < 0.3 ? 'available' : 'unavailable',
        signal: 'boolean',
        source: 'lambda.regions_with_capacity_available',
      });
    }
  for (const dc of RUNPOD_DCS)
    for (const gpuId of RUNPOD_GPUS)
      for (const count of [1, 2, 4, 8])
        for (const market of ['on-demand', 'spot'] as const) {
          const stock = pick(['HIGH', 'MEDIUM', 'LOW', 'NONE'] as const);
          add('all', 'runpod', dc.toLowerCase(), undefined, [`${gpuId}x${count}`, gpuId, count, 2.5 * count], market, {
            status: stock === 'HIGH' ? 'available' : stock === 'NONE' ? 'unavailable' : 'limited',
            signal: 'level',
            score: stock,
            source: 'runpod.catalog.stockStatus',
          });
        }
  for (const region of COREWEAVE_REGIONS)
    for (const gpuId of ['H100-SXM', 'H200', 'B200', 'A100-80GB-SXM', 'L40S']) {
      const free = Math.floor(rand() * 64);
      add('cluster', 'coreweave', region, undefined, [`${gpuId.toLowerCase()}-nodes`, gpuId, 8, 49.24], 'on-demand', {
        status: free >= 8 ? 'available' : free > 0 ? 'limited' : 'unavailable',
        signal: 'count',
        availableGpus: free,
        source: 'coreweave.nodes.allocatable',
      });
    }
  // The marketplace fills the rest: one machine each, the way Vast lists them.
  for (let machine = 1; out.length < n; machine++) {
    const gpuId = pick(VAST_GPUS);
    const count = pick([1, 1, 2, 4, 8, 8]);
    const shape: Shape = [`m${100_000 + machine}`, gpuId, count, count * (0.2 + rand() * 2.5)];
    const free = rand() < 0.8 ? count : Math.floor(rand() * count);
    const availability: Availability = {
      status: free >= count ? 'available' : free > 0 ? 'limited' : 'unavailable',
      signal: 'count',
      availableGpus: free,
      source: 'vastai.bundles.rentable',
    };
    add(gpuId, 'vastai', pick(VAST_PLACES), undefined, shape, 'on-demand', availability);
    if (out.length < n && rand() < 0.5) add(gpuId, 'vastai', out.at(-1)!.offer.region, undefined, shape, 'interruptible', availability);
  }
  return out.slice(0, n);
}

/** Groups offers by provider scope, as the poll workers would deliver them. */
export function byScope(data: DatasetOffer[]): Map<string, { provider: string; scope: string; offers: StoredOffer[] }> {
  const groups = new Map<string, { provider: string; scope: string; offers: StoredOffer[] }>();
  for (const { scope, offer } of data) {
    const key = `${offer.provider}\u0000${scope}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { provider: offer.provider, scope, offers: [] }));
    g.offers.push(offer);
  }
  return groups;
}

/** Loads the dataset through the real store, one apply per scope. */
export async function loadDataset(store: OffersStore, data: DatasetOffer[], observedAt = new Date()): Promise<void> {
  for (const g of byScope(data).values()) await store.apply(g.provider, g.scope, g.offers, { observedAt, unknownGpus: [] });
}
