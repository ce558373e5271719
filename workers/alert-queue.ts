import type { JobsOptions, JobState, Queue } from 'bullmq';
import type { Logger } from '../src/lib/logger.js';
import type { Enqueue, Queued } from '../src/services/alerts/service.js';
import { newId, type AlertsStore, type OutboxEntry } from '../src/store/alerts-store.js';

export const ALERTS_QUEUE = 'alerts';

/** Delays before each retry: about a day in all, as Standard Webhooks senders do. */
export const RETRY_SCHEDULE_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000];

/**
 * First attempts of one evaluation travel in jobs of this many deliveries: queueing 10,000
 * single jobs costs about half a second, 40 batch jobs a few milliseconds. Retries are single.
 */
export const BATCH_SIZE = 250;

/** A single delivery from its `attempt`-th try on (1 unless a batch made the first), or a batch. */
export type AlertJobData = { deliveryId: string; attempt?: number } | { batch: string; deliveryIds: string[] };

const keep = { removeOnComplete: { count: 1_000 }, removeOnFail: { count: 1_000 } };

/** Options of a single delivery's job whose first try is attempt number `attempt`. */
export const singleJobOptions = (schedule: readonly number[], id: string, attempt = 1): JobsOptions => ({
  jobId: id,
  attempts: Math.max(1, schedule.length + 2 - attempt),
  backoff: { type: 'webhook' },
  ...keep,
});

/** Wait before the retry that follows `attemptsMade` attempts: the schedule, or a longer Retry-After (capped at a day). */
export function retryDelay(schedule: readonly number[], attemptsMade: number, retryAfterMs = 0): number {
  const planned = schedule[Math.min(attemptsMade, schedule.length) - 1] ?? schedule.at(-1) ?? 0;
  return Math.max(planned, Math.min(retryAfterMs, 24 * 3600_000));
}

/** Groups deliveries into batches, stamping each entry with its batch (the batch job's id). */
export function assignBatches(entries: OutboxEntry[], size = BATCH_SIZE): void {
  for (let i = 0; i < entries.length; i += size) {
    const batch = newId('batch');
    for (const e of entries.slice(i, i + size)) e.batch = batch;
  }
}

/**
 * Idempotent: a batch's id, or a single delivery's outbox id, is its job id, so nothing already
 * queued is queued twice.
 */
export function enqueuer(queue: Queue<AlertJobData>, schedule: readonly number[] = RETRY_SCHEDULE_MS): Enqueue {
  return async (deliveries: readonly Queued[]) => {
    const batches = new Map<string, string[]>();
    const jobs: { name: string; data: AlertJobData; opts: JobsOptions }[] = [];
    for (const d of deliveries) {
      if (d.batch) (batches.get(d.batch) ?? batches.set(d.batch, []).get(d.batch)!).push(d.id);
      else jobs.push({ name: 'deliver', data: { deliveryId: d.id }, opts: singleJobOptions(schedule, d.id) });
    }
    for (const [batch, deliveryIds] of batches)
      jobs.push({ name: 'deliver-batch', data: { batch, deliveryIds }, opts: { jobId: batch, attempts: 1, ...keep } });
    if (jobs.length) await queue.addBulk(jobs);
  };
}

const LIVE = new Set<JobState | 'unknown'>(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Queues, one by one, every outbox entry no job will deliver: those decided by a process that
 * died before queueing them, and those of a batch job that failed. An entry whose batch job is
 * still queued or running is left to it. A batch job that does not exist yet may be a moment
 * from being queued by a live evaluator, so its entries wait `graceMs` before being taken over.
 */
export async function recoverOutbox(
  store: AlertsStore,
  queue: Queue<AlertJobData>,
  enqueue: Enqueue,
  log: Logger,
  graceMs: number,
  now = Date.now(),
): Promise<number> {
  const entries = await store.outboxEntries();
  const states = new Map<string, JobState | 'unknown'>();
  for (const batch of new Set(entries.flatMap((e) => (e.batch ? [e.batch] : [])))) states.set(batch, await queue.getJobState(batch));
  const orphans = entries.filter((e) => {
    if (!e.batch) return true;
    const state = states.get(e.batch)!;
    return !LIVE.has(state) && (state !== 'unknown' || now - Date.parse(e.createdAt) >= graceMs);
  });
  if (orphans.length) {
    await enqueue(orphans.map((e) => ({ id: e.id })));
    log.info({ deliveries: orphans.length }, 'alert outbox re-queued');
  }
  return orphans.length;
}
