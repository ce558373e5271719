import { z } from 'zod';

// Raw RunPod answers (shared/provider-apis/runpod.md). The v2 page is only checked for its
// `gpus` array; each GPU type is parsed on its own in normalize, so one malformed type is
// dropped and counted while the rest is kept. Unknown fields are stripped.

export const CLOUDS = ['secure', 'community'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const runpodCatalogResponseSchema = z.object({ gpus: z.array(z.unknown()) });

const perCloud = <T extends z.ZodType>(t: T) => z.object({ secure: t, community: t });

export const runpodGpuSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  secure: z.boolean(),
  community: z.boolean(),
  /** USD per hour for ONE GPU; 0 or absent where the cloud does not offer it. */
  price: perCloud(z.number().nonnegative().nullish()),
  /** Largest pod, not stock. */
  maxCount: perCloud(z.number().int().nonnegative()),
  availability: z.string().optional(),
  /** Only data centers that offer the requested configuration; absent when none does. */
  dataCenters: z.array(z.object({ id: z.string().min(1), name: z.string().optional(), availability: z.string().min(1) })).optional(),
});
export type RunpodGpu = z.infer<typeof runpodGpuSchema>;

// GraphQL: only the spot prices the v2 catalog lacks.
export const SPOT_PRICES_QUERY = 'query SpotPrices { gpuTypes { id secureSpotPrice communitySpotPrice } }';

export const runpodGraphqlResponseSchema = z.object({
  data: z
    .object({
      gpuTypes: z.array(z.object({ id: z.string(), secureSpotPrice: z.number().nullish(), communitySpotPrice: z.number().nullish() })),
    })
    .nullish(),
  errors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).optional() })).optional(),
});

/** What `fetchRaw` returns for one scope: a cloud, a market, one catalog answer per GPU count. */
export interface RunpodRaw {
  cloud: Cloud;
  market: 'on-demand' | 'spot';
  catalogs: { count: number; gpus: unknown[] }[];
  /** Spot $/GPU-hour by GPU type id, for spot scopes. */
  spotPrices?: Record<string, number | null>;
}
