import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../../config/env.js';
import type { Logger } from '../../src/lib/logger.js';
import { AddressPolicy, guardedAgent, type LookupFn } from '../../src/lib/ssrf.js';
import { OfferIndex } from '../../src/services/offer-index.js';
import { AlertsStore } from '../../src/store/alerts-store.js';
import { IndexFeed } from '../../src/store/index-feed.js';
import type { Keys } from '../../src/store/keys.js';
import { ALERTS_QUEUE, enqueuer, RETRY_SCHEDULE_MS, type AlertJobData } from '../../src/queues/alerts-queue.js';
import { AlertEvaluator, type EvaluatorOptions } from './evaluator.js';
import { createDeliveryWorker } from './delivery.worker.js';
import { recoverOutbox } from './outbox.js';

export interface AlertingOptions extends EvaluatorOptions {
  /** Delays between delivery attempts; tests use milliseconds. */
  retryScheduleMs?: readonly number[];
  timeoutMs?: number;
  /** Name resolution for webhook destinations; tests inject one. */
  lookup?: LookupFn;
  /** How often the outbox is swept for deliveries nobody queued. @defaultValue 60 s */
  sweepMs?: number;
  /** How long a sweep leaves an entry whose batch job is not queued yet. @defaultValue 30 s */
  sweepGraceMs?: number;
}

export interface RunningAlerting {
  evaluator: AlertEvaluator;
  close(): Promise<void>;
}

/** The worker role's alerting: an index of its own, the evaluator over it, and delivery. */
export async function startAlerting(
  config: Config,
  log: Logger,
  redis: Redis,
  k: Keys,
  opts: AlertingOptions = {},
): Promise<RunningAlerting> {
  const store = new AlertsStore(redis, k);
  const schedule = opts.retryScheduleMs ?? RETRY_SCHEDULE_MS;
  const queue = new Queue<AlertJobData>(ALERTS_QUEUE, { connection: redis, prefix: k.bull });
  const enqueue = enqueuer(queue, schedule);
  const dispatcher = guardedAgent(new AddressPolicy(config.webhookAllowlist), { timeoutMs: opts.timeoutMs, lookup: opts.lookup });
  const worker = createDeliveryWorker({
    store,
    queue,
    connection: redis,
    bullPrefix: k.bull,
    dispatcher,
    log,
    schedule,
    timeoutMs: opts.timeoutMs,
  });
  // At start, every entry without a live job is taken over: most likely this process's own
  // evaluator died after deciding them.
  await recoverOutbox(store, queue, enqueue, log, 0);
  void worker.run();

  const index = new OfferIndex();
  const feed = new IndexFeed(redis, k, index, log.child({ component: 'alert-evaluator' }));
  const evaluator = new AlertEvaluator(store, index, config, enqueue, log.child({ component: 'alert-evaluator' }), opts);
  feed.onBatch(evaluator.onBatch);
  await feed.start();
  await evaluator.start();
  const sweep = setInterval(
    () => void recoverOutbox(store, queue, enqueue, log, opts.sweepGraceMs ?? 30_000).catch(() => undefined),
    opts.sweepMs ?? 60_000,
  );
  sweep.unref();

  return {
    evaluator,
    async close() {
      clearInterval(sweep);
      await evaluator.stop();
      await feed.stop();
      await worker.close();
      await queue.close();
      await dispatcher.close();
    },
  };
}
