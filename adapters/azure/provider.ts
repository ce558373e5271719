import { defineProvider } from '../define.js';
import { azureFakeEnv, azureFakeFiles, type AzureTestFake } from './fake/env.js';
import { withFakeFiles } from '../fake-files.js';
import type { AzureFakeOptions } from './fake/index.js';
import { azureGpus } from './aliases.js';
import { AZURE_SETTINGS } from './settings.js';

export type { AzureTestFake };

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
      withFakeFiles(await (await import('./fake/index.js')).startAzureFake(opts), azureFakeFiles),
    env: azureFakeEnv,
  },
  demo: async () => (await import('./demo.js')).startAzureDemo(),
});
