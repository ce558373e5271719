import { gpuAliases } from '../../src/domain/gpu-models.js';

// Lambda's `gpu_description` strings (shared/provider-apis/lambda.md), by canonical GPU id.
export const lambdaGpus = gpuAliases('lambda', {
  B200: ['B200 (180 GB SXM6)'],
  'H100-SXM': ['H100 (80 GB SXM5)'],
  'H100-PCIe': ['H100 (80 GB PCIe)'],
  GH200: ['GH200 (96 GB)'],
  'A100-40GB-SXM': ['A100 (40 GB SXM4)'],
  'A100-40GB-PCIe': ['A100 (40 GB PCIe)'],
  'A100-80GB-SXM': ['A100 (80 GB SXM4)'],
  A10: ['A10 (24 GB PCIe)'],
  A6000: ['A6000 (48 GB)', 'RTX A6000 (48 GB)'],
  'V100-16GB': ['Tesla V100 (16 GB)', 'V100 (16 GB)'],
});
