import type { Availability, Status } from '../../src/domain/offer.js';
import type { AwsCapacityBlock, AwsPlacementScore } from './schema.js';

/**
 * Spot placement score (1-10, "how likely a spot request of this size succeeds now") → status.
 * The raw score is always kept on the offer. Same table in README.md.
 *
 * | score | status      | why                                               |
 * |-------|-------------|---------------------------------------------------|
 * | 8-10  | available   | AWS calls the request highly likely to succeed     |
 * | 4-7   | limited     | may succeed, possibly only in part or after waiting |
 * | 1-3   | unavailable | AWS calls the request unlikely to succeed          |
 */
export function scoreStatus(score: number): Status {
  if (score >= 8) return 'available';
  if (score >= 4) return 'limited';
  return 'unavailable';
}

/**
 * One offer's evidence from its scores for several target sizes: the largest target that
 * scores `available` (its GPUs become `availableGpus`, so a bigger request is only `limited`),
 * else the smallest target asked, which is the most favourable to a small request.
 */
export function placementEvidence(
  scores: AwsPlacementScore[],
  gpusPerInstance: number,
): { availability: Availability; targetGpus: number } | undefined {
  if (!scores.length) return undefined;
  const sorted = [...scores].sort((a, b) => a.targetGpus - b.targetGpus);
  const ok = sorted.filter((s) => scoreStatus(s.score) === 'available').pop();
  const chosen = ok ?? sorted[0]!;
  const status = scoreStatus(chosen.score);
  const availability: Availability = {
    status,
    signal: 'level',
    source: 'aws.GetSpotPlacementScores',
    score: chosen.score,
    ...(status === 'available' ? { availableGpus: chosen.instances * gpusPerInstance } : {}),
  };
  return { availability, targetGpus: chosen.instances * gpusPerInstance };
}

/** A block starting within this long of the poll counts as capacity now. */
export const CAPACITY_BLOCK_NOW_MS = 24 * 3600_000;

export interface BlockEvidence {
  availability: Availability;
  block: AwsCapacityBlock;
}

/**
 * Capacity Blocks of one type in one zone. Offerings of different sizes are alternatives
 * from one pool, so the largest one starting now is the count (never their sum). Only later
 * blocks: `unavailable` now, priced from the earliest.
 */
export function capacityBlockEvidence(blocks: AwsCapacityBlock[], gpusPerInstance: number, now: number): BlockEvidence | undefined {
  if (!blocks.length) return undefined;
  const source = 'aws.DescribeCapacityBlockOfferings';
  const soon = blocks.filter((b) => Date.parse(b.start) <= now + CAPACITY_BLOCK_NOW_MS);
  if (soon.length) {
    const block = soon.reduce((a, b) =>
      b.instanceCount > a.instanceCount || (b.instanceCount === a.instanceCount && perHour(b) < perHour(a)) ? b : a,
    );
    return { block, availability: { status: 'available', signal: 'count', source, availableGpus: block.instanceCount * gpusPerInstance } };
  }
  const block = blocks.reduce((a, b) => (Date.parse(b.start) < Date.parse(a.start) ? b : a));
  return { block, availability: { status: 'unavailable', signal: 'count', source, availableGpus: 0 } };
}

/** Upfront fee spread over the block's instance-hours. */
export function perHour(b: AwsCapacityBlock): number {
  return b.upfrontFee / (b.instanceCount * b.durationHours);
}
