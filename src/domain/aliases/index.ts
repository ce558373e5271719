import { LAMBDA_ALIASES } from './lambda.js';

/**
 * Provider-native GPU names by provider, then canonical id. Each provider keeps its own file,
 * so adding one never touches another's names; gpu-models.ts checks every id exists.
 */
export const PROVIDER_ALIASES: Record<string, Record<string, string[]>> = {
  lambda: LAMBDA_ALIASES,
};
