// The RunPod fake's market: GPU types as the v2 catalog lists them (plus the spot prices only
// GraphQL has), data centers, and stock. Prices and names are illustrative.

export type Level = 'HIGH' | 'MEDIUM' | 'LOW' | 'NONE';
export type FakeCloud = 'SECURE' | 'COMMUNITY';

export interface RunpodFakeGpu {
  id: string;
  name: string;
  pool: string | null;
  manufacturer: 'NVIDIA' | 'AMD' | 'UNKNOWN';
  memory: number;
  secure: boolean;
  community: boolean;
  price: { secure: number; community: number; serverless?: number };
  maxCount: { secure: number; community: number };
  /** GraphQL `secureSpotPrice` / `communitySpotPrice`, $/GPU-hour. */
  spot: { secure: number | null; community: number | null };
}

/** A data center that can host pods of up to `maxCount` GPUs of `gpu` now, at stock `level`. */
export interface RunpodFakeStock {
  gpu: string;
  cloud: FakeCloud;
  dc: string;
  maxCount: number;
  level: Level;
}

const gpu = (
  id: string,
  name: string,
  memory: number,
  secure: number,
  community: number,
  spot: [number | null, number | null],
  maxCount = 8,
  manufacturer: RunpodFakeGpu['manufacturer'] = 'NVIDIA',
): RunpodFakeGpu => ({
  id,
  name,
  pool: null,
  manufacturer,
  memory,
  secure: secure > 0,
  community: community > 0,
  price: { secure, community },
  maxCount: { secure: secure > 0 ? maxCount : 0, community: community > 0 ? maxCount : 0 },
  spot: { secure: spot[0], community: spot[1] },
});

export const DEFAULT_RUNPOD_GPUS: RunpodFakeGpu[] = [
  { ...gpu('NVIDIA H100 80GB HBM3', 'H100 SXM', 80, 2.69, 2.39, [1.75, 1.25]), pool: 'ADA_80_PRO' },
  gpu('NVIDIA H100 PCIe', 'H100 PCIe', 80, 2.39, 1.99, [1.45, 1.05]),
  gpu('NVIDIA H100 NVL', 'H100 NVL', 94, 2.79, 2.59, [1.69, null]),
  gpu('NVIDIA H200', 'H200 SXM', 141, 3.99, 3.59, [2.49, null]),
  gpu('NVIDIA B200', 'B200', 180, 5.99, 0, [null, null]),
  gpu('NVIDIA A100-SXM4-80GB', 'A100 SXM', 80, 1.49, 1.19, [0.89, 0.69]),
  gpu('NVIDIA A100 80GB PCIe', 'A100 PCIe', 80, 1.39, 1.19, [0.79, 0.6]),
  gpu('NVIDIA L40S', 'L40S', 48, 0.86, 0.79, [0.53, 0.4]),
  gpu('NVIDIA GeForce RTX 4090', 'RTX 4090', 24, 0.69, 0.34, [0.35, 0.2]),
  gpu('NVIDIA GeForce RTX 5090', 'RTX 5090', 32, 0.94, 0.69, [0.5, 0.39]),
  gpu('NVIDIA RTX A6000', 'RTX A6000', 48, 0.49, 0.33, [0.25, 0.19]),
  gpu('NVIDIA RTX 6000 Ada Generation', 'RTX 6000 Ada', 48, 0.77, 0.74, [0.45, null]),
  gpu('AMD Instinct MI300X OAM', 'MI300X', 192, 2.49, 0, [null, null], 8, 'AMD'),
];

export const DATA_CENTERS: Record<string, { name: string; country: string }> = {
  'US-TX-3': { name: 'US Texas 3', country: 'US' },
  'US-KS-2': { name: 'US Kansas 2', country: 'US' },
  'US-CA-2': { name: 'US California 2', country: 'US' },
  'US-GA-1': { name: 'US Georgia 1', country: 'US' },
  'CA-MTL-1': { name: 'Canada Montreal 1', country: 'CA' },
  'EU-RO-1': { name: 'Europe Romania 1', country: 'RO' },
  'EU-SE-1': { name: 'Europe Sweden 1', country: 'SE' },
  'EU-CZ-1': { name: 'Europe Czech 1', country: 'CZ' },
  'EUR-IS-1': { name: 'Europe Iceland 1', country: 'IS' },
  'AP-JP-1': { name: 'Asia Pacific Japan 1', country: 'JP' },
  'OC-AU-1': { name: 'Oceania Australia 1', country: 'AU' },
};

const s = (gpu: string, cloud: FakeCloud, dc: string, maxCount: number, level: Level): RunpodFakeStock => ({
  gpu,
  cloud,
  dc,
  maxCount,
  level,
});

export const DEFAULT_RUNPOD_STOCK: RunpodFakeStock[] = [
  s('NVIDIA H100 80GB HBM3', 'SECURE', 'US-TX-3', 8, 'MEDIUM'),
  s('NVIDIA H100 80GB HBM3', 'SECURE', 'EUR-IS-1', 8, 'LOW'),
  s('NVIDIA H100 80GB HBM3', 'SECURE', 'US-KS-2', 2, 'HIGH'),
  s('NVIDIA H100 80GB HBM3', 'SECURE', 'CA-MTL-1', 8, 'NONE'),
  s('NVIDIA H100 80GB HBM3', 'COMMUNITY', 'US-GA-1', 8, 'LOW'),
  s('NVIDIA H100 PCIe', 'SECURE', 'US-CA-2', 4, 'HIGH'),
  s('NVIDIA H200', 'SECURE', 'US-TX-3', 8, 'LOW'),
  s('NVIDIA A100-SXM4-80GB', 'SECURE', 'US-KS-2', 8, 'HIGH'),
  s('NVIDIA L40S', 'SECURE', 'EU-SE-1', 8, 'MEDIUM'),
  s('NVIDIA GeForce RTX 4090', 'SECURE', 'US-KS-2', 4, 'HIGH'),
  s('NVIDIA GeForce RTX 4090', 'COMMUNITY', 'EU-CZ-1', 8, 'HIGH'),
  s('NVIDIA RTX A6000', 'COMMUNITY', 'AP-JP-1', 2, 'MEDIUM'),
  s('AMD Instinct MI300X OAM', 'SECURE', 'EU-RO-1', 8, 'LOW'),
];

const RANK: Record<Level, number> = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };

/** Data centers listed for a GPU type, pod size and cloud (in some countries), and the overall level. */
export function stockFor(stock: RunpodFakeStock[], gpuId: string, cloud: FakeCloud, count: number, countries?: string[]) {
  const dataCenters = stock
    .filter((x) => x.gpu === gpuId && x.cloud === cloud && x.maxCount >= count)
    .filter((x) => !countries || countries.includes(DATA_CENTERS[x.dc]?.country ?? ''))
    .map((x) => ({ id: x.dc, name: DATA_CENTERS[x.dc]?.name ?? x.dc, availability: x.level }));
  const best = dataCenters.reduce<Level>((b, d) => (RANK[d.availability] > RANK[b] ? d.availability : b), 'NONE');
  return { availability: best, dataCenters };
}
