import { z } from 'zod';

// Raw Lambda Cloud responses (OpenAPI 1.10.0). Unknown fields are stripped, not rejected, so a
// new field on Lambda's side never breaks a poll.

export const lambdaRegionSchema = z.object({ name: z.string().min(1), description: z.string() });

// 1.10.0 says integer cents; the 1.5.3 example printed a string ('80'), so accept both.
const cents = z
  .union([z.number(), z.string().trim().min(1)])
  .transform(Number)
  .pipe(z.number().nonnegative());

export const lambdaInstanceTypeSchema = z.object({
  name: z.string().min(1),
  description: z.string(),
  // Absent in 1.5.3-era payloads.
  gpu_description: z.string().default(''),
  price_cents_per_hour: cents,
  specs: z.object({
    vcpus: z.number().int().nonnegative(),
    memory_gib: z.number().nonnegative(),
    storage_gib: z.number().nonnegative(),
    gpus: z.number().int().nonnegative(),
  }),
});

export const lambdaInstanceTypesResponseSchema = z.object({
  data: z.record(
    z.string(),
    z.object({
      instance_type: lambdaInstanceTypeSchema,
      regions_with_capacity_available: z.array(lambdaRegionSchema),
    }),
  ),
});

export const lambdaRegionsResponseSchema = z.object({ data: z.array(lambdaRegionSchema) });

export type LambdaRegion = z.infer<typeof lambdaRegionSchema>;
export type LambdaInstanceTypesResponse = z.infer<typeof lambdaInstanceTypesResponseSchema>;
export type LambdaRegionsResponse = z.infer<typeof lambdaRegionsResponseSchema>;

/** What `fetchRaw` returns and `normalize` reads. */
export interface LambdaRaw {
  instanceTypes: LambdaInstanceTypesResponse;
  regions: LambdaRegionsResponse;
}
