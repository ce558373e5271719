import { createHash } from 'node:crypto';
import type { Config } from '../../config/env.js';
import { STATUSES, type Status, type StoredOffer } from '../domain/offer.js';
import type { GroupByDimension, SummaryQuery } from '../schemas/summary-query.js';
import { FreshnessJudge, servedStatus, type Verdict } from './freshness-judge.js';
import { compileFilters, gpuIds } from './offer-filter.js';
import type { IndexEntry, OfferIndex } from './offer-index.js';
import { hardwareOf, SharedGpuTally } from './shared-gpus.js';

export interface CellStats {
  /** The surest status among the cell's offers: what a heatmap colours it by. */
  status: Status;
  /** Counted free GPUs (count signals only), a machine's once across its markets; null when no offer in the cell counts. */
  availableGpus: number | null;
  offers: Record<Status, number> & { total: number };
  /** Cheapest listed price per GPU-hour, whatever the status; and among available or limited offers. */
  minPricePerGpuHour: number | null;
  minAvailablePricePerGpuHour: number | null;
  oldestObservedAt: string | null;
  /** True when any evidence in the cell is older than its provider's staleAfter. */
  stale: boolean;
}

export type SummaryCell = Partial<Record<GroupByDimension, string>> & CellStats;

export interface SummaryBody {
  query: SummaryQuery;
  cells: SummaryCell[];
  totals: CellStats;
}

/** One computed answer: its JSON (without generatedAt), a content ETag, and how long it holds. */
export interface SummaryResult {
  json: string;
  /** The response bytes, encoded once: `generatedAt` (when computed) and the JSON above. */
  body: Buffer;
  etag: string;
  revision: number;
  /** The answer stays true until this time unless the index changes. */
  validUntilMs: number;
}

const RANK: Record<Status, number> = { available: 0, limited: 1, unknown: 2, unavailable: 3 };
const DIM: Record<GroupByDimension, (o: StoredOffer) => string> = {
  gpu: (o) => o.gpu.id,
  provider: (o) => o.provider,
  region: (o) => o.region,
  market: (o) => o.market,
  geo: (o) => o.location.geo,
};

interface Acc {
  key: string[];
  status: Status;
  counted: boolean;
  availableGpus: number;
  offers: Record<Status, number>;
  minPrice: number;
  minAvailablePrice: number;
  oldestMs: number;
  stale: boolean;
}

// The matrix a dashboard polls: every offer passing the filters lands in one cell per
// distinct combination of the groupBy dimensions. One pass over the index; cells sit in
// nested maps, one level per dimension, so no key is built per offer.
export function computeSummary(q: SummaryQuery, index: OfferIndex, config: Config, now = Date.now()): SummaryResult {
  const judge = new FreshnessJudge(index, config, now);
  const filters = compileFilters(q);
  const statuses = q.availability ? new Set<Status>(q.availability) : undefined;
  const ids = gpuIds(q.gpu);
  const dims = q.groupBy.map((d) => DIM[d]);
  const last = dims.length - 1;
  const root = new Map<string, unknown>();
  const cells: Acc[] = [];
  const totals = newAcc([]);
  // Every dimension but market is a property of the hardware, so a machine's market variants
  // share a cell unless market is grouped by: one tally per answer dedupes cells and totals.
  const shared = new SharedGpuTally();
  const byMarket = q.groupBy.includes('market');

  const visit = (e: IndexEntry) => {
    const o = e.offer;
    for (const f of filters) if (!f.test(o)) return;
    const v = judge.judge(e);
    const status = servedStatus(o, v);
    if (statuses && !statuses.has(status)) return;
    let node = root;
    for (let i = 0; i < last; i++) {
      const value = dims[i]!(o);
      let next = node.get(value) as Map<string, unknown> | undefined;
      if (!next) node.set(value, (next = new Map()));
      node = next;
    }
    const leaf = dims[last]!(o);
    let acc = node.get(leaf) as Acc | undefined;
    if (!acc) {
      node.set(leaf, (acc = newAcc(dims.map((d) => d(o)))));
      cells.push(acc);
    }
    // Expired evidence counts nothing: its count is as old as its status.
    const gpus = status === 'unknown' ? undefined : o.availability.availableGpus;
    const once = gpus === undefined ? undefined : shared.add(hardwareOf(o), gpus);
    add(acc, o, status, v, byMarket ? gpus : once);
    add(totals, o, status, v, once);
  };
  if (ids) for (const id of ids) for (const e of index.forGpu(id)) visit(e);
  else for (const e of index.all()) visit(e);

  const out: SummaryCell[] = cells
    .sort((a, b) => compareKeys(a.key, b.key))
    .map((acc) => ({ ...Object.fromEntries(q.groupBy.map((d, i) => [d, acc.key[i]!])), ...stats(acc) }));
  const body: SummaryBody = { query: q, cells: out, totals: stats(totals) };
  const json = JSON.stringify(body);
  return {
    json,
    body: Buffer.from(`{"generatedAt":${JSON.stringify(new Date(now).toISOString())},${json.slice(1)}`),
    etag: `W/"${createHash('sha1').update(json).digest('base64url').slice(0, 22)}"`,
    revision: index.revision,
    validUntilMs: judge.nextEdgeMs,
  };
}

function newAcc(key: string[]): Acc {
  return {
    key,
    status: 'unavailable',
    counted: false,
    availableGpus: 0,
    offers: { available: 0, limited: 0, unavailable: 0, unknown: 0 },
    minPrice: Infinity,
    minAvailablePrice: Infinity,
    oldestMs: Infinity,
    stale: false,
  };
}

function add(acc: Acc, o: StoredOffer, status: Status, { stale, observedMs }: Verdict, countedGpus: number | undefined): void {
  acc.offers[status]++;
  if (RANK[status] < RANK[acc.status]) acc.status = status;
  if (countedGpus !== undefined) {
    acc.counted = true;
    acc.availableGpus += countedGpus;
  }
  const price = o.price.perGpuHourUsd;
  if (price !== null) {
    if (price < acc.minPrice) acc.minPrice = price;
    if ((status === 'available' || status === 'limited') && price < acc.minAvailablePrice) acc.minAvailablePrice = price;
  }
  if (observedMs < acc.oldestMs) acc.oldestMs = observedMs;
  if (stale) acc.stale = true;
}

function stats(acc: Acc): CellStats {
  const total = STATUSES.reduce((n, s) => n + acc.offers[s], 0);
  return {
    status: total ? acc.status : 'unknown',
    availableGpus: acc.counted ? acc.availableGpus : null,
    offers: { ...acc.offers, total },
    minPricePerGpuHour: finite(acc.minPrice),
    minAvailablePricePerGpuHour: finite(acc.minAvailablePrice),
    oldestObservedAt: Number.isFinite(acc.oldestMs) ? new Date(acc.oldestMs).toISOString() : null,
    stale: acc.stale,
  };
}

const finite = (n: number) => (Number.isFinite(n) ? Math.round(n * 10_000) / 10_000 : null);

// Code-point order: stable across locales, and far cheaper than localeCompare.
function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}
