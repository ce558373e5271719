import type { Config } from '../../config/env.js';
import { gpuIdsForQuery } from '../domain/gpu-models.js';
import type { Status } from '../domain/offer.js';
import type { CapacityQuery } from '../schemas/capacity-query.js';
import { DEFAULT_AVAILABILITY } from '../schemas/query-fields.js';
import { serveOffer, type Timing } from './freshness.js';
import { compileFilters } from './offer-filter.js';
import type { OfferIndex } from './offer-index.js';
import { byAvailability, byPrice, placementFor, type Placement } from './placement.js';
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

// The main question: where can I get N of this GPU now? Every offer of the asked GPUs
// becomes a placement (instances needed, price, evidence), filtered and ranked.
export function findCapacity(q: CapacityQuery, index: OfferIndex, config: Config, now = Date.now()): CapacityAnswer {
  const gpuIds = gpuIdsForQuery(q.gpu);
  const wanted = new Set<Status>(q.availability ?? DEFAULT_AVAILABILITY);
  const filters = compileFilters(q);
  const failed: Record<string, number> = {};
  const timings = new Map<string, Timing>();
  const placements: Placement[] = [];
  let offersWithGpu = 0;

  for (const gpuId of gpuIds) {
    for (const { offer, scopeKey } of index.forGpu(gpuId)) {
      offersWithGpu++;
      let ok = true;
      for (const f of filters) {
        if (!f.test(offer)) {
          failed[f.param] = (failed[f.param] ?? 0) + 1;
          ok = false;
        }
      }
      let timing = timings.get(offer.provider);
      if (!timing) timings.set(offer.provider, (timing = timingFor(config, offer.provider)));
      const placement = placementFor(serveOffer(offer, index.status(scopeKey), timing, now), q.count);
      if (!wanted.has(placement.availability.status)) {
        failed.availability = (failed.availability ?? 0) + 1;
        ok = false;
      }
      if (ok) placements.push(placement);
    }
  }

  placements.sort(q.sort === 'price' ? byPrice : byAvailability);
  const answer: CapacityAnswer = {
    query: { ...q, gpuIds, availability: [...wanted] },
    total: placements.length,
    placements: placements.slice(0, q.limit),
    generatedAt: new Date(now).toISOString(),
  };
  if (!placements.length) answer.diagnostics = diagnose(q, offersWithGpu, failed, index, config, now);
  return answer;
}

function diagnose(q: CapacityQuery, offersWithGpu: number, failedFilters: Record<string, number>, index: OfferIndex, config: Config, now: number): Diagnostics {
  const providers: Diagnostics['providers'] = [];
  const reports = providerReports(config, index, now);
  for (const asked of q.provider ?? []) {
    if (!reports.some((r) => r.provider === asked)) providers.push({ provider: asked, state: 'disabled', reason: 'gpu-radar has no adapter for it yet' });
  }
  for (const r of reports) {
    if (q.provider && !q.provider.includes(r.provider as never)) continue;
    if (!r.enabled) providers.push({ provider: r.provider, state: 'disabled', reason: r.disabledReason });
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
