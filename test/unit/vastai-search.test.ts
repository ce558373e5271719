import { describe, expect, it } from 'vitest';
import { searchOffers, vastOffer } from '../../adapters/vastai/fake/index.js';
import { GPU_COUNT_BUCKETS, MAX_REQUESTS_PER_SCOPE, searchScope, type VastQuery } from '../../adapters/vastai/search.js';

// The splitting plan against the fake's own query engine, in memory: every offer is found
// however small the limit, and the plan stops when it cannot make progress.
function market(counts: number[], price: (i: number) => number) {
  return counts.map((n, i) =>
    vastOffer({ id: i + 1, machine_id: i + 1, num_gpus: n, gpu_name: 'H100 SXM', dph_total: price(i), geolocation: 'Texas, US' }),
  );
}
function server(offers: ReturnType<typeof market>) {
  const queries: VastQuery[] = [];
  const post = async (q: VastQuery) => {
    queries.push(q);
    const r = searchOffers(offers, q, 64);
    if (typeof r === 'string') throw new Error(r);
    return r;
  };
  return { post, queries };
}

describe('searchScope', () => {
  it('buckets cover every GPU count exactly once', () => {
    const fits = (n: number, b: Record<string, number>) =>
      (b.eq === undefined || n === b.eq) && (b.gte === undefined || n >= b.gte) && (b.lte === undefined || n <= b.lte);
    for (let n = 1; n <= 32; n++)
      expect(
        GPU_COUNT_BUCKETS.filter((b) => fits(n, b)),
        String(n),
      ).toHaveLength(1);
  });

  // Price paging re-reads the last price, so a tiny limit gains one offer per request and hits the budget.
  it.each([
    [1, true],
    [2, true],
    [5, false],
    [7, false],
    [50, false],
  ])('limit %i over 47 offers (counts 1-16, prices shared by pairs): truncated %s', async (limit, truncated) => {
    const counts = Array.from({ length: 47 }, (_, i) => [1, 2, 3, 4, 6, 8, 10, 16][i % 8]!);
    const offers = market(counts, (i) => Math.floor(i / 2) + 0.5);
    const { post, queries } = server(offers);
    const raw = await searchScope(post, 'H100 SXM', limit);
    expect(raw.truncated).toBe(truncated);
    if (!truncated) expect(new Set(raw.offers.map((o) => (o as { id: number }).id)).size).toBe(47);
    expect(raw.requests).toBe(queries.length);
    expect(raw.requests).toBeLessThanOrEqual(MAX_REQUESTS_PER_SCOPE + 1);
    if (limit > 47) expect(raw.requests).toBe(1);
  });

  it('gives up, truncated, at the request budget instead of polling forever', async () => {
    const offers = market(Array(200).fill(8), (i) => i + 1);
    const { post } = server(offers);
    const raw = await searchScope(post, 'H100 SXM', 2);
    expect(raw).toMatchObject({ truncated: true, requests: MAX_REQUESTS_PER_SCOPE + 1 });
  });
});
