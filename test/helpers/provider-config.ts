import { loadConfig, type Config } from '../../config/env.js';
import type { ProviderId } from '../../config/providers.js';

/** A ProviderConfig built the way production builds it: through loadConfig and env names. */
export function providerConfig<Id extends ProviderId>(
  id: Id,
  opts: { url: string; credentials: Record<string, string>; timeoutMs?: number },
): Config['providers'][Id] {
  const key = `GPU_RADAR_${id.toUpperCase()}`;
  const env: Record<string, string> = { GPU_RADAR_PROVIDERS: id, ...opts.credentials, [`${key}_URL`]: opts.url };
  if (opts.timeoutMs !== undefined) env[`${key}_TIMEOUT_MS`] = String(opts.timeoutMs);
  return loadConfig(env).providers[id];
}
