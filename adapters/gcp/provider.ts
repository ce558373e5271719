import { defineProvider } from '../define.js';
import { gcpFakeEnv, gcpFakeFiles, type GcpTestFake } from './fake/env.js';
import { withFakeFiles } from '../fake-files.js';
import type { GcpFakeOptions } from './fake/index.js';
import { gcpGpus } from './aliases.js';
import { GCP_SETTINGS } from './settings.js';

export type { GcpTestFake };

export const gcp = defineProvider({
  id: 'gcp',
  name: 'GCP',
  // Compute origin (GPU_RADAR_GCP_URL); the token exchange goes to the key file's token_uri.
  defaults: { url: 'https://compute.googleapis.com', intervalMs: 300_000, concurrency: 2, timeoutMs: 20_000 },
  credentials: ['GOOGLE_APPLICATION_CREDENTIALS', 'GCP_PROJECT_ID'],
  settings: GCP_SETTINGS,
  aliases: gcpGpus,
  create: async (cfg, deps) => (await import('./index.js')).createGcpAdapter(cfg, deps),
  fake: {
    start: async (opts?: GcpFakeOptions): Promise<GcpTestFake> =>
      withFakeFiles(await (await import('./fake/index.js')).startGcpFake(opts), gcpFakeFiles),
    env: gcpFakeEnv,
  },
  demo: async () => (await import('./demo.js')).startGcpDemo(),
});
