import type { AdapterId } from '../config/providers.js';
import { createLambdaAdapter } from './lambda/index.js';
import type { AdapterFactory } from './types.js';

// Exhaustive over config/providers.ts: a provider with defaults but no adapter fails to compile.
export const ADAPTERS: Record<AdapterId, AdapterFactory> = {
  lambda: createLambdaAdapter,
};
