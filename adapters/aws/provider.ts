import { defineProvider } from '../define.js';
import { awsFakeEnv } from './fake/env.js';
import type { AwsFake, AwsFakeOptions } from './fake/index.js';
import { awsGpus } from './aliases.js';
import { AWS_SETTINGS } from './settings.js';

export const aws = defineProvider({
  id: 'aws',
  name: 'AWS',
  // No URL: EC2 endpoints come from the SDK (AWS_ENDPOINT_URL_EC2), prices from GPU_RADAR_AWS_PRICING_URL.
  defaults: { intervalMs: 300_000, concurrency: 2, timeoutMs: 20_000 },
  // EC2 credentials come from the SDK's chain (env, profile, SSO, roles), which env names alone
  // cannot express: the adapter checks it and fails each region with `auth` when it is empty.
  credentials: [],
  optionalCredentials: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'],
  settings: AWS_SETTINGS,
  aliases: awsGpus,
  create: async (cfg, deps) => (await import('./index.js')).createAwsAdapter(cfg, deps),
  fake: {
    start: async (opts?: AwsFakeOptions): Promise<AwsFake> => (await import('./fake/index.js')).startAwsFake(opts),
    env: awsFakeEnv,
  },
  demo: async () => (await import('./demo.js')).startAwsDemo(),
});
