import { z } from 'zod';
import { ProviderIdSchema } from './offer.js';

// A launch outcome a provisioning tool reports (POST /v1/observations): first-hand evidence
// about one instance type at one place, stronger than a provider's yes/no or level for a while.

const name = (what: string, max: number) =>
  z
    .string()
    .regex(/^[\w.:\-/ ()+]+$/, `a ${what} as the provider names it`)
    .max(max);

/** The report's form; src/schemas/observation-input.ts also checks the provider is one we poll. */
export const ObservationFieldsSchema = z.strictObject({
  provider: ProviderIdSchema,
  region: name('region', 64),
  zone: name('zone', 64).optional(),
  instanceType: name('instance type', 128),
  outcome: z.enum(['stockout', 'launched']),
  /** When the launch was tried; defaults to when the report arrives. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type ObservationInput = z.infer<typeof ObservationFieldsSchema>;

export interface Observation {
  /** hardwareKey: provider, region, zone and instance type. */
  key: string;
  provider: string;
  region: string;
  zone?: string;
  instanceType: string;
  outcome: 'stockout' | 'launched';
  /** When the launch was tried (ISO). */
  at: string;
  /** ms epoch until which it counts. */
  until: number;
}
