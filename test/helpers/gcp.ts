import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGcpAdapter, type GcpAdapterDeps } from '../../adapters/gcp/index.js';
import { startGcpFake, type GcpFake, type GcpFakeOptions } from '../../adapters/gcp/fake.js';
import { loadConfig } from '../../config/env.js';
import { createLogger } from '../../src/lib/logger.js';

export const ctx = () => ({ log: createLogger('silent'), signal: AbortSignal.timeout(30_000) });

export interface GcpTestFake {
  fake: GcpFake;
  keyFile: string;
  close(): Promise<void>;
}

/** A fake and the key file an operator would point GOOGLE_APPLICATION_CREDENTIALS at. */
export async function gcpTestFake(opts: GcpFakeOptions = {}): Promise<GcpTestFake> {
  const fake = await startGcpFake(opts);
  const dir = mkdtempSync(join(tmpdir(), 'gpu-radar-gcp-'));
  const keyFile = fake.writeCredentials(join(dir, 'service-account.json'));
  return { fake, keyFile, close: async () => (await fake.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** The env that points gpu-radar's GCP provider at a fake, as an operator would set it. */
export function gcpEnv(t: GcpTestFake): Record<string, string> {
  return {
    GPU_RADAR_PROVIDERS: 'gcp',
    GOOGLE_APPLICATION_CREDENTIALS: t.keyFile,
    GCP_PROJECT_ID: t.fake.project,
    GPU_RADAR_GCP_URL: t.fake.url,
    GPU_RADAR_GCP_BILLING_URL: t.fake.billingUrl,
    GPU_RADAR_GCP_REGIONS: t.fake.regions().join(','),
  };
}

export async function gcpSetup(
  fakes: GcpTestFake[],
  fakeOpts: GcpFakeOptions = {},
  deps: GcpAdapterDeps = {},
  env: (t: GcpTestFake) => Record<string, string> = gcpEnv,
) {
  const t = await gcpTestFake(fakeOpts);
  fakes.push(t);
  const cfg = loadConfig(env(t)).providers.gcp;
  // Tests want every poll to read the catalog afresh and a failed price load retried at once.
  const adapter = createGcpAdapter(cfg, { catalogTtlMs: 0, ...deps, pricing: { retryFailedMs: 0, ...deps.pricing } });
  const poll = async (region: string) => adapter.normalize(await adapter.fetchRaw(region, ctx()), region);
  return { fake: t.fake, keyFile: t.keyFile, cfg, adapter, poll };
}
