import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { ProviderAdapter } from '../adapters/types.js';
import type { ProviderConfig } from '../config/env.js';
import { POLL_JOB_OPTIONS, pollSchedulerId, type PollJobData } from '../src/queues/poll-queue.js';

/**
 * One Job Scheduler per provider scope, polling every `intervalMs`. Upserting is idempotent,
 * so every worker replica may call this at boot; schedulers for scopes the adapter no longer
 * has are removed. An existing scheduler keeps its slot, so boot also asks for one poll now,
 * deduplicated across replicas for one interval, so a restart never waits a whole interval.
 */
export async function schedulePolls(queue: Queue<PollJobData>, adapter: ProviderAdapter, cfg: ProviderConfig): Promise<void> {
  const wanted = new Set<string>();
  for (const scope of adapter.scopes()) {
    const id = pollSchedulerId(cfg.id, scope);
    wanted.add(id);
    await queue.upsertJobScheduler(
      id,
      { every: cfg.intervalMs, offset: pollOffset(id, cfg.intervalMs) },
      { name: 'poll', data: { provider: cfg.id, scope }, opts: POLL_JOB_OPTIONS },
    );
    await queue.add('poll', { provider: cfg.id, scope }, { ...POLL_JOB_OPTIONS, deduplication: { id: `boot-${id}`, ttl: cfg.intervalMs } });
  }
  for (const s of await queue.getJobSchedulers()) {
    if (!wanted.has(s.key)) await queue.removeJobScheduler(s.key);
  }
}

/**
 * Where in each interval a scope's poll falls. BullMQ aligns `every` to multiples of the
 * interval, so without an offset every scope of a provider (and every provider on the same
 * interval) would hit the network in the same instant. Derived from the scheduler id, so
 * every replica computes the same one and upserting changes nothing.
 */
export function pollOffset(schedulerId: string, intervalMs: number): number {
  return createHash('sha1').update(schedulerId).digest().readUInt32BE(0) % intervalMs;
}

/** A provider turned off keeps its data (it ages into stale) but is polled no more. */
export async function unschedulePolls(queue: Queue<PollJobData>): Promise<void> {
  for (const s of await queue.getJobSchedulers()) await queue.removeJobScheduler(s.key);
}
