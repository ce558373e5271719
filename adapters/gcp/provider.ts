import { join } from 'node:path';
import { defineProvider } from '../define.js';
import { withFakeFiles, type FakeWithFiles } from '../fake-files.js';
import type { GcpFake, GcpFakeOptions } from './fake/index.js';
import { gcpGpus } from './aliases.js';
import { GCP_SETTINGS } from './settings.js';

/** A GCP fake and the key file an operator would point GOOGLE_APPLICATION_CREDENTIALS at. */
export type GcpTestFake = FakeWithFiles<GcpFake, { keyFile: string }>;

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
      withFakeFiles(await (await import('./fake/index.js')).startGcpFake(opts), (f, dir) => ({
        keyFile: f.writeCredentials(join(dir, 'service-account.json')),
      })),
    env: ({ fake: f, keyFile }: GcpTestFake) => ({
      GOOGLE_APPLICATION_CREDENTIALS: keyFile,
      GCP_PROJECT_ID: f.project,
      GPU_RADAR_GCP_URL: f.url,
      GPU_RADAR_GCP_BILLING_URL: f.billingUrl,
      GPU_RADAR_GCP_REGIONS: f.regions().join(','),
    }),
  },
  demo: async () => (await import('./demo.js')).startGcpDemo(),
});
