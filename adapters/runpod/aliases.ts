import { gpuAliases } from '../../src/domain/gpu-models.js';

// RunPod GPU type ids (`id` in the v2 catalog, shared/provider-apis/runpod.md), by canonical GPU id.
// Mapped by id, never by display name: "NVIDIA H100 80GB HBM3" is the SXM part, "NVIDIA H200" too.
export const runpodGpus = gpuAliases('runpod', {
  B300: ['NVIDIA B300 SXM6 AC'],
  B200: ['NVIDIA B200'],
  H200: ['NVIDIA H200'],
  'H100-SXM': ['NVIDIA H100 80GB HBM3'],
  'H100-PCIe': ['NVIDIA H100 PCIe'],
  'H100-NVL': ['NVIDIA H100 NVL'],
  'A100-80GB-SXM': ['NVIDIA A100-SXM4-80GB'],
  'A100-80GB-PCIe': ['NVIDIA A100 80GB PCIe'],
  L40S: ['NVIDIA L40S'],
  A6000: ['NVIDIA RTX A6000'],
  'RTX6000-Ada': ['NVIDIA RTX 6000 Ada Generation'],
  RTX4090: ['NVIDIA GeForce RTX 4090'],
  RTX5090: ['NVIDIA GeForce RTX 5090'],
  'V100-32GB': ['Tesla V100-SXM2-32GB'],
  MI300X: ['AMD Instinct MI300X OAM'],
});
