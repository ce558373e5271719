import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../config/env.js';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import type { RouteDeps } from '../../src/routes/deps.js';
import { Authenticator } from '../../src/services/auth/authenticator.js';
import { ObservationsService } from '../../src/services/observations.js';
import { OfferIndex } from '../../src/services/offer-index.js';
import { ApiKeysStore } from '../../src/store/api-keys-store.js';
import { IndexFeed } from '../../src/store/index-feed.js';
import { ObservationsStore } from '../../src/store/observations-store.js';
import type { TestRedis } from './redis.js';

export interface TestApi {
  app: FastifyInstance;
  index: OfferIndex;
  config: Config;
  close(): Promise<void>;
}

/** The real app over the real index, fed from this test's Redis prefix; requests via inject. */
export async function testApi(t: TestRedis, env: Record<string, string> = {}, extra: Partial<RouteDeps> = {}): Promise<TestApi> {
  const config = loadConfig({ LAMBDA_API_KEY: 'test-key', GPU_RADAR_REDIS_PREFIX: t.prefix, ...env });
  const index = new OfferIndex();
  const feed = new IndexFeed(t.redis, t.k, index, createLogger('silent'));
  await feed.start();
  const observations = new ObservationsService(new ObservationsStore(t.redis, t.k), index, config);
  // Keys are re-read every 100 ms here (1 s in production), so revocation shows quickly.
  const auth = config.auth === 'keys' ? new Authenticator(new ApiKeysStore(t.redis, t.k), config.rateLimitPerMinute, 100) : undefined;
  const app = await buildApp(
    { config, index, readiness: async () => ({ ready: true, checks: {} }), observations, auth, ...extra },
    { logger: false },
  );
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
