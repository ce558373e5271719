import { Redis } from 'ioredis';
import { loadConfig } from '../../config/env.js';
import { deletePrefix } from '../store/delete-prefix.js';
import { PROVIDER_IDS } from '../../config/providers.js';
import { startDemoMarket } from '../demo/market.js';
import { startDemoReceiver } from '../demo/receiver.js';
import { createLogger } from '../lib/logger.js';
import { AlertsService } from '../services/alerts/service.js';
import { AlertsStore } from '../store/alerts-store.js';
import { keys } from '../store/keys.js';
import { run } from './run.js';

/** The demo keeps its data under its own prefix, which it clears at start. */
const DEMO_PREFIX = '{gpu-radar-demo}:';
const DEMO_INTERVAL_MS = '3000';

export async function demo(env: NodeJS.ProcessEnv): Promise<void> {
  const log = createLogger(env.LOG_LEVEL || 'info');
  const market = await startDemoMarket(log);
  // Fast polls, so the demo shows change within seconds; the user's env still wins.
  const intervals = Object.fromEntries(PROVIDER_IDS.map((id) => [`GPU_RADAR_${id.toUpperCase()}_INTERVAL_MS`, DEMO_INTERVAL_MS]));
  // The demo's own webhook receiver listens on loopback, which only the allowlist opens.
  const receiver = await startDemoReceiver(log);
  const allowlist = [env.GPU_RADAR_WEBHOOK_ALLOWLIST, '127.0.0.1'].filter(Boolean).join(',');
  const config = loadConfig({
    GPU_RADAR_REDIS_PREFIX: DEMO_PREFIX,
    ...intervals,
    ...env,
    ...market.env,
    GPU_RADAR_WEBHOOK_ALLOWLIST: allowlist,
  });
  for (const p of Object.values(config.providers)) p.simulated = p.enabled;
  if (config.redisPrefix === DEMO_PREFIX) await clearPrefix(config.redisUrl, DEMO_PREFIX);
  await createDemoAlert(config.redisUrl, config.redisPrefix, allowlist.split(','), receiver, log);
  log.warn('SIMULATED market: every provider answer in this demo comes from a local fake, not a real cloud');
  await run('start', config, log, {
    onClose: async () => {
      await market.close();
      await receiver.close();
    },
  });
}

async function createDemoAlert(
  url: string,
  prefix: string,
  allowlist: string[],
  receiver: Awaited<ReturnType<typeof startDemoReceiver>>,
  log: ReturnType<typeof createLogger>,
): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    const svc = new AlertsService(new AlertsStore(redis, keys(prefix)), allowlist, async () => undefined);
    const { rule, secret } = await svc.create({
      name: '8 × H100 in the US under $5/GPU-h',
      query: { gpu: 'H100', count: 8, geo: 'us', maxPricePerGpuHour: 5 },
      condition: { availability: ['available'], minPlacements: 1 },
      url: receiver.url,
      format: 'standard',
      for: 0,
      resolveAfter: 1,
      repeatAfter: null,
      enabled: true,
    });
    receiver.secret = secret;
    log.info({ alert: rule.id, url: receiver.url }, `demo alert "${rule.name}" created; its webhooks are logged by the demo receiver`);
  } finally {
    redis.disconnect();
  }
}

async function clearPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    await deletePrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
