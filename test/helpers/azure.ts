import { createAzureAdapter, type AzureAdapterDeps } from '../../adapters/azure/index.js';
import type { AzureFakeOptions } from '../../adapters/azure/fake/index.js';
import { azure, type AzureTestFake } from '../../adapters/azure/provider.js';
import { loadConfig } from '../../config/env.js';
import { createLogger } from '../../src/lib/logger.js';

export const ctx = () => ({ log: createLogger('silent'), signal: AbortSignal.timeout(30_000) });

export type { AzureTestFake };

export const azureTestFake = (opts: AzureFakeOptions = {}): Promise<AzureTestFake> => azure.fake.start(opts);

/** The env that points gpu-radar's Azure provider at a fake, as an operator would set it. */
export function azureEnv(t: AzureTestFake): Record<string, string> {
  return { GPU_RADAR_PROVIDERS: 'azure', ...azure.fake.env(t) };
}

export async function azureSetup(
  fakes: AzureTestFake[],
  fakeOpts: AzureFakeOptions = {},
  deps: AzureAdapterDeps = {},
  env: (t: AzureTestFake) => Record<string, string> = azureEnv,
) {
  const t = await azureTestFake(fakeOpts);
  fakes.push(t);
  const cfg = loadConfig(env(t)).providers.azure;
  // Tests may retry a failed price load at once.
  const adapter = createAzureAdapter(cfg, { ...deps, pricing: { retryFailedMs: 0, ...deps.pricing } });
  const poll = async (region: string) => adapter.normalize(await adapter.fetchRaw(region, ctx()), region);
  return { fake: t.fake, caFile: t.caFile, cfg, adapter, poll };
}
