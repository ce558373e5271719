import { Queue, type Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { AdapterDeps } from '../adapters/types.js';
import type { Config } from '../config/env.js';
import { PROVIDERS } from '../config/providers.js';
import type { Logger } from '../src/lib/logger.js';
import { keys } from '../src/store/keys.js';
import { HistoryStore } from '../src/store/history-store.js';
import { OffersStore } from '../src/store/offers-store.js';
import { createRedis } from '../src/store/redis.js';
import { startAlerting, type AlertingOptions, type RunningAlerting } from './alerts/index.js';
import { createPollWorker } from './poll.worker.js';
import { type PollJobData, pollQueueName } from '../src/queues/poll-queue.js';
import { schedulePolls, unschedulePolls } from './schedule.js';

export interface WorkersOptions {
  deps?: AdapterDeps;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Alert evaluation and webhook delivery; `false` leaves them out (e.g. tests of polling only). */
  alerts?: AlertingOptions | false;
}

export interface RunningWorkers {
  workers: Worker<PollJobData>[];
  alerting?: RunningAlerting;
  close(): Promise<void>;
}

const HEARTBEAT_MS = 5_000;

/** Poll workers and their schedulers for every enabled provider, plus a heartbeat for /readyz. */
export async function startWorkers(config: Config, log: Logger, opts: WorkersOptions = {}): Promise<RunningWorkers> {
  const k = keys(config.redisPrefix);
  const redis = createRedis(config.redisUrl, 'worker');
  const store = new OffersStore(redis, k, new HistoryStore(redis, k.prefix, { retentionDays: config.historyRetentionDays, log }));
  const queues: Queue<PollJobData>[] = [];
  const workers: Worker<PollJobData>[] = [];

  for (const def of PROVIDERS) {
    const id = def.id;
    const cfg = config.providers[id];
    const queue = new Queue<PollJobData>(pollQueueName(id), { connection: redis, prefix: k.bull });
    queues.push(queue);
    if (!cfg.enabled) {
      log.info({ provider: id }, `provider disabled: ${cfg.disabledReason}`);
      await unschedulePolls(queue);
      continue;
    }
    const adapter = await def.create(cfg, opts.deps);
    const worker = createPollWorker({ adapter, cfg, store, connection: redis, bullPrefix: k.bull, log, ...opts });
    workers.push(worker);
    await schedulePolls(queue, adapter, cfg);
    void worker.run();
    log.info({ provider: id, intervalMs: cfg.intervalMs, url: cfg.url, simulated: cfg.simulated }, 'polling provider');
  }

  const alerting = opts.alerts === false ? undefined : await startAlerting(config, log, redis, k, opts.alerts);

  const workerId = randomUUID();
  const beat = () => redis.zadd(k.workers, Date.now(), workerId).catch(() => undefined);
  await beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();

  return {
    workers,
    alerting,
    async close() {
      clearInterval(timer);
      await alerting?.close();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(queues.map((q) => q.close()));
      await redis.zrem(k.workers, workerId).catch(() => undefined);
      redis.disconnect();
    },
  };
}
