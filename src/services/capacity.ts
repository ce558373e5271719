import type { Config } from '../../config/env.js';
import { gpuIdsForQuery } from '../domain/gpu-models.js';
import type { Status } from '../domain/offer.js';
import type { CapacityQuery } from '../schemas/capacity-query.js';
import { DEFAULT_AVAILABILITY } from '../schemas/query-fields.js';
import { serveOffer, statusAtAge, type Timing } from './freshness.js';
import { compileFilters } from './offer-filter.js';
import type { IndexEntry, OfferIndex } from './offer-index.js';
import { byAvailability, byPrice, placementFor, placementVerdict, type Placement, type Rankable } from './placement.js';
import { providerReports, timingFor } from './provider-status.js';

export interface CapacityAnswer {
  query: CapacityQuery & { gpuIds: string[]; availability: Status[] };
  total: number;
  placements: Placement[];
  diagnostics?: Diagnostics;
  generatedAt: string;
}

export interface Diagnostics {
  message: string;
  offersWithGpu: number;
  /** For each filter, how many offers with the GPU it turned away (one offer may fail several). */
  failedFilters: Record<string, number>;
  providers: { provider: string; scope?: string; state: string; reason?: string }[];
}

/** Filled by findCapacity: until when the answer stays true if the index does not change. */
export interface AnswerMeta {
  validUntil: number;
  /**
   * When given, every matching placement (not only the returned page) is counted here by
   * status: `sure` when its evidence is fresh and its scope's last poll succeeded, else `unsure`.
   */
  tally?: Record<Status, { sure: number; unsure: number }>;
  /** The caller only counts (alert evaluation): no diagnostics, no per-filter bookkeeping. */
  quiet?: boolean;
}

interface Clock {
  iso: string;
  timing: Timing;
  age: number;
  /** The scope's last poll failed. */
  failing: boolean;
}

interface Candidate extends Rankable {
  entry: IndexEntry;
  timing: Timing;
}

// The main question: where can I get N of this GPU now? Every offer of the asked GPUs that
// passes the filters is ranked by a light candidate; only the page returned is built in full.
export function findCapacity(q: CapacityQuery, index: OfferIndex, config: Config, now = Date.now(), meta?: AnswerMeta): CapacityAnswer {
  const gpuIds = gpuIdsForQuery(q.gpu);
  const wanted = new Set<Status>(q.availability ?? DEFAULT_AVAILABILITY);
  const filters = compileFilters(q);
  const failed: Record<string, number> = {};
  const clocks = new Map<string, Clock>();
  const cmp = q.sort === 'price' ? byPrice : byAvailability;
  const quiet = meta?.quiet ?? false;
  // Only the best `limit` candidates are kept in order; the rest are only counted.
  const top: Candidate[] = [];
  const turnedAway: IndexEntry[] = [];
  let total = 0;
  let offersWithGpu = 0;
  let validUntil = Infinity;

  // How old an offer's evidence is: computed once per scope (offers with their own
  // timestamp get their own). Staleness and expiry move with the clock, so the answer
  // holds only until the next such edge.
  const clockOf = (entry: IndexEntry): Clock => {
    const own = entry.offer.availability.observedAt;
    let clock = own ? undefined : clocks.get(entry.scopeKey);
    if (clock) return clock;
    const timing = timingFor(config, entry.offer.provider);
    const iso = own ?? index.status(entry.scopeKey)?.observedAt ?? EPOCH;
    const ms = Date.parse(iso);
    clock = { iso, timing, age: now - ms, failing: (index.status(entry.scopeKey)?.consecutiveFailures ?? 0) > 0 };
    for (const edge of [ms + timing.staleAfterMs, ms + timing.expireAfterMs]) if (edge >= now && edge < validUntil) validUntil = edge;
    if (!own) clocks.set(entry.scopeKey, clock);
    return clock;
  };
  const verdictOf = (entry: IndexEntry, clock: Clock) =>
    placementVerdict(entry.offer.availability, statusAtAge(entry.offer, clock.age, clock.timing), entry.offer.gpu.count, q.count);

  for (const gpuId of gpuIds) {
    for (const entry of index.forGpu(gpuId)) {
      const offer = entry.offer;
      offersWithGpu++;
      let ok = true;
      for (const f of filters) {
        if (!f.test(offer)) {
          ok = false;
          if (quiet) break;
          failed[f.param] = (failed[f.param] ?? 0) + 1;
        }
      }
      if (!ok) {
        if (!quiet) turnedAway.push(entry);
        continue;
      }
      const clock = clockOf(entry);
      const status = verdictOf(entry, clock).status;
      if (!wanted.has(status)) {
        failed.availability = (failed.availability ?? 0) + 1;
        continue;
      }
      total++;
      const stale = clock.age > clock.timing.staleAfterMs;
      if (meta?.tally) meta.tally[status][stale || clock.failing ? 'unsure' : 'sure']++;
      const c: Candidate = {
        offerId: offer.id,
        availability: { status },
        price: { perGpuHourUsd: offer.price.perGpuHourUsd },
        stale,
        observedAt: clock.iso,
        entry,
        timing: clock.timing,
      };
      if (top.length === q.limit && cmp(c, top[q.limit - 1]!) >= 0) continue;
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(top[mid]!, c) <= 0) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, c);
      if (top.length > q.limit) top.pop();
    }
  }

  const placements = top.map((c) => placementFor(serveOffer(c.entry.offer, index.status(c.entry.scopeKey), c.timing, now), q.count));
  const answer: CapacityAnswer = {
    query: { ...q, gpuIds, availability: [...wanted] },
    total,
    placements,
    generatedAt: new Date(now).toISOString(),
  };
  if (!total && !quiet) {
    // Only an empty answer explains itself, so only then is availability judged for the
    // offers other filters turned away: each filter's count stands on its own.
    for (const entry of turnedAway)
      if (!wanted.has(verdictOf(entry, clockOf(entry)).status)) failed.availability = (failed.availability ?? 0) + 1;
    answer.diagnostics = diagnose(q, offersWithGpu, failed, index, config, now);
  }
  if (meta) meta.validUntil = validUntil;
  return answer;
}

const EPOCH = new Date(0).toISOString();

function diagnose(
  q: CapacityQuery,
  offersWithGpu: number,
  failedFilters: Record<string, number>,
  index: OfferIndex,
  config: Config,
  now: number,
): Diagnostics {
  const providers: Diagnostics['providers'] = [];
  const reports = providerReports(config, index, now);
  for (const asked of q.provider ?? []) {
    if (!reports.some((r) => r.provider === asked))
      providers.push({ provider: asked, state: 'disabled', reason: 'gpu-radar has no adapter for it yet' });
  }
  for (const r of reports) {
    if (q.provider && !q.provider.includes(r.provider as never)) continue;
    if (!r.enabled) providers.push({ provider: r.provider, state: 'disabled', reason: r.disabledReason });
    else if (!r.scopes.length) providers.push({ provider: r.provider, state: 'pending', reason: 'not polled yet' });
    for (const s of r.scopes) {
      if (s.state !== 'ok')
        providers.push({
          provider: r.provider,
          scope: s.scope,
          state: s.state,
          reason: s.lastError ? `${s.lastError.kind}: ${s.lastError.message}` : undefined,
        });
    }
  }
  const worst = Object.entries(failedFilters).sort((a, b) => b[1] - a[1])[0];
  const turnedAway = worst ? ` (${worst[0]} turned away ${worst[1]})` : '';
  const message = !offersWithGpu
    ? `no provider currently lists ${q.gpu}`
    : `${offersWithGpu} offer${offersWithGpu === 1 ? '' : 's'} with ${q.gpu}, but none passed the filters${turnedAway}`;
  return { message, offersWithGpu, failedFilters, providers };
}
