import { z } from 'zod';
import { GPU_MODELS, gpuIdsForQuery } from '../domain/gpu-models.js';
import { GEOS } from '../domain/locations.js';
import { MARKETS, STATUSES } from '../domain/offer.js';
import { PROVIDER_IDS } from '../../config/providers.js';

// Query-string fields shared by every endpoint that filters offers. Values arrive as strings;
// lists are comma-separated (`provider=lambda,aws`).

const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .max(1024)
    .transform((s) => splitList(s))
    .pipe(z.array(item).min(1, 'must name at least one value').max(64));

const KNOWN = [...new Set(GPU_MODELS.flatMap((g) => [g.model, g.id]))].join(', ');

export const gpuField = z
  .string()
  .min(1)
  .max(64)
  .superRefine((term, ctx) => {
    if (!gpuIdsForQuery(term).length) ctx.addIssue({ code: 'custom', message: `unknown GPU ${JSON.stringify(term)}; known: ${KNOWN}` });
  });

/** Splits on commas outside braces, so a glob like `us-{east,west}-1` stays one value. */
function splitList(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = s[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (i === s.length || (c === ',' && depth === 0)) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  return out.filter(Boolean);
}

export const filterFields = {
  gpu: gpuField.optional(),
  minGpuMemoryGiB: z.coerce.number().positive().max(4096).optional(),
  market: list(z.enum(MARKETS)).optional(),
  provider: list(z.enum(PROVIDER_IDS)).optional(),
  region: list(z.string().regex(/^[\w*?.\-[\]{},]{1,64}$/, 'a region name or glob such as us-*')).optional(),
  geo: list(z.enum(GEOS)).optional(),
  maxPricePerGpuHour: z.coerce.number().positive().max(100_000).optional(),
  interconnect: list(z.enum(['nvlink', 'pcie', 'infiniband'])).optional(),
  availability: list(z.enum(STATUSES)).optional(),
  // Marketplace host quality (Vast.ai); offers from providers without these facts are not judged by them.
  minReliability: z.coerce.number().min(0).max(1).optional(),
  verification: list(z.enum(['verified', 'unverified', 'deverified'])).optional(),
};

export const OfferFiltersSchema = z.object(filterFields).strict();
export type OfferFilters = z.infer<typeof OfferFiltersSchema>;

export const DEFAULT_AVAILABILITY = ['available', 'limited', 'unknown'] as const;
