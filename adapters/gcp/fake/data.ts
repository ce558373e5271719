// The GCP fake's default world: a project's zones with their accelerator types and GPU machine
// types, region quotas, and Compute Engine SKUs. Shapes follow gpu-catalog.md §3; prices are
// illustrative (the H100 GPU rate is the public fixture's 9.796550569).

export interface FakeMachineType {
  name: string;
  vcpus: number;
  memoryGb: number;
  /** Bundled GPUs; absent for machine types without. */
  gpu?: [accelerator: string, count: number];
}

const mt = (name: string, vcpus: number, memoryGb: number, gpu?: [string, number]): FakeMachineType => ({
  name,
  vcpus,
  memoryGb,
  ...(gpu ? { gpu } : {}),
});

export const MACHINE_TYPES: FakeMachineType[] = [
  mt('a3-highgpu-8g', 208, 1872, ['nvidia-h100-80gb', 8]),
  mt('a3-highgpu-4g', 104, 936, ['nvidia-h100-80gb', 4]),
  mt('a3-highgpu-2g', 52, 468, ['nvidia-h100-80gb', 2]),
  mt('a3-highgpu-1g', 26, 234, ['nvidia-h100-80gb', 1]),
  mt('a3-megagpu-8g', 208, 1872, ['nvidia-h100-mega-80gb', 8]),
  mt('a3-ultragpu-8g', 224, 2952, ['nvidia-h200-141gb', 8]),
  mt('a4-highgpu-8g', 224, 3968, ['nvidia-b200', 8]),
  mt('a2-ultragpu-8g', 96, 1360, ['nvidia-a100-80gb', 8]),
  mt('a2-ultragpu-1g', 12, 170, ['nvidia-a100-80gb', 1]),
  mt('a2-highgpu-8g', 96, 680, ['nvidia-tesla-a100', 8]),
  mt('a2-highgpu-1g', 12, 85, ['nvidia-tesla-a100', 1]),
  mt('g2-standard-96', 96, 384, ['nvidia-l4', 8]),
  mt('g2-standard-48', 48, 192, ['nvidia-l4', 4]),
  mt('g2-standard-8', 8, 32, ['nvidia-l4', 1]),
  // Not GPU machines: the filter the adapter sends keeps them out of the answer.
  mt('n1-standard-8', 8, 30),
  mt('n2-standard-32', 32, 128),
];

/** Accelerator type → most cards one instance takes. */
export const MAX_CARDS: Record<string, number> = {
  'nvidia-h100-80gb': 8,
  'nvidia-h100-mega-80gb': 8,
  'nvidia-h200-141gb': 8,
  'nvidia-b200': 8,
  'nvidia-a100-80gb': 8,
  'nvidia-tesla-a100': 16,
  'nvidia-l4': 8,
  'nvidia-tesla-t4': 4,
  'nvidia-tesla-v100': 8,
  'nvidia-tesla-t4-vws': 4,
};

export interface FakeZone {
  name: string;
  /** Accelerator types offered; machine types named below must have theirs listed here. */
  accelerators: string[];
  machineTypes: string[];
}

const zone = (name: string, accelerators: string[], machineTypes: string[]): FakeZone => ({
  name,
  accelerators,
  machineTypes: [...machineTypes, 'n1-standard-8', 'n2-standard-32'],
});

export const ZONES: FakeZone[] = [
  zone(
    'us-central1-a',
    ['nvidia-h100-80gb', 'nvidia-h100-mega-80gb', 'nvidia-l4', 'nvidia-tesla-t4', 'nvidia-tesla-t4-vws'],
    ['a3-highgpu-8g', 'a3-megagpu-8g', 'g2-standard-8', 'g2-standard-48', 'g2-standard-96'],
  ),
  zone(
    'us-central1-b',
    ['nvidia-h100-80gb', 'nvidia-a100-80gb', 'nvidia-l4'],
    ['a3-highgpu-8g', 'a3-highgpu-4g', 'a3-highgpu-2g', 'a3-highgpu-1g', 'a2-ultragpu-8g', 'a2-ultragpu-1g', 'g2-standard-8'],
  ),
  zone('us-central1-c', ['nvidia-tesla-a100', 'nvidia-tesla-v100', 'nvidia-tesla-t4'], ['a2-highgpu-8g', 'a2-highgpu-1g']),
  // A zone without GPUs: aggregated lists answer it with a NO_RESULTS_ON_PAGE warning.
  zone('us-central1-f', [], []),
  zone('us-east4-a', ['nvidia-h100-80gb', 'nvidia-l4'], ['a3-highgpu-8g', 'g2-standard-8']),
  zone('us-east4-b', ['nvidia-h200-141gb', 'nvidia-b200'], ['a3-ultragpu-8g', 'a4-highgpu-8g']),
  zone('us-east4-c', ['nvidia-l4'], ['g2-standard-8', 'g2-standard-48']),
  zone('europe-west4-a', ['nvidia-h100-80gb', 'nvidia-l4'], ['a3-highgpu-8g', 'g2-standard-8']),
  zone('europe-west4-b', ['nvidia-tesla-a100', 'nvidia-tesla-t4'], ['a2-highgpu-8g', 'a2-highgpu-1g']),
  zone('europe-west4-c', ['nvidia-l4'], ['g2-standard-8']),
  zone('asia-northeast1-a', ['nvidia-tesla-a100', 'nvidia-l4'], ['a2-highgpu-8g', 'g2-standard-8']),
  zone('asia-northeast1-b', ['nvidia-h100-80gb'], ['a3-highgpu-8g']),
  zone('asia-northeast1-c', [], []),
];

export type FakeQuota = [metric: string, limit: number, usage: number];

// No NVIDIA_H100_GPUS in us-central1 (Google omits it, gcp.md §4); europe-west4 has it, used up.
export const QUOTAS: Record<string, FakeQuota[]> = {
  'us-central1': [
    ['CPUS', 2400, 96],
    ['NVIDIA_L4_GPUS', 16, 2],
    ['PREEMPTIBLE_NVIDIA_L4_GPUS', 16, 0],
    ['NVIDIA_A100_80GB_GPUS', 0, 0],
    ['NVIDIA_A100_GPUS', 16, 0],
    ['NVIDIA_T4_GPUS', 8, 0],
    ['PREEMPTIBLE_NVIDIA_H100_GPUS', 16, 8],
    ['COMMITTED_NVIDIA_H100_GPUS', 0, 0],
  ],
  'us-east4': [
    ['CPUS', 1200, 0],
    ['NVIDIA_L4_GPUS', 8, 0],
    ['PREEMPTIBLE_NVIDIA_H100_GPUS', 0, 0],
  ],
  'europe-west4': [
    ['CPUS', 1200, 0],
    ['NVIDIA_H100_GPUS', 8, 8],
    ['NVIDIA_L4_GPUS', 8, 0],
    ['NVIDIA_A100_GPUS', 8, 0],
  ],
  'asia-northeast1': [['CPUS', 600, 0]],
};

export interface FakeSku {
  description: string;
  usageType: 'OnDemand' | 'Preemptible' | 'Commit1Yr';
  resourceGroup: string;
  unit: 'h' | 'GiBy.h';
  usd: number;
  regions: string[];
}

const AMERICAS = ['us-central1', 'us-east4'];
const EMEA = ['europe-west4'];
const APAC = ['asia-northeast1'];

const sku = (
  description: string,
  usageType: FakeSku['usageType'],
  resourceGroup: string,
  usd: number,
  regions: string[],
  unit: FakeSku['unit'] = 'h',
): FakeSku => ({ description, usageType, resourceGroup, unit, usd, regions });

// Family core/RAM and GPU rates per geography, on-demand and spot (Preemptible).
function family(name: string, core: [number, number], ram: [number, number], where: string, regions: string[]): FakeSku[] {
  return [
    sku(`${name} Instance Core running in ${where}`, 'OnDemand', 'CPU', core[0], regions),
    sku(`${name} Instance Ram running in ${where}`, 'OnDemand', 'RAM', ram[0], regions, 'GiBy.h'),
    sku(`Spot Preemptible ${name} Instance Core running in ${where}`, 'Preemptible', 'CPU', core[1], regions),
    sku(`Spot Preemptible ${name} Instance Ram running in ${where}`, 'Preemptible', 'RAM', ram[1], regions, 'GiBy.h'),
  ];
}
function gpu(
  name: string,
  onDemand: number,
  spot: number,
  where: string,
  regions: string[],
  spotStyle: 'prefix' | 'attached' = 'prefix',
): FakeSku[] {
  const spotDescription =
    spotStyle === 'prefix'
      ? `Spot Preemptible ${name} running in ${where}`
      : `${name} attached to Spot Preemptible VMs running in ${where}`;
  return [
    sku(`${name} running in ${where}`, 'OnDemand', 'GPU', onDemand, regions),
    sku(spotDescription, 'Preemptible', 'GPU', spot, regions),
  ];
}

// No A3 Ultra core/RAM and no H200 SKUs: a3-ultragpu-8g keeps a null price that says why.
export const SKUS: FakeSku[] = [
  ...gpu('Nvidia H100 80GB GPU', 9.796550569, 2.25, 'Americas', AMERICAS),
  ...gpu('Nvidia H100 80GB GPU', 10.97, 2.52, 'EMEA', EMEA),
  ...gpu('Nvidia H100 80GB GPU', 11.06, 2.61, 'APAC', APAC),
  ...family('A3', [0.029563, 0.00887], [0.002519, 0.000756], 'Americas', AMERICAS),
  ...family('A3', [0.033105, 0.00993], [0.002821, 0.000846], 'EMEA', EMEA),
  ...family('A3', [0.033367, 0.01001], [0.002843, 0.000853], 'APAC', APAC),
  ...gpu('Nvidia H100 80GB Mega GPU', 10.31, 2.37, 'Americas', ['us-central1']),
  ...family('A3Plus', [0.029563, 0.00887], [0.002519, 0.000756], 'Americas', ['us-central1']),
  sku('Spot Preemptible A4 Nvidia B200 (1 gpu slice) running in Virginia', 'Preemptible', 'GPU', 4.9, ['us-east4']),
  ...gpu('Nvidia Tesla A100 80GB GPU', 3.93, 1.57, 'Americas', AMERICAS),
  ...gpu('Nvidia Tesla A100 GPU', 2.933908, 0.8802, 'Americas', AMERICAS),
  ...gpu('Nvidia Tesla A100 GPU', 3.2, 0.96, 'EMEA', EMEA),
  ...gpu('Nvidia Tesla A100 GPU', 3.31, 0.99, 'APAC', APAC),
  ...family('A2', [0.031611, 0.00948], [0.004237, 0.00127], 'Americas', AMERICAS),
  ...family('A2', [0.034773, 0.01043], [0.004661, 0.0014], 'EMEA', EMEA),
  ...family('A2', [0.035, 0.0105], [0.0047, 0.00141], 'APAC', APAC),
  ...gpu('Nvidia L4 GPU', 0.56, 0.224, 'Americas', AMERICAS, 'attached'),
  ...gpu('Nvidia L4 GPU', 0.62, 0.248, 'EMEA', EMEA, 'attached'),
  ...gpu('Nvidia L4 GPU', 0.66, 0.264, 'APAC', APAC, 'attached'),
  ...family('G2', [0.024988, 0.009995], [0.002927, 0.001171], 'Americas', AMERICAS),
  ...family('G2', [0.027487, 0.010995], [0.00322, 0.001288], 'EMEA', EMEA),
  ...family('G2', [0.0285, 0.0114], [0.00334, 0.001336], 'APAC', APAC),
  ...gpu('Nvidia Tesla T4 GPU', 0.35, 0.14, 'Americas', AMERICAS),
  ...gpu('Nvidia Tesla T4 GPU', 0.41, 0.164, 'EMEA', EMEA),
  ...gpu('Nvidia Tesla V100 GPU', 2.48, 0.992, 'Americas', AMERICAS),
  // Noise the adapter must ignore: commitments, other families, a workstation license.
  sku('Commitment v1: Nvidia H100 80GB GPU running in Americas for 1 Year', 'Commit1Yr', 'GPU', 6.17, AMERICAS),
  sku('N1 Predefined Instance Core running in Americas', 'OnDemand', 'N1Standard', 0.031611, AMERICAS),
  sku('Nvidia Tesla T4 Virtual Workstation GPU running in Americas', 'OnDemand', 'GPU', 0.55, AMERICAS),
];
