import { z } from 'zod';
import { PROVIDER_IDS } from '../../config/providers.js';
import { ObservationFieldsSchema } from '../domain/observation.js';

/** POST /v1/observations: a launch outcome for a provider gpu-radar polls. */
export const ObservationInputSchema = ObservationFieldsSchema.extend({ provider: z.enum(PROVIDER_IDS) });
