// What the GCP APIs do not say and pricing and quotas need (gcp.md §4-5, gpu-catalog.md §3):
// which quota metric counts an accelerator, which billing SKUs price it, and how each GPU
// machine family is billed. Lookups are exact; anything absent is reported, never guessed.

export interface AcceleratorFacts {
  /** Region quota metric of on-demand GPUs; Google publishes none for some (H100, B200). */
  quota: string;
  /** Billing SKU names, as `skuName` reduces a description ("Nvidia H100 80GB GPU"). */
  skus: string[];
}

export const ACCELERATORS: Record<string, AcceleratorFacts> = {
  'nvidia-gb300': { quota: 'NVIDIA_GB300_GPUS', skus: ['a4x max nvidia gb300 (1 gpu slice)'] },
  'nvidia-gb200': { quota: 'NVIDIA_GB200_GPUS', skus: ['a4x nvidia gb200 (1 gpu slice)'] },
  'nvidia-b200': { quota: 'NVIDIA_B200_GPUS', skus: ['a4 nvidia b200 (1 gpu slice)'] },
  'nvidia-h200-141gb': { quota: 'NVIDIA_H200_GPUS', skus: ['h200 141gb gpu', 'nvidia h200 141gb gpu'] },
  'nvidia-h100-mega-80gb': { quota: 'NVIDIA_H100_MEGA_GPUS', skus: ['nvidia h100 80gb mega gpu', 'nvidia h100 80gb plus gpu'] },
  'nvidia-h100-80gb': { quota: 'NVIDIA_H100_GPUS', skus: ['nvidia h100 80gb gpu'] },
  'nvidia-a100-80gb': { quota: 'NVIDIA_A100_80GB_GPUS', skus: ['nvidia tesla a100 80gb gpu', 'nvidia a100 80gb gpu'] },
  'nvidia-tesla-a100': { quota: 'NVIDIA_A100_GPUS', skus: ['nvidia tesla a100 gpu'] },
  'nvidia-l4': { quota: 'NVIDIA_L4_GPUS', skus: ['nvidia l4 gpu'] },
  'nvidia-rtx-pro-6000': { quota: 'NVIDIA_RTX_PRO_6000_GPUS', skus: ['rtx 6000 96gb', 'nvidia rtx pro 6000 gpu'] },
  'nvidia-tesla-t4': { quota: 'NVIDIA_T4_GPUS', skus: ['nvidia tesla t4 gpu'] },
  'nvidia-tesla-v100': { quota: 'NVIDIA_V100_GPUS', skus: ['nvidia tesla v100 gpu'] },
  'nvidia-tesla-p100': { quota: 'NVIDIA_P100_GPUS', skus: ['nvidia tesla p100 gpu'] },
  'nvidia-tesla-p4': { quota: 'NVIDIA_P4_GPUS', skus: ['nvidia tesla p4 gpu'] },
};

/** Spot VMs count against their own `PREEMPTIBLE_` metric. */
export const quotaMetric = (accelerator: string, spot: boolean): string | undefined => {
  const q = ACCELERATORS[accelerator]?.quota;
  return q && spot ? `PREEMPTIBLE_${q}` : q;
};

/** GPUs attached to N1 machines rather than bundled in a machine type. */
export const ATTACHABLE = new Set(['nvidia-tesla-t4', 'nvidia-tesla-v100', 'nvidia-tesla-p100', 'nvidia-tesla-p4']);

/** Virtual-workstation variants carry a license; they are not for ML and are skipped. */
export const isWorkstation = (accelerator: string) => accelerator.endsWith('-vws');

export type FamilyPricing = { kind: 'parts'; sku: string } | { kind: 'slice' };

// Machine type prefix → how it is billed: cores + RAM SKUs of a family plus the GPUs, or one
// all-inclusive "GPU slice" SKU per GPU (A4, A4X). Longest prefix first.
const FAMILIES: [prefix: string, pricing: FamilyPricing][] = [
  ['a4x-', { kind: 'slice' }],
  ['a4-', { kind: 'slice' }],
  ['a3-megagpu-', { kind: 'parts', sku: 'a3plus' }],
  ['a3-ultragpu-', { kind: 'parts', sku: 'a3ultra' }],
  ['a3-', { kind: 'parts', sku: 'a3' }],
  ['a2-', { kind: 'parts', sku: 'a2' }],
  ['g2-', { kind: 'parts', sku: 'g2' }],
  ['g4-', { kind: 'parts', sku: 'g4' }],
];

export function familyPricing(machineType: string): FamilyPricing | undefined {
  return FAMILIES.find(([prefix]) => machineType.startsWith(prefix))?.[1];
}

/**
 * Sold only as Spot, Flex-start, calendar mode or reservations, never plain on-demand
 * (gpu-catalog.md §3.2): no on-demand offer is made for these even when a SKU price exists.
 */
export const noOnDemand = (machineType: string) => /^(a4x?-|a3-ultragpu-|a3-highgpu-[124]g$)/.test(machineType);

/**
 * A SKU description reduced to the thing priced: "Spot Preemptible Nvidia H100 80GB GPU running
 * in Americas" → "nvidia h100 80gb gpu"; "A3 Instance Core running in Iowa" → "a3 instance core".
 */
export function skuName(description: string): string {
  return description
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^spot preemptible /, '')
    .replace(/ (attached to spot preemptible vms )?running in .*$/, '');
}
