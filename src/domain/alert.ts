import type { STATUSES } from './offer.js';

// An alert rule and its state as they are stored; the alerts service, the evaluator and the
// store all speak these. Validation and evaluation live in src/services/alerts.

export interface AlertRule {
  id: string;
  name?: string;
  /** Query-string form of the capacity query, e.g. { gpu: 'H100', count: '8' }. */
  query: Record<string, string>;
  condition: { availability: (typeof STATUSES)[number][]; minPlacements: number };
  url: string;
  format: 'standard' | 'slack';
  for: number;
  resolveAfter: number;
  repeatAfter: number | null;
  enabled: boolean;
  /** Set when a 410 Gone turned the destination off; PATCH a url or enabled=true to clear. */
  disabledReason?: string;
  /** Set when a delivery used up its retries. */
  deliveryFailing?: { at: string; deliveryId: string; reason: string };
  createdAt: string;
  updatedAt: string;
}

export type Outcome = 'holds' | 'not' | 'unknown';
export type Phase = 'inactive' | 'pending' | 'firing' | 'resolved';
export type AlertEventType = 'capacity.available' | 'capacity.unavailable';

export interface AlertState {
  phase: Phase;
  /** When the phase began (ISO). */
  since: string;
  /** Consecutive evaluations where the condition did not hold, while firing. */
  notCount: number;
  /** ms epoch of the last capacity.available sent, for repeatAfter. */
  lastSentAt?: number;
  lastOutcome?: Outcome;
  evaluatedAt?: string;
}

export const initialState = (now: number): AlertState => ({ phase: 'inactive', since: new Date(now).toISOString(), notCount: 0 });

/** An alert rule's move between phases, as live event subscribers see it. */
export interface AlertTransition {
  alertId: string;
  phase: string;
  since: string;
  gpuIds: string[];
  /** The webhook it decided, if any. */
  sent?: string;
}

/**
 * Stands where the shared placements go in a stored body. JSON.stringify escapes every control
 * character, so a NUL can never occur in a real body.
 */
export const PART_PLACEHOLDER = '\u0000placements\u0000';

/** A stored body with its shared part put back: exactly the bytes the payload would have been. */
export function joinPart(body: string, part: string): string {
  return body.replace(PART_PLACEHOLDER, () => part);
}
