import type { JobState, Queue } from 'bullmq';
import type { Logger } from '../../src/lib/logger.js';
import type { AlertJobData } from '../../src/queues/alerts-queue.js';
import type { Enqueue } from '../../src/services/alerts/service.js';
import { newId, type AlertsStore, type OutboxEntry } from '../../src/store/alerts-store.js';

/**
 * First attempts of one evaluation travel in jobs of this many deliveries: queueing 10,000
 * single jobs costs about half a second, 40 batch jobs a few milliseconds. Retries are single.
 */
export const BATCH_SIZE = 250;

/** Groups deliveries into batches, stamping each entry with its batch (the batch job's id). */
export function assignBatches(entries: OutboxEntry[], size = BATCH_SIZE): void {
  for (let i = 0; i < entries.length; i += size) {
    const batch = newId('batch');
    for (const e of entries.slice(i, i + size)) e.batch = batch;
  }
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
