import { gpuAliases } from '../../src/domain/gpu-models.js';

// AWS GpuInfo names (DescribeInstanceTypes `gpus.item.name`, shared/provider-apis/gpu-catalog.md §2),
// by canonical GPU id. A100 and V100 come in two memory sizes under one name, so those aliases
// carry the memory ("A100 40GB"): the adapter tries `<name> <GiB>GB` first, then the bare name.
export const awsGpus = gpuAliases('aws', {
  B300: ['B300'],
  B200: ['B200'],
  GB200: ['GB200'],
  H200: ['H200'],
  'H100-SXM': ['H100'],
  'A100-40GB-SXM': ['A100 40GB'],
  'A100-80GB-SXM': ['A100 80GB'],
  L40S: ['L40S'],
  L4: ['L4'],
  A10G: ['A10G'],
  T4: ['T4'],
  'V100-16GB': ['V100 16GB'],
  'V100-32GB': ['V100 32GB'],
});
