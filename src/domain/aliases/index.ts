import { COREWEAVE_ALIASES } from './coreweave.js';
import { AWS_ALIASES } from './aws.js';
import { AZURE_ALIASES } from './azure.js';
import { GCP_ALIASES } from './gcp.js';
import { LAMBDA_ALIASES } from './lambda.js';
import { RUNPOD_ALIASES } from './runpod.js';
import { VASTAI_ALIASES } from './vastai.js';

/**
 * Provider-native GPU names by provider, then canonical id. Each provider keeps its own file,
 * so adding one never touches another's names; gpu-models.ts checks every id exists.
 */
export const PROVIDER_ALIASES: Record<string, Record<string, string[]>> = {
  lambda: LAMBDA_ALIASES,
  aws: AWS_ALIASES,
  vastai: VASTAI_ALIASES,
  runpod: RUNPOD_ALIASES,
  coreweave: COREWEAVE_ALIASES,
  gcp: GCP_ALIASES,
  azure: AZURE_ALIASES,
};
