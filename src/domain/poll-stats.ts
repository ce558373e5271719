import type { AdapterErrorKind } from './error-kind.js';

/**
 * Cumulative poll counters of one scope. They ride on the scope's status, so every API
 * process exports the same counters on /metrics, whichever worker polled.
 */
export interface PollStats {
  ok: number;
  failed: number;
  errors: Partial<Record<AdapterErrorKind, number>>;
  /** Time spent waiting for the provider (fetch only), summed over polls, and the last one. */
  durationMsTotal: number;
  lastDurationMs?: number;
}

export function countPoll(prev: PollStats | undefined, outcome: { durationMs?: number; errorKind?: AdapterErrorKind }): PollStats {
  const s: PollStats = { ok: 0, failed: 0, durationMsTotal: 0, ...prev, errors: { ...prev?.errors } };
  if (outcome.errorKind) {
    s.failed++;
    s.errors[outcome.errorKind] = (s.errors[outcome.errorKind] ?? 0) + 1;
  } else s.ok++;
  if (outcome.durationMs !== undefined) {
    s.durationMsTotal += outcome.durationMs;
    s.lastDurationMs = outcome.durationMs;
  }
  return s;
}
