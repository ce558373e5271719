import { z } from 'zod';
import { filterFields } from './query-fields.js';

export const GROUP_BY_DIMENSIONS = ['gpu', 'provider', 'region', 'market', 'geo'] as const;
export type GroupByDimension = (typeof GROUP_BY_DIMENSIONS)[number];

export const groupByField = z
  .string()
  .max(128)
  .transform((s) =>
    s
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.enum(GROUP_BY_DIMENSIONS))
      .min(1, 'must name at least one of gpu, provider, region, market, geo')
      .refine((dims) => new Set(dims).size === dims.length, 'names a dimension twice'),
  );

// The dashboard matrix: the /v1/capacity filters, grouped by an ordered list of dimensions.
// `availability` defaults to every status here, because a matrix shows the empty cells too.
export const SummaryQuerySchema = z
  .object({
    ...filterFields,
    groupBy: groupByField.default(['gpu', 'provider']),
  })
  .strict();
export type SummaryQuery = z.infer<typeof SummaryQuerySchema>;

/** /v1/gpus: which models, and which offers feed their aggregates. */
export const GpusQuerySchema = z
  .object({
    gpu: filterFields.gpu,
    provider: filterFields.provider,
    region: filterFields.region,
    geo: filterFields.geo,
  })
  .strict();
export type GpusQuery = z.infer<typeof GpusQuerySchema>;
