import { z } from 'zod';
import { commaList, wholeNumber } from '../settings-fields.js';

// Vast.ai-specific environment, keyed by the exact env names (DESIGN §7: "GPU models in config").

/** Vast `gpu_name` values polled by default: the data-center GPUs and the popular workstation ones. */
export const DEFAULT_VASTAI_GPUS = [
  'H100 SXM',
  'H100 PCIE',
  'H100 NVL',
  'H200',
  'B200',
  'A100 SXM4',
  'A100 PCIE',
  'L40S',
  'RTX 6000Ada',
  'RTX A6000',
  'RTX 4090',
  'RTX 5090',
] as const;

export const VASTAI_SETTINGS = z.object({
  /** Comma list of Vast `gpu_name` values, each its own poll scope. @defaultValue DEFAULT_VASTAI_GPUS */
  GPU_RADAR_VASTAI_GPUS: commaList(z.string().regex(/^[\w .+-]{1,40}$/, 'expected Vast gpu_name values like "H100 SXM"'), {
    emptyMessage: 'names no GPU',
  }).default([...DEFAULT_VASTAI_GPUS]),
  /** Offers per search request; a full answer is split further, never truncated. @defaultValue 3000 */
  GPU_RADAR_VASTAI_LIMIT: wholeNumber(2, 10_000).default(3000),
  /** Minimum gap between two searches: Vast enforces about 10 per minute per IP. @defaultValue 6000 */
  GPU_RADAR_VASTAI_REQUEST_GAP_MS: wholeNumber(0, 60_000).default(6000),
});

export type VastaiSettings = z.infer<typeof VASTAI_SETTINGS>;
