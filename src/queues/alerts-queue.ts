import type { JobsOptions, Queue } from 'bullmq';
import type { Enqueue, Queued } from '../services/alerts/service.js';

// The webhook delivery queue, shared by the API (which queues test pings) and
// the workers (which evaluate rules, queue their deliveries and send them).

export const ALERTS_QUEUE = 'alerts';

/** Delays before each retry: about a day in all, as Standard Webhooks senders do. */
export const RETRY_SCHEDULE_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000];

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
