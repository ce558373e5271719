import { z } from 'zod';

// Raw Vast.ai search answers (shared/provider-apis/vastai.md). The page is only checked for its
// `offers` array; each offer is parsed on its own in normalize, so one malformed offer is
// dropped and counted while the rest of the page is kept. Unknown fields are stripped.

export const vastBundlesResponseSchema = z.object({ offers: z.array(z.unknown()) });

// Prices are JSON numbers, but one third-party fixture had a string ("0.36"): accept both.
const usd = z
  .union([z.number(), z.string().trim().min(1)])
  .transform(Number)
  .pipe(z.number().nonnegative());

export const vastOfferSchema = z.object({
  id: z.number().int().nonnegative(),
  machine_id: z.number().int().nonnegative(),
  host_id: z.number().int().nullish(),
  num_gpus: z.number().int().positive(),
  gpu_name: z.string().min(1),
  /** Per-GPU VRAM in MB (MiB-like: an 80 GB H100 reports about 81559). */
  gpu_ram: z.number().positive().nullish(),
  /** $/hour for the whole offer, storage at `allocated_storage` included. */
  dph_total: usd,
  /** Current minimum interruptible bid, $/hour for the whole offer. */
  min_bid: usd.nullish(),
  rentable: z.boolean(),
  rented: z.boolean().nullish(),
  /** `"<place>, <CC>"`; the place may be empty and the field null. */
  geolocation: z.string().nullish(),
  reliability: z.number().min(0).max(1).nullish(),
  reliability2: z.number().min(0).max(1).nullish(),
  verification: z.string().nullish(),
  /** vCPUs this offer gets (the machine's `cpu_cores` is shared between offers). */
  cpu_cores_effective: z.number().nullish(),
});

export type VastOffer = z.infer<typeof vastOfferSchema>;

/** What `fetchRaw` returns for one GPU-name scope: every offer of every request, deduplicated. */
export interface VastRaw {
  offers: unknown[];
  /** Requests the scope took; more than one when a full answer was split. */
  requests: number;
  /** True when splitting could not cover the market (logged by fetchRaw). */
  truncated: boolean;
}
