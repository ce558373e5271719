import { z } from 'zod';
import { filterFields } from './query-fields.js';

export const OffersQuerySchema = z
  .object({
    ...filterFields,
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z
      .string()
      .max(512)
      .regex(/^[\w-]+$/, 'an opaque cursor from a previous page')
      .optional(),
  })
  .strict();
export type OffersQuery = z.infer<typeof OffersQuerySchema>;
