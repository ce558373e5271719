import { gpuAliases } from '../../src/domain/gpu-models.js';

// Azure VM series (adapters/azure/sizes.ts turns an ARM size name into its series; Azure's APIs
// name no GPU model, shared/provider-apis/gpu-catalog.md §4), by canonical GPU id.
export const azureGpus = gpuAliases('azure', {
  GB300: ['ND GB300 v6'],
  GB200: ['ND GB200 v6'],
  H200: ['ND H200 v5'],
  'H100-SXM': ['ND H100 v5'],
  'H100-NVL': ['NC H100 v5', 'NCC H100 v5'],
  'A100-80GB-SXM': ['NDm A100 v4'],
  'A100-40GB-SXM': ['ND A100 v4'],
  'A100-80GB-PCIe': ['NC A100 v4'],
  RTXPRO6000: ['NC RTXPRO6000BSE v6'],
  A10: ['NVads A10 v5'],
  T4: ['NCas T4 v3'],
  'V100-16GB': ['NCv3'],
  'V100-32GB': ['ND v2'],
  M60: ['NV v3'],
  MI300X: ['ND MI300X v5'],
});
