import { Redis } from 'ioredis';
import { loadConfig } from '../../config/env.js';
import { ADAPTER_IDS } from '../../config/providers.js';
import { startDemoMarket } from '../demo/market.js';
import { createLogger } from '../lib/logger.js';
import { run } from './run.js';

/** The demo keeps its data under its own prefix, which it clears at start. */
const DEMO_PREFIX = '{gpu-radar-demo}:';
const DEMO_INTERVAL_MS = '3000';

export async function demo(env: NodeJS.ProcessEnv): Promise<void> {
  const log = createLogger(env.LOG_LEVEL || 'info');
  const market = await startDemoMarket(log);
  // Fast polls, so the demo shows change within seconds; the user's env still wins.
  const intervals = Object.fromEntries(ADAPTER_IDS.map((id) => [`GPU_RADAR_${id.toUpperCase()}_INTERVAL_MS`, DEMO_INTERVAL_MS]));
  const config = loadConfig({ GPU_RADAR_REDIS_PREFIX: DEMO_PREFIX, ...intervals, ...env, ...market.env });
  for (const p of Object.values(config.providers)) p.simulated = p.enabled;
  if (config.redisPrefix === DEMO_PREFIX) await clearPrefix(config.redisUrl, DEMO_PREFIX);
  log.warn('SIMULATED market: every provider answer in this demo comes from a local fake, not a real cloud');
  await run('start', config, log, { onClose: market.close });
}

async function clearPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[{}*?[\]]/g, '\\$&')}*`, 'COUNT', 1000);
      if (found.length) await redis.del(...found);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
