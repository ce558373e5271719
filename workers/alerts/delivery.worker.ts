import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Dispatcher } from 'undici';
import { eachLimit } from '../../src/lib/each-limit.js';
import type { Logger } from '../../src/lib/logger.js';
import type { AlertsStore } from '../../src/store/alerts-store.js';
import { ALERTS_QUEUE, RETRY_SCHEDULE_MS, retryDelay, singleJobOptions, type AlertJobData } from '../../src/queues/alerts-queue.js';
import { attemptDelivery, load, type DeliveryContext } from './delivery.js';

export interface DeliveryWorkerOptions {
  store: AlertsStore;
  /** Where a batch queues the retries of its failed first attempts. */
  queue: Queue<AlertJobData>;
  connection: ConnectionOptions;
  bullPrefix: string;
  dispatcher: Dispatcher;
  log: Logger;
  schedule?: readonly number[];
  timeoutMs?: number;
  /** Jobs run at once; a batch job also sends `concurrency` webhooks at once. @defaultValue 16 */
  concurrency?: number;
}

class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

// A single job retries through BullMQ on the schedule (or after a longer Retry-After). A batch
// job makes every first attempt of its deliveries and hands each one that must be retried to a
// single job of its own, whose id is the delivery's, numbering its attempts from 2.
export function createDeliveryWorker(o: DeliveryWorkerOptions): Worker<AlertJobData> {
  const schedule = o.schedule ?? RETRY_SCHEDULE_MS;
  const concurrency = o.concurrency ?? 16;
  const c: DeliveryContext = {
    store: o.store,
    dispatcher: o.dispatcher,
    log: o.log.child({ component: 'alerts' }),
    timeoutMs: o.timeoutMs,
  };
  const lastAttempt = schedule.length + 1;

  const single = async (deliveryId: string, attempt: number): Promise<string> => {
    const entry = await o.store.outbox(deliveryId);
    if (!entry) return 'already settled';
    const [loaded] = await load(o.store, [entry]);
    const r = await attemptDelivery(c, entry, loaded!, attempt, attempt >= lastAttempt);
    if ('retry' in r) throw new RetryLater(r.retry, r.retryAfterMs);
    if (r.failure) throw new UnrecoverableError(`delivery failed: ${r.failure}`);
    return r.settled;
  };

  const batch = async (deliveryIds: string[]): Promise<string> => {
    const entries = (await o.store.outboxMany(deliveryIds)).filter((e) => e !== undefined);
    const loaded = await load(o.store, entries);
    let retrying = 0;
    await eachLimit([...entries.keys()], concurrency, async (i) => {
      const entry = entries[i]!;
      const r = await attemptDelivery(c, entry, loaded[i]!, 1, lastAttempt <= 1);
      if (!('retry' in r)) return;
      retrying++;
      await o.queue.add(
        'deliver',
        { deliveryId: entry.id, attempt: 2 },
        { ...singleJobOptions(schedule, entry.id, 2), delay: retryDelay(schedule, 1, r.retryAfterMs) },
      );
    });
    return `${entries.length} attempted, ${retrying} to retry`;
  };

  const worker = new Worker<AlertJobData>(
    ALERTS_QUEUE,
    (job: Job<AlertJobData>) =>
      'batch' in job.data ? batch(job.data.deliveryIds) : single(job.data.deliveryId, (job.data.attempt ?? 1) + job.attemptsMade),
    {
      connection: o.connection,
      prefix: o.bullPrefix,
      concurrency,
      autorun: false,
      settings: {
        backoffStrategy: (attemptsMade: number, _type?: string, err?: Error, job?: { data: AlertJobData }) => {
          const first = job && 'deliveryId' in job.data ? (job.data.attempt ?? 1) : 1;
          return retryDelay(schedule, first - 1 + attemptsMade, err instanceof RetryLater ? err.retryAfterMs : 0);
        },
      },
    },
  );
  worker.on('error', (err) => c.log.error({ err }, 'alerts worker error'));
  return worker;
}
