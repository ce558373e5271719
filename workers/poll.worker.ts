import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { ProviderAdapter } from '../adapters/types.js';
import type { ProviderConfig } from '../config/env.js';
import type { StoredOffer } from '../src/domain/offer.js';
import { asAdapterError } from '../src/lib/adapter-error.js';
import type { Logger } from '../src/lib/logger.js';
import type { OffersStore } from '../src/store/offers-store.js';
import { pollQueueName, type PollJobData } from '../src/queues/poll-queue.js';

export interface PollWorkerOptions {
  adapter: ProviderAdapter;
  cfg: ProviderConfig;
  store: OffersStore;
  connection: ConnectionOptions;
  bullPrefix: string;
  log: Logger;
  /** How long a job's lock lasts; a worker killed mid-poll is detected after this. @defaultValue 30 s */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for. @defaultValue 30 s */
  stalledIntervalMs?: number;
}

/**
 * How long one poll may take in all. Some make many paced requests (Vast splits a large answer
 * into searches 6 s apart), so it is the poll's interval, and never less than two request
 * timeouts: a hung poll still ends about when the next one is due.
 */
export const pollDeadlineMs = (cfg: Pick<ProviderConfig, 'timeoutMs' | 'intervalMs'>): number =>
  Math.max(cfg.timeoutMs * 2, cfg.intervalMs);

// fetch → normalize → validate → store.apply. A failed poll never touches the snapshot; it
// is recorded on the scope's status and, by its kind, stops (auth, config, parse), slows
// this provider's queue (rate_limit) or retries with backoff (timeout, network, http).
export function createPollWorker(o: PollWorkerOptions): Worker<PollJobData> {
  const log = o.log.child({ provider: o.cfg.id });
  const worker: Worker<PollJobData> = new Worker<PollJobData>(
    pollQueueName(o.cfg.id),
    async (job: Job<PollJobData>) => {
      const { scope } = job.data;
      const nextPollAt = new Date(Date.now() + o.cfg.intervalMs);
      let offers: StoredOffer[];
      let unknownGpus: string[];
      let dropped: number;
      let observedAt: Date;
      const startedAt = Date.now();
      try {
        const raw = await o.adapter.fetchRaw(scope, { log, signal: AbortSignal.timeout(pollDeadlineMs(o.cfg)) });
        observedAt = new Date();
        ({ offers, unknownGpus, dropped = 0 } = o.adapter.normalize(raw, scope));
      } catch (thrown) {
        const err = asAdapterError(thrown);
        await o.store.recordFailure(o.cfg.id, scope, err, { nextPollAt, durationMs: Date.now() - startedAt });
        log.warn({ scope, err, attempt: job.attemptsMade + 1 }, 'poll failed');
        if (err.kind === 'rate_limit') {
          await worker.rateLimit(err.retryAfterMs ?? o.cfg.intervalMs);
          throw Worker.RateLimitError();
        }
        throw err.retryable ? err : new UnrecoverableError(`${err.kind}: ${err.message}`);
      }
      if (unknownGpus.length) log.warn({ scope, unknownGpus }, 'provider GPU names not in the canonical table');
      const res = await o.store.apply(o.cfg.id, scope, offers, {
        observedAt,
        unknownGpus,
        dropped,
        nextPollAt,
        durationMs: observedAt.getTime() - startedAt,
      });
      if (dropped || res.invalid)
        log.warn(
          { scope, dropped, invalid: res.invalid, firstInvalid: res.firstInvalid },
          'malformed items dropped; the rest of the answer is kept',
        );
      log.debug({ scope, offers: offers.length, ...res }, 'poll applied');
      return res;
    },
    {
      connection: o.connection,
      prefix: o.bullPrefix,
      concurrency: o.cfg.concurrency,
      // Needed for worker.rateLimit to hold the queue; generous enough never to bind otherwise.
      limiter: { max: 100, duration: 1_000 },
      lockDuration: o.lockDurationMs ?? 30_000,
      stalledInterval: o.stalledIntervalMs ?? 30_000,
      autorun: false,
    },
  );
  worker.on('error', (err) => log.error({ err }, 'worker error'));
  return worker;
}
