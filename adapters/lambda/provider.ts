import { defineProvider } from '../define.js';
import { lambdaFakeEnv } from './fake/env.js';
import type { LambdaFake, LambdaFakeOptions } from './fake/index.js';
import { lambdaGpus } from './aliases.js';

export const lambda = defineProvider({
  id: 'lambda',
  name: 'Lambda Cloud',
  // Polite by default: Lambda allows about one request per second per key.
  defaults: { url: 'https://cloud.lambda.ai', intervalMs: 60_000, concurrency: 1, timeoutMs: 15_000 },
  credentials: ['LAMBDA_API_KEY'],
  aliases: lambdaGpus,
  create: async (cfg, deps) => (await import('./index.js')).createLambdaAdapter(cfg, deps),
  fake: {
    start: async (opts?: LambdaFakeOptions): Promise<LambdaFake> => (await import('./fake/index.js')).startLambdaFake(opts),
    env: lambdaFakeEnv,
  },
  demo: async () => (await import('./demo.js')).startLambdaDemo(),
});
