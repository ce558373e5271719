import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAzureAdapter, type AzureAdapterDeps } from '../../adapters/azure/index.js';
import { startAzureFake, type AzureFake, type AzureFakeOptions } from '../../adapters/azure/fake.js';
import { loadConfig } from '../../config/env.js';
import { createLogger } from '../../src/lib/logger.js';

export const ctx = () => ({ log: createLogger('silent'), signal: AbortSignal.timeout(30_000) });

export interface AzureTestFake {
  fake: AzureFake;
  /** The fake's certificate as a PEM file, for GPU_RADAR_AZURE_CA_FILE. */
  caFile: string;
  close(): Promise<void>;
}

export async function azureTestFake(opts: AzureFakeOptions = {}): Promise<AzureTestFake> {
  const fake = await startAzureFake(opts);
  const dir = mkdtempSync(join(tmpdir(), 'gpu-radar-azure-'));
  const caFile = fake.writeCa(join(dir, 'ca.pem'));
  return { fake, caFile, close: async () => (await fake.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** The env that points gpu-radar's Azure provider at a fake, as an operator would set it. */
export function azureEnv(t: AzureTestFake): Record<string, string> {
  const f = t.fake;
  return {
    GPU_RADAR_PROVIDERS: 'azure',
    AZURE_TENANT_ID: f.tenant,
    AZURE_CLIENT_ID: f.clientId,
    AZURE_CLIENT_SECRET: f.clientSecret,
    AZURE_SUBSCRIPTION_ID: f.subscription,
    AZURE_AUTHORITY_HOST: f.authorityHost,
    GPU_RADAR_AZURE_URL: f.url,
    GPU_RADAR_AZURE_PRICES_URL: f.pricesUrl,
    GPU_RADAR_AZURE_REGIONS: f.regions().join(','),
    GPU_RADAR_AZURE_CA_FILE: t.caFile,
  };
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
