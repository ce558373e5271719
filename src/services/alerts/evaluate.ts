import type { Config } from '../../../config/env.js';
import type { AlertEventType, AlertRule, AlertState, Outcome } from '../../domain/alert.js';
import { STATUSES } from '../../domain/offer.js';
import type { CapacityQuery } from '../../schemas/capacity-query.js';
import { findCapacity, type AnswerMeta } from '../capacity.js';
import type { OfferIndex } from '../offer-index.js';
import type { Placement } from '../placement.js';

const ALL = [...STATUSES];
/** Placements looked at for the webhook body; the payload sends at most 10 of them. */
const PAYLOAD_CANDIDATES = 50;

// Only fresh evidence from a healthy scope decides: a placement that is stale (or expired)
// or whose scope's last poll failed is unknown, and as long as unknown placements could
// make the difference, the rule neither fires nor resolves. Every placement is counted;
// only the few shown in the webhook are built.
export function evaluate(
  rule: AlertRule,
  q: CapacityQuery,
  index: OfferIndex,
  config: Config,
  now: number,
): { outcome: Outcome; matching: Placement[] } {
  const tally = Object.fromEntries(ALL.map((s) => [s, { sure: 0, unsure: 0 }])) as NonNullable<AnswerMeta['tally']>;
  const answer = findCapacity({ ...q, availability: ALL, limit: PAYLOAD_CANDIDATES, sort: 'availability' }, index, config, now, {
    validUntil: 0,
    tally,
    quiet: true,
  });
  const wanted = new Set<string>(rule.condition.availability);
  let sure = 0;
  let unsure = 0;
  for (const status of ALL) {
    if (wanted.has(status)) sure += tally[status].sure;
    unsure += tally[status].unsure;
  }
  const matching = answer.placements.filter((p) => wanted.has(p.availability.status) && !p.stale && !failing(index, p.offerId));
  const min = rule.condition.minPlacements;
  const outcome: Outcome = sure >= min ? 'holds' : sure + unsure >= min ? 'unknown' : 'not';
  return { outcome, matching };
}

function failing(index: OfferIndex, offerId: string): boolean {
  const entry = index.get(offerId);
  return (entry && (index.status(entry.scopeKey)?.consecutiveFailures ?? 0) > 0) ?? false;
}

// An evaluation steps thousands of rules at one `now`: format it once.
let lastNow = NaN;
let lastIso = '';
const isoAt = (now: number) => (now === lastNow ? lastIso : ((lastNow = now), (lastIso = new Date(now).toISOString())));

/** The hysteresis: `for` seconds before firing, `resolveAfter` evaluations before resolving. */
export function step(
  rule: AlertRule,
  s: AlertState,
  outcome: Outcome,
  now: number,
): { state: AlertState; send?: AlertEventType; repeat?: boolean } {
  const iso = isoAt(now);
  const base = { ...s, lastOutcome: outcome, evaluatedAt: iso };
  if (outcome === 'unknown') return { state: base };
  if (outcome === 'holds') {
    if (s.phase === 'firing') {
      const due = rule.repeatAfter !== null && now - (s.lastSentAt ?? 0) >= rule.repeatAfter * 1000;
      return due
        ? { state: { ...base, notCount: 0, lastSentAt: now }, send: 'capacity.available', repeat: true }
        : { state: { ...base, notCount: 0 } };
    }
    const pendingSince = s.phase === 'pending' ? Date.parse(s.since) : now;
    if (now - pendingSince >= rule.for * 1000)
      return { state: { ...base, phase: 'firing', since: iso, notCount: 0, lastSentAt: now }, send: 'capacity.available' };
    return { state: s.phase === 'pending' ? base : { ...base, phase: 'pending', since: iso } };
  }
  // outcome === 'not'
  if (s.phase === 'pending') return { state: { ...base, phase: 'inactive', since: iso } };
  if (s.phase !== 'firing') return { state: base };
  const notCount = s.notCount + 1;
  if (notCount >= rule.resolveAfter)
    return { state: { ...base, phase: 'resolved', since: iso, notCount: 0 }, send: 'capacity.unavailable' };
  return { state: { ...base, notCount } };
}
