import type { VastRaw } from './schema.js';

// Vast's search has no pagination: one request returns at most `limit` offers. An answer with
// exactly `limit` offers may be cut, so the scope is split: first into num_gpus buckets that
// together cover every count, then any bucket still full is paged by price (`dph_total gte`
// the last price seen, in price order), deduplicating by offer id.

export type VastQuery = Record<string, unknown>;
export type PostSearch = (query: VastQuery) => Promise<unknown[]>;

export const GPU_COUNT_BUCKETS: Record<string, number>[] = [{ eq: 1 }, { eq: 2 }, { gte: 3, lte: 4 }, { gte: 5, lte: 8 }, { gte: 9 }];

/** Requests one scope may take before it gives up and reports itself truncated. */
export const MAX_REQUESTS_PER_SCOPE = 25;

/** The query for one GPU name: rentable offers nobody holds, cheapest first. */
export function scopeQuery(gpuName: string, limit: number): VastQuery {
  return {
    rentable: { eq: true },
    rented: { eq: false },
    gpu_name: { eq: gpuName },
    type: 'on-demand',
    order: [['dph_total', 'asc']],
    limit,
    // The CLI's default, so dph_total matches what `vastai search offers` prints.
    allocated_storage: 5.0,
  };
}

export async function searchScope(post: PostSearch, gpuName: string, limit: number): Promise<VastRaw> {
  const base = scopeQuery(gpuName, limit);
  const seen = new Map<unknown, unknown>();
  let requests = 0;
  let truncated = false;
  const run = async (filters: VastQuery): Promise<unknown[]> => {
    requests++;
    const page = await post({ ...base, ...filters });
    for (const o of page) seen.set(idOf(o), o);
    return page;
  };

  if ((await run({})).length < limit) return { offers: [...seen.values()], requests, truncated };
  for (const bucket of GPU_COUNT_BUCKETS) {
    const filters: VastQuery = { num_gpus: bucket };
    let page = await run(filters);
    while (page.length >= limit) {
      const price = lastPrice(page);
      const before = seen.size;
      if (price === undefined || requests >= MAX_REQUESTS_PER_SCOPE) {
        truncated = true;
        break;
      }
      page = await run({ ...filters, dph_total: { gte: price } });
      // More than `limit` offers at one price: paging cannot get past them.
      if (seen.size === before) {
        truncated = true;
        break;
      }
    }
  }
  return { offers: [...seen.values()], requests, truncated };
}

// Offers without a usable id are kept apart (normalize drops and counts them).
function idOf(o: unknown): unknown {
  const id = (o as { id?: unknown } | null)?.id;
  return typeof id === 'number' ? id : Symbol('no id');
}

function lastPrice(page: unknown[]): number | undefined {
  for (let i = page.length - 1; i >= 0; i--) {
    const v = (page[i] as { dph_total?: unknown } | null)?.dph_total;
    const p = typeof v === 'number' || typeof v === 'string' ? Number(v) : NaN;
    if (Number.isFinite(p) && v !== '') return p;
  }
  return undefined;
}
