import { z } from 'zod';
import { gpuCounts } from '../settings-fields.js';

// RunPod-specific environment, keyed by the exact env names (DESIGN §7: all data centers).

export const RUNPOD_SETTINGS = z.object({
  /** Pod sizes whose stock is polled; RunPod reports stock per GPU count. @defaultValue 1,2,4,8 */
  GPU_RADAR_RUNPOD_GPU_COUNTS: gpuCounts(64, 8, '1,2,4,8').default([1, 2, 4, 8]),
  /**
   * Spot prices come only from RunPod's GraphQL API (retiring in early 2027); `false` drops the
   * spot scopes. @defaultValue true
   */
  GPU_RADAR_RUNPOD_SPOT: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(true),
});

export type RunpodSettings = z.infer<typeof RUNPOD_SETTINGS>;
