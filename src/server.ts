import { Queue } from 'bullmq';
import { LogController, type FastifyInstance } from 'fastify';
import type { Config } from '../config/env.js';
import { buildApp } from './app.js';
import type { Logger } from './lib/logger.js';
import { ALERTS_QUEUE, enqueuer, type AlertJobData } from './queues/alerts-queue.js';
import { queueDepthReader } from './queues/queue-depths.js';
import type { Readiness } from './routes/deps.js';
import { EventHub } from './services/alerts/event-hub.js';
import { AlertsService } from './services/alerts/service.js';
import { Authenticator } from './services/auth/authenticator.js';
import { ObservationsService } from './services/observations.js';
import { OfferIndex } from './services/offer-index.js';
import { AlertsStore } from './store/alerts-store.js';
import { ApiKeysStore } from './store/api-keys-store.js';
import { HistoryStore } from './store/history-store.js';
import { IndexFeed } from './store/index-feed.js';
import { keys } from './store/keys.js';
import { ObservationsStore } from './store/observations-store.js';
import { checkRedisPolicy, createRedis } from './store/redis.js';

export interface RunningApi {
  app: FastifyInstance;
  index: OfferIndex;
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  url: string;
  close(): Promise<void>;
}

const WORKER_HEARTBEAT_MAX_AGE_MS = 30_000;
const FEED_MAX_SILENCE_MS = 15_000;

/** The API process: the in-memory index fed from Redis, and the HTTP server over it. */
export async function startApi(config: Config, log: Logger): Promise<RunningApi> {
  const k = keys(config.redisPrefix);
  const redis = createRedis(config.redisUrl, 'api');
  await checkRedisPolicy(redis, log);
  const index = new OfferIndex();
  const feed = new IndexFeed(redis, k, index, log);
  const events = new EventHub(
    async (after, count) => (await redis.xrange(k.events, `(${after}`, '+', 'COUNT', count)) as [string, string[]][],
  );
  feed.onBatch(events.publish);
  await feed.start();
  const alertsQueue = new Queue<AlertJobData>(ALERTS_QUEUE, { connection: redis, prefix: k.bull });
  const alerts = new AlertsService(new AlertsStore(redis, k), config.webhookAllowlist, enqueuer(alertsQueue));
  const observations = new ObservationsService(new ObservationsStore(redis, k), index, config);
  const auth = config.auth === 'keys' ? new Authenticator(new ApiKeysStore(redis, k), config.rateLimitPerMinute) : undefined;

  const readiness = async (): Promise<Readiness> => {
    const checks: Readiness['checks'] = {};
    try {
      await redis.ping();
      checks.redis = { ok: true };
      const workers = await redis.zcount(k.workers, Date.now() - WORKER_HEARTBEAT_MAX_AGE_MS, '+inf');
      checks.workers = { ok: workers > 0, detail: `${workers} worker(s) heartbeating` };
    } catch (err) {
      checks.redis = { ok: false, detail: (err as Error).message };
    }
    const silentMs = Date.now() - feed.lastReadAt;
    checks.changeStream = { ok: silentMs < FEED_MAX_SILENCE_MS, detail: `last read ${Math.round(silentMs / 1000)} s ago` };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  };

  const history = new HistoryStore(redis, k.prefix, { retentionDays: config.historyRetentionDays, log });
  const app = await buildApp(
    { config, index, readiness, history, queueDepths: queueDepthReader(redis, k.bull), alerts, events, observations, auth },
    { loggerInstance: log.child({ component: 'api' }), logController: new LogController({ disableRequestLogging: true }) },
  );
  const address = await app.listen({ port: config.port, host: config.host });
  log.info({ address }, 'API listening');
  return {
    app,
    index,
    url: address.replace('[::]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1'),
    async close() {
      await app.close();
      await alertsQueue.close();
      await feed.stop();
      redis.disconnect();
    },
  };
}
