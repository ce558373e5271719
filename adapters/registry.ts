import type { AdapterId } from '../config/providers.js';
import { createAwsAdapter } from './aws/index.js';
import { createAzureAdapter } from './azure/index.js';
import { createCoreweaveAdapter } from './coreweave/index.js';
import { createGcpAdapter } from './gcp/index.js';
import { createLambdaAdapter } from './lambda/index.js';
import { createRunpodAdapter } from './runpod/index.js';
import { createVastaiAdapter } from './vastai/index.js';
import type { AdapterFactory } from './types.js';

// Exhaustive over config/providers.ts: a provider with defaults but no adapter fails to compile.
export const ADAPTERS: Record<AdapterId, AdapterFactory> = {
  lambda: createLambdaAdapter,
  aws: createAwsAdapter,
  vastai: createVastaiAdapter,
  runpod: createRunpodAdapter,
  coreweave: createCoreweaveAdapter,
  gcp: createGcpAdapter,
  azure: createAzureAdapter,
};
