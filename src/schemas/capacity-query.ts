import { z } from 'zod';
import { filterFields, gpuField } from './query-fields.js';

export const CapacityQuerySchema = z
  .object({
    ...filterFields,
    gpu: gpuField,
    count: z.coerce.number().int().min(1).max(100_000).default(1),
    sort: z.enum(['availability', 'price']).default('availability'),
    limit: z.coerce.number().int().min(1).max(500).default(20),
  })
  .strict();
export type CapacityQuery = z.infer<typeof CapacityQuerySchema>;
