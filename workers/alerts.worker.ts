import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job, type JobsOptions } from 'bullmq';
import type { Dispatcher } from 'undici';
import type { Logger } from '../src/lib/logger.js';
import { postWebhook } from '../src/lib/webhooks.js';
import type { Enqueue } from '../src/services/alerts/service.js';
import type { AlertsStore, DeliveryAttempt } from '../src/store/alerts-store.js';

export const ALERTS_QUEUE = 'alerts';

/** Delays before each retry: about a day in all, as Standard Webhooks senders do. */
export const RETRY_SCHEDULE_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000];

export interface AlertJobData {
  deliveryId: string;
}

class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export const alertJobOptions = (schedule: readonly number[]): JobsOptions => ({
  attempts: schedule.length + 1,
  backoff: { type: 'webhook' },
  removeOnComplete: { count: 1_000 },
  removeOnFail: { count: 1_000 },
});

/** Idempotent: the outbox id is the job id, so a delivery already queued is not queued twice. */
export function enqueuer(queue: Queue<AlertJobData>, schedule: readonly number[] = RETRY_SCHEDULE_MS): Enqueue {
  const opts = alertJobOptions(schedule);
  return async (ids) => {
    if (ids.length) await queue.addBulk(ids.map((id) => ({ name: 'deliver', data: { deliveryId: id }, opts: { ...opts, jobId: id } })));
  };
}

/** Queues every outbox entry: those decided by a process that died before queueing them. */
export async function recoverOutbox(store: AlertsStore, enqueue: Enqueue, log: Logger): Promise<number> {
  const ids = await store.outboxIds();
  if (ids.length) {
    await enqueue(ids);
    log.info({ deliveries: ids.length }, 'alert outbox re-queued');
  }
  return ids.length;
}

export interface DeliveryWorkerOptions {
  store: AlertsStore;
  connection: ConnectionOptions;
  bullPrefix: string;
  dispatcher: Dispatcher;
  log: Logger;
  schedule?: readonly number[];
  timeoutMs?: number;
  concurrency?: number;
}

// One POST per attempt, each logged. 2xx delivers; 410 turns the rule's destination off; 3xx
// and everything else retry on the schedule (or after Retry-After, when longer) until the last
// attempt marks the delivery failed and flags the rule. The signed bytes are the bytes sent.
export function createDeliveryWorker(o: DeliveryWorkerOptions): Worker<AlertJobData> {
  const schedule = o.schedule ?? RETRY_SCHEDULE_MS;
  const log = o.log.child({ component: 'alerts' });
  const worker = new Worker<AlertJobData>(
    ALERTS_QUEUE,
    async (job: Job<AlertJobData>) => {
      const entry = await o.store.outbox(job.data.deliveryId);
      if (!entry) return 'already settled';
      const rule = await o.store.get(entry.alertId);
      const attempt = job.attemptsMade + 1;
      const record = (a: Omit<DeliveryAttempt, 'deliveryId' | 'type' | 'attempt' | 'at'>, final: boolean) =>
        o.store.logAttempt(entry.alertId, { deliveryId: entry.id, type: entry.type, attempt, at: new Date().toISOString(), ...a }, final);
      if (!rule || (rule.disabledReason && entry.type !== 'ping')) {
        if (rule) await record({ durationMs: 0, error: rule.disabledReason, outcome: 'dropped' }, true);
        else await o.store.dropOutbox(entry.id);
        return 'dropped';
      }
      const body = await o.store.body(entry);
      if (body === undefined) {
        await record({ durationMs: 0, error: 'its shared body part expired before delivery', outcome: 'failed' }, true);
        return 'failed';
      }
      const secrets = await o.store.secrets(rule.id);
      const res = await postWebhook({ url: rule.url, id: entry.id, body, secrets, timestamp: Math.floor(Date.now() / 1000) }, o.dispatcher, o.timeoutMs);
      const base = { durationMs: res.durationMs, ...(res.status !== undefined ? { status: res.status } : {}), ...(res.error ? { error: res.error } : {}) };
      if (res.ok) {
        await record({ ...base, outcome: 'delivered' }, true);
        if (rule.deliveryFailing) await o.store.flag(rule.id, { deliveryFailing: undefined });
        log.info({ alert: rule.id, deliveryId: entry.id, type: entry.type, attempt, status: res.status }, 'webhook delivered');
        return 'delivered';
      }
      if (res.status === 410) {
        await record({ ...base, outcome: 'disabled' }, true);
        await o.store.flag(rule.id, { disabledReason: `destination answered 410 Gone at ${new Date().toISOString()}` });
        log.warn({ alert: rule.id, deliveryId: entry.id }, 'webhook destination gone (410): destination disabled');
        return 'disabled';
      }
      // A refused address is the operator's decision, not a passing fault: no retries.
      const refused = res.error?.includes('GPU_RADAR_WEBHOOK_ALLOWLIST') ?? false;
      if (refused || attempt >= (job.opts.attempts ?? 1)) {
        await record({ ...base, outcome: 'failed' }, true);
        const reason = res.error ?? `HTTP ${res.status}`;
        await o.store.flag(rule.id, { deliveryFailing: { at: new Date().toISOString(), deliveryId: entry.id, reason } });
        log.warn({ alert: rule.id, deliveryId: entry.id, attempt, reason }, 'webhook delivery failed for good');
        throw new UnrecoverableError(`delivery failed: ${reason}`);
      }
      await record({ ...base, outcome: 'retrying' }, false);
      throw new RetryLater(res.error ?? `HTTP ${res.status}`, res.retryAfterMs);
    },
    {
      connection: o.connection,
      prefix: o.bullPrefix,
      concurrency: o.concurrency ?? 16,
      autorun: false,
      settings: {
        backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) => {
          const planned = schedule[Math.min(attemptsMade, schedule.length) - 1] ?? schedule.at(-1) ?? 0;
          const asked = err instanceof RetryLater ? (err.retryAfterMs ?? 0) : 0;
          return Math.max(planned, Math.min(asked, 24 * 3600_000));
        },
      },
    },
  );
  worker.on('error', (err) => log.error({ err: err.message }, 'alerts worker error'));
  return worker;
}
