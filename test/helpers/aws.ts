import { createAwsAdapter, type AwsAdapterDeps } from '../../adapters/aws/index.js';
import type { AwsFake, AwsFakeOptions } from '../../adapters/aws/fake/index.js';
import { aws } from '../../adapters/aws/provider.js';
import { loadConfig, type Config } from '../../config/env.js';
import { createLogger } from '../../src/lib/logger.js';

export const ctx = () => ({ log: createLogger('silent'), signal: AbortSignal.timeout(30_000) });

/** The env that points gpu-radar's AWS provider at a fake, as an operator would set it. */
export function awsEnv(fake: AwsFake): Record<string, string> {
  return { GPU_RADAR_PROVIDERS: 'aws', ...aws.fake.env(fake) };
}

export function awsConfig(env: Record<string, string>): Config['providers']['aws'] {
  return loadConfig(env).providers.aws;
}

export async function awsSetup(
  fakes: AwsFake[],
  fakeOpts: AwsFakeOptions = {},
  env: (fake: AwsFake) => Record<string, string> = awsEnv,
  deps: AwsAdapterDeps = {},
) {
  const fake = await aws.fake.start(fakeOpts);
  fakes.push(fake);
  const cfg = awsConfig(env(fake));
  // Tests read the index on every poll and may retry a failed price file at once.
  const adapter = createAwsAdapter(cfg, { ...deps, pricing: { indexTtlMs: 0, retryFailedMs: 0, ...deps.pricing } });
  const raw = (region: string) => adapter.fetchRaw(region, ctx());
  const poll = async (region: string) => adapter.normalize(await raw(region), region);
  return { fake, cfg, adapter, raw, poll };
}
