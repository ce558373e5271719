import { gpuAliases } from '../../src/domain/gpu-models.js';

// Vast.ai `gpu_name` strings (shared/provider-apis/vastai.md), by canonical GPU id. Vast uses one
// name for both memory sizes of some GPUs; for those the adapter looks up `<name> <GiB>GB`
// (per-GPU `gpu_ram`, rounded to the nearest 8 GiB), so a size is never guessed from the name.
export const vastaiGpus = gpuAliases('vastai', {
  B200: ['B200'],
  H200: ['H200'],
  'H100-SXM': ['H100 SXM'],
  'H100-PCIe': ['H100 PCIE'],
  'H100-NVL': ['H100 NVL'],
  'A100-80GB-SXM': ['A100 SXM4 80GB'],
  'A100-40GB-SXM': ['A100 SXM4 40GB'],
  'A100-80GB-PCIe': ['A100 PCIE 80GB'],
  'A100-40GB-PCIe': ['A100 PCIE 40GB'],
  L40S: ['L40S'],
  L40: ['L40'],
  L4: ['L4'],
  A10: ['A10'],
  A6000: ['RTX A6000'],
  'RTX6000-Ada': ['RTX 6000Ada'],
  RTX4090: ['RTX 4090'],
  RTX5090: ['RTX 5090'],
  'V100-16GB': ['Tesla V100 16GB'],
  'V100-32GB': ['Tesla V100 32GB'],
  T4: ['Tesla T4'],
});

/** Vast names that cover several memory sizes; resolved with the offer's `gpu_ram`. */
export const VASTAI_SIZED_NAMES = new Set(['a100 sxm4', 'a100 pcie', 'tesla v100']);
