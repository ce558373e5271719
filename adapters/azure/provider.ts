import { join } from 'node:path';
import { defineProvider } from '../define.js';
import { withFakeFiles, type FakeWithFiles } from '../fake-files.js';
import type { AzureFake, AzureFakeOptions } from './fake/index.js';
import { azureGpus } from './aliases.js';
import { AZURE_SETTINGS } from './settings.js';

/** An Azure fake and its certificate as a PEM file, for GPU_RADAR_AZURE_CA_FILE. */
export type AzureTestFake = FakeWithFiles<AzureFake, { caFile: string }>;

export const azure = defineProvider({
  id: 'azure',
  name: 'Azure',
  // ARM origin (GPU_RADAR_AZURE_URL); Entra ID at AZURE_AUTHORITY_HOST, prices at GPU_RADAR_AZURE_PRICES_URL.
  defaults: { url: 'https://management.azure.com', intervalMs: 300_000, concurrency: 2, timeoutMs: 20_000 },
  credentials: ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_SUBSCRIPTION_ID'],
  settings: AZURE_SETTINGS,
  aliases: azureGpus,
  create: async (cfg, deps) => (await import('./index.js')).createAzureAdapter(cfg, deps),
  fake: {
    start: async (opts?: AzureFakeOptions): Promise<AzureTestFake> =>
      withFakeFiles(await (await import('./fake/index.js')).startAzureFake(opts), (f, dir) => ({ caFile: f.writeCa(join(dir, 'ca.pem')) })),
    env: ({ fake: f, caFile }: AzureTestFake) => ({
      AZURE_TENANT_ID: f.tenant,
      AZURE_CLIENT_ID: f.clientId,
      AZURE_CLIENT_SECRET: f.clientSecret,
      AZURE_SUBSCRIPTION_ID: f.subscription,
      AZURE_AUTHORITY_HOST: f.authorityHost,
      GPU_RADAR_AZURE_URL: f.url,
      GPU_RADAR_AZURE_PRICES_URL: f.pricesUrl,
      GPU_RADAR_AZURE_REGIONS: f.regions().join(','),
      GPU_RADAR_AZURE_CA_FILE: caFile,
    }),
  },
  demo: async () => (await import('./demo.js')).startAzureDemo(),
});
