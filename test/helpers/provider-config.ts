import { loadConfig, type ProviderConfig } from '../../config/env.js';
import type { AdapterId } from '../../config/providers.js';

/** A ProviderConfig built the way production builds it: through loadConfig and env names. */
export function providerConfig(
  id: AdapterId,
  opts: { url: string; credentials: Record<string, string>; timeoutMs?: number },
): ProviderConfig {
  const key = `GPU_RADAR_${id.toUpperCase()}`;
  const env: Record<string, string> = { GPU_RADAR_PROVIDERS: id, ...opts.credentials, [`${key}_URL`]: opts.url };
  if (opts.timeoutMs !== undefined) env[`${key}_TIMEOUT_MS`] = String(opts.timeoutMs);
  return loadConfig(env).providers[id];
}
