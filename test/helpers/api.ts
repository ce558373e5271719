import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../config/env.js';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import type { RouteDeps } from '../../src/routes/deps.js';
import { EventHub } from '../../src/services/alerts/event-hub.js';
import { AlertsService } from '../../src/services/alerts/service.js';
import { Authenticator } from '../../src/services/auth/authenticator.js';
import { ObservationsService } from '../../src/services/observations.js';
import { OfferIndex } from '../../src/services/offer-index.js';
import { AlertsStore } from '../../src/store/alerts-store.js';
import { ApiKeysStore } from '../../src/store/api-keys-store.js';
import { HistoryStore } from '../../src/store/history-store.js';
import { IndexFeed } from '../../src/store/index-feed.js';
import { ObservationsStore } from '../../src/store/observations-store.js';
import type { TestRedis } from './redis.js';

export interface TestApi {
  app: FastifyInstance;
  index: OfferIndex;
  config: Config;
  close(): Promise<void>;
}

/**
 * Everything the API process supplies, over this test's Redis prefix. Alerts are stored but
 * never delivered, and the event hub hears nothing until a feed publishes to it.
 */
export function testDeps(t: TestRedis, config: Config, index: OfferIndex): RouteDeps {
  return {
    config,
    index,
    readiness: async () => ({ ready: true, checks: {} }),
    history: new HistoryStore(t.redis, t.prefix, { retentionDays: config.historyRetentionDays }),
    queueDepths: async () => ({}),
    alerts: new AlertsService(new AlertsStore(t.redis, t.k), config.webhookAllowlist, async () => undefined),
    events: new EventHub(
      async (after, count) => (await t.redis.xrange(t.k.events, `(${after}`, '+', 'COUNT', count)) as [string, string[]][],
    ),
    observations: new ObservationsService(new ObservationsStore(t.redis, t.k), index, config),
    // Keys are re-read every 100 ms here (1 s in production), so revocation shows quickly.
    ...(config.auth === 'keys' ? { auth: new Authenticator(new ApiKeysStore(t.redis, t.k), config.rateLimitPerMinute, 100) } : {}),
  };
}

/** The real app over the real index, fed from this test's Redis prefix; requests via inject. */
export async function testApi(t: TestRedis, env: Record<string, string> = {}, extra: Partial<RouteDeps> = {}): Promise<TestApi> {
  const config = loadConfig({ LAMBDA_API_KEY: 'test-key', GPU_RADAR_REDIS_PREFIX: t.prefix, ...env });
  const index = new OfferIndex();
  const feed = new IndexFeed(t.redis, t.k, index, createLogger('silent'));
  const deps = { ...testDeps(t, config, index), ...extra };
  feed.onBatch(deps.events.publish);
  await feed.start();
  const app = await buildApp(deps, { logger: false });
  return {
    app,
    index,
    config,
    async close() {
      await app.close();
      await feed.stop();
    },
  };
}

/** Polls until `check` passes; for changes that travel through the stream. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
