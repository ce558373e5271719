import { gpuAliases } from '../../src/domain/gpu-models.js';

// Values of the `gpu.nvidia.com/class` node label (shared/provider-apis/coreweave.md, section 3),
// by canonical GPU id. Only documented values: a class seen on a cluster but missing here is
// reported as unknown, never matched to a similar name. A40, RTX A5000/A4000, Quadro RTX 5000/4000
// and Tesla_V100_NVLINK (memory size not documented) have no canonical row and stay unknown.
export const coreweaveGpus = gpuAliases('coreweave', {
  'H100-SXM': ['H100_NVLINK_80GB'],
  'H100-PCIe': ['H100_PCIE'],
  'A100-80GB-SXM': ['A100_NVLINK_80GB'],
  'A100-40GB-SXM': ['A100_NVLINK'],
  'A100-40GB-PCIe': ['A100_PCIE_40GB'],
  'A100-80GB-PCIe': ['A100_PCIE_80GB'],
  A6000: ['RTX_A6000'],
  L40S: ['L40S'],
});
