import type { JobsOptions } from 'bullmq';

// Queue names and job data. BullMQ forbids ':' in queue names, and one queue per provider
// means a rate limit on one provider's queue slows no other.

export interface PollJobData {
  provider: string;
  scope: string;
}

export const pollQueueName = (provider: string) => `poll-${provider}`;

/** Scheduler ids follow the queue-name rule, so any ':' in a scope becomes '_'. */
export const pollSchedulerId = (provider: string, scope: string) => `poll-${provider}-${scope}`.replace(/:/g, '_');

export const POLL_JOB_OPTIONS: JobsOptions = {
  // Transient failures (timeout, network, 5xx) retry within the interval; the rest stop.
  attempts: 3,
  backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 500 },
};
