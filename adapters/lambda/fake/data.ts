// Lambda Cloud's default market for the fake: instance types, regions and where capacity is.
// Names follow shared/provider-apis/lambda.md; prices and capacity are illustrative.

export interface LambdaFakeInstanceType {
  name: string;
  description: string;
  gpu_description: string;
  price_cents_per_hour: number;
  specs: { vcpus: number; memory_gib: number; storage_gib: number; gpus: number };
}
export type LambdaFakeRegion = { name: string; description: string };

type Specs = [vcpus: number, memoryGiB: number, storageGiB: number, gpus: number];
const type = (name: string, gpu: string, cents: number, [vcpus, memory_gib, storage_gib, gpus]: Specs): LambdaFakeInstanceType => ({
  name,
  description: `${gpus}x ${gpu}`,
  gpu_description: gpu,
  price_cents_per_hour: cents,
  specs: { vcpus, memory_gib, storage_gib, gpus },
});

export const DEFAULT_INSTANCE_TYPES: LambdaFakeInstanceType[] = [
  type('gpu_1x_a10', 'A10 (24 GB PCIe)', 75, [30, 200, 1400, 1]),
  type('gpu_1x_a100_sxm4', 'A100 (40 GB SXM4)', 129, [30, 200, 512, 1]),
  type('gpu_8x_a100_80gb_sxm4', 'A100 (80 GB SXM4)', 1432, [240, 1800, 19500, 8]),
  type('gpu_1x_h100_pcie', 'H100 (80 GB PCIe)', 249, [26, 200, 1024, 1]),
  type('gpu_1x_h100_sxm5', 'H100 (80 GB SXM5)', 329, [26, 225, 2750, 1]),
  type('gpu_8x_h100_sxm5', 'H100 (80 GB SXM5)', 3592, [208, 1800, 24780, 8]),
  type('gpu_1x_gh200', 'GH200 (96 GB)', 149, [64, 432, 4096, 1]),
  type('gpu_8x_b200_sxm6', 'B200 (180 GB SXM6)', 5352, [208, 2900, 22528, 8]),
  type('gpu_8x_v100', 'Tesla V100 (16 GB)', 440, [92, 448, 5800, 8]),
  type('gpu_1x_a6000', 'A6000 (48 GB)', 80, [14, 46, 512, 1]),
  { ...type('cpu_4x_general', '', 20, [4, 16, 256, 0]), description: '4x CPU (General)' },
];

export const DEFAULT_REGIONS: LambdaFakeRegion[] = [
  ['us-east-1', 'Virginia, USA'],
  ['us-east-2', 'Washington DC, USA'],
  ['us-east-3', 'Georgia, USA'],
  ['us-west-1', 'California, USA'],
  ['us-west-2', 'Arizona, USA'],
  ['us-west-3', 'Utah, USA'],
  ['us-south-1', 'Texas, USA'],
  ['us-south-2', 'Texas, USA'],
  ['us-south-3', 'Texas, USA'],
  ['us-midwest-1', 'Illinois, USA'],
  ['europe-central-1', 'Frankfurt, Germany'],
  ['europe-south-1', 'Milan, Italy'],
  ['asia-northeast-1', 'Tokyo, Japan'],
  ['asia-northeast-2', 'Osaka, Japan'],
  ['asia-south-1', 'Bangalore, India'],
  ['australia-east-1', 'Sydney, Australia'],
  ['me-west-1', 'Tel Aviv, Israel'],
].map(([name, description]) => ({ name: name!, description: description! }));

export const DEFAULT_CAPACITY: Record<string, string[]> = {
  gpu_8x_h100_sxm5: ['us-east-1', 'us-south-2'],
  gpu_1x_a10: ['us-west-1', 'us-east-1'],
  gpu_1x_a100_sxm4: ['us-west-2'],
  gpu_1x_h100_pcie: ['us-west-3'],
  gpu_1x_h100_sxm5: ['us-south-1'],
  gpu_8x_a100_80gb_sxm4: ['us-midwest-1'],
  gpu_1x_a6000: ['europe-central-1', 'asia-northeast-1'],
  cpu_4x_general: ['us-east-1'],
};
