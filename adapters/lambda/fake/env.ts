import type { LambdaFake } from './index.js';

// The env an operator sets to point gpu-radar at this fake: the tests' and the demo's, written once.

export const lambdaFakeEnv = (f: LambdaFake): Record<string, string> => ({ LAMBDA_API_KEY: f.apiKey, GPU_RADAR_LAMBDA_URL: f.url });
