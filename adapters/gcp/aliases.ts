import { gpuAliases } from '../../src/domain/gpu-models.js';

// GCP accelerator type names (`acceleratorTypes` and `machineTypes.accelerators[].guestAcceleratorType`,
// shared/provider-apis/gpu-catalog.md §3.1), by canonical GPU id. A3 Mega's GPU is the same H100 SXM.
export const gcpGpus = gpuAliases('gcp', {
  GB300: ['nvidia-gb300'],
  GB200: ['nvidia-gb200'],
  B200: ['nvidia-b200'],
  H200: ['nvidia-h200-141gb'],
  'H100-SXM': ['nvidia-h100-80gb', 'nvidia-h100-mega-80gb'],
  'A100-80GB-SXM': ['nvidia-a100-80gb'],
  'A100-40GB-SXM': ['nvidia-tesla-a100'],
  L4: ['nvidia-l4'],
  RTXPRO6000: ['nvidia-rtx-pro-6000'],
  T4: ['nvidia-tesla-t4'],
  'V100-16GB': ['nvidia-tesla-v100'],
  P100: ['nvidia-tesla-p100'],
  P4: ['nvidia-tesla-p4'],
});
