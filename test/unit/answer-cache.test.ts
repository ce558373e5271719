import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.js';
import { CapacityQuerySchema } from '../../src/schemas/capacity-query.js';
import { AnswerCache } from '../../src/services/answer-cache.js';
import { findCapacity } from '../../src/services/capacity.js';
import { OfferIndex } from '../../src/services/offer-index.js';
import { makeOffer, scopeStatus } from '../helpers/offers.js';

const config = loadConfig({ LAMBDA_API_KEY: 'k', GPU_RADAR_LAMBDA_INTERVAL_MS: '10000' });
const q = CapacityQuerySchema.parse({ gpu: 'H100', count: '8' });

function setup(now: number, ageMs: number) {
  const index = new OfferIndex();
  index.replaceAll({
    statuses: [scopeStatus('lambda', 'all', now, ageMs)],
    offers: [{ provider: 'lambda', scope: 'all', offer: makeOffer({}) }],
  });
  return index;
}

describe('cached capacity answers', () => {
  it('hold until the next staleness edge, then the answer is recomputed', () => {
    const now = 1_800_000_000_000;
    const index = setup(now, 1_000);
    const meta = { validUntil: 0 };
    const answer = findCapacity(q, index, config, now, meta);
    expect(answer.placements[0]!.stale).toBe(false);
    // Observed 1 s ago, stale after 3 intervals (30 s): the answer is true for 29 s more.
    expect(meta.validUntil).toBe(now - 1_000 + 30_000);

    const cache = new AnswerCache(index);
    cache.set('/v1/capacity?gpu=H100&count=8', Buffer.from(JSON.stringify(answer)), meta.validUntil);
    expect(cache.get('/v1/capacity?gpu=H100&count=8', now + 28_000)).toBeDefined();
    expect(cache.get('/v1/capacity?gpu=H100&count=8', now + 29_000)).toBeUndefined();
    expect(findCapacity(q, index, config, now + 29_000).placements[0]!.stale).toBe(false);
    expect(findCapacity(q, index, config, now + 29_001).placements[0]!.stale).toBe(true);
  });

  it('are dropped as soon as the index changes', () => {
    const now = 1_800_000_000_000;
    const index = setup(now, 0);
    const cache = new AnswerCache(index);
    cache.set('k', Buffer.from('body'), Infinity);
    expect(cache.get('k', now)?.toString()).toBe('body');
    index.apply({ type: 'remove', provider: 'lambda', scope: 'all', id: 'nope' });
    expect(cache.get('k', now)).toBeUndefined();
  });

  it('keep at most the configured number of entries, oldest out first', () => {
    const cache = new AnswerCache(new OfferIndex(), 2);
    for (const k of ['a', 'b', 'c']) cache.set(k, Buffer.from(k), Infinity);
    expect(['a', 'b', 'c'].map((k) => cache.get(k, 0)?.toString())).toEqual([undefined, 'b', 'c']);
  });
});
