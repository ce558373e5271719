import { createGcpAdapter, type GcpAdapterDeps } from '../../adapters/gcp/index.js';
import type { GcpFakeOptions } from '../../adapters/gcp/fake/index.js';
import { gcp, type GcpTestFake } from '../../adapters/gcp/provider.js';
import { loadConfig } from '../../config/env.js';
import { createLogger } from '../../src/lib/logger.js';

export const ctx = () => ({ log: createLogger('silent'), signal: AbortSignal.timeout(30_000) });

export type { GcpTestFake };

/** A fake and the key file an operator would point GOOGLE_APPLICATION_CREDENTIALS at. */
export const gcpTestFake = (opts: GcpFakeOptions = {}): Promise<GcpTestFake> => gcp.fake.start(opts);

/** The env that points gpu-radar's GCP provider at a fake, as an operator would set it. */
export function gcpEnv(t: GcpTestFake): Record<string, string> {
  return { GPU_RADAR_PROVIDERS: 'gcp', ...gcp.fake.env(t) };
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
