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
  const timings = new Map<string, Timing>();
  const scopeTimes = new Map<string, [iso: string, ms: number]>();
  const candidates: Candidate[] = [];
  const turnedAway: IndexEntry[] = [];
  let offersWithGpu = 0;
  let validUntil = Infinity;

  const judge = (entry: IndexEntry) => {
    const offer = entry.offer;
    let timing = timings.get(offer.provider);
    if (!timing) timings.set(offer.provider, (timing = timingFor(config, offer.provider)));
    let observed = offer.availability.observedAt ? ([offer.availability.observedAt, Date.parse(offer.availability.observedAt)] as [string, number]) : scopeTimes.get(entry.scopeKey);
    if (!observed) {
      const iso = index.status(entry.scopeKey)?.observedAt ?? EPOCH;
      scopeTimes.set(entry.scopeKey, (observed = [iso, Date.parse(iso)]));
    }
    const age = now - observed[1];
    const verdict = placementVerdict(offer.availability, statusAtAge(offer, age, timing), offer.gpu.count, q.count);
    return { timing, observed, age, verdict };
  };

  for (const gpuId of gpuIds) {
    for (const entry of index.forGpu(gpuId)) {
      const offer = entry.offer;
      offersWithGpu++;
      let ok = true;
      for (const f of filters) {
        if (!f.test(offer)) {
          failed[f.param] = (failed[f.param] ?? 0) + 1;
          ok = false;
        }
      }
      if (!ok) {
        turnedAway.push(entry);
        continue;
      }
      const { timing, observed, age, verdict } = judge(entry);
      // Staleness and expiry move with the clock: the answer holds until the next such edge.
      for (const edge of [observed[1] + timing.staleAfterMs, observed[1] + timing.expireAfterMs]) if (edge >= now && edge < validUntil) validUntil = edge;
      if (!wanted.has(verdict.status)) {
        failed.availability = (failed.availability ?? 0) + 1;
        continue;
      }
      candidates.push({
        offerId: offer.id,
        availability: { status: verdict.status },
        price: { perGpuHourUsd: offer.price.perGpuHourUsd },
        stale: age > timing.staleAfterMs,
        observedAt: observed[0],
        entry,
        timing,
      });
    }
  }

  candidates.sort(q.sort === 'price' ? byPrice : byAvailability);
  const placements = candidates.slice(0, q.limit).map((c) => placementFor(serveOffer(c.entry.offer, index.status(c.entry.scopeKey), c.timing, now), q.count));
  const answer: CapacityAnswer = {
    query: { ...q, gpuIds, availability: [...wanted] },
    total: candidates.length,
    placements,
    generatedAt: new Date(now).toISOString(),
  };
  if (!candidates.length) {
    // Only an empty answer explains itself, so only then is availability judged for the
    // offers other filters turned away: each filter's count stands on its own.
    for (const entry of turnedAway) if (!wanted.has(judge(entry).verdict.status)) failed.availability = (failed.availability ?? 0) + 1;
    answer.diagnostics = diagnose(q, offersWithGpu, failed, index, config, now);
  }
  if (meta) meta.validUntil = validUntil;
  return answer;
}

const EPOCH = new Date(0).toISOString();

function diagnose(q: CapacityQuery, offersWithGpu: number, failedFilters: Record<string, number>, index: OfferIndex, config: Config, now: number): Diagnostics {
  const providers: Diagnostics['providers'] = [];
  const reports = providerReports(config, index, now);
  for (const asked of q.provider ?? []) {
    if (!reports.some((r) => r.provider === asked)) providers.push({ provider: asked, state: 'disabled', reason: 'gpu-radar has no adapter for it yet' });
  }
  for (const r of reports) {
    if (q.provider && !q.provider.includes(r.provider as never)) continue;
    if (!r.enabled) providers.push({ provider: r.provider, state: 'disabled', reason: r.disabledReason });
    else if (!r.scopes.length) providers.push({ provider: r.provider, state: 'pending', reason: 'not polled yet' });
    for (const s of r.scopes) {
      if (s.state !== 'ok') providers.push({ provider: r.provider, scope: s.scope, state: s.state, reason: s.lastError ? `${s.lastError.kind}: ${s.lastError.message}` : undefined });
    }
  }
  const worst = Object.entries(failedFilters).sort((a, b) => b[1] - a[1])[0];
  const message = !offersWithGpu
    ? `no provider currently lists ${q.gpu}`
    : `${offersWithGpu} offer${offersWithGpu === 1 ? '' : 's'} with ${q.gpu}, but none passed the filters${worst ? ` (${worst[0]} turned away ${worst[1]})` : ''}`;
  return { message, offersWithGpu, failedFilters, providers };
}
