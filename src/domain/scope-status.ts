import type { AdapterErrorKind } from './error-kind.js';
import type { PollStats } from './poll-stats.js';

/** What /v1/providers says about one provider scope; kept in Redis beside its offers. */
export interface ScopeStatus {
  provider: string;
  scope: string;
  /** When the last successful poll returned: the time its offers were observed. */
  observedAt?: string;
  lastSuccessAt?: string;
  lastError?: { kind: AdapterErrorKind; message: string; at: string };
  /** Failures since the last success; 0 while healthy. */
  consecutiveFailures: number;
  offers: number;
  /** Provider GPU names not in the canonical table, from the last successful poll. */
  unknownGpus: string[];
  /** Items of the last successful answer dropped as malformed (by the adapter or validation). */
  dropped: number;
  version: number;
  nextPollAt?: string;
  /** Cumulative poll counters for /metrics. */
  polls?: PollStats;
}

export function emptyStatus(provider: string, scope: string): ScopeStatus {
  return { provider, scope, consecutiveFailures: 0, offers: 0, unknownGpus: [], dropped: 0, version: 0 };
}
