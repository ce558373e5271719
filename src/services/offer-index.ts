import type { ChangeEvent, IndexSnapshot } from '../domain/change-event.js';
import type { Observation } from '../domain/observation.js';
import { hardwareKey, MARKETS, type StoredOffer } from '../domain/offer.js';
import type { ScopeStatus } from '../domain/scope-status.js';
import { observedOffer } from './observed-offer.js';

export interface IndexEntry {
  /** The offer as served: the provider's, or what an active observation makes of it. */
  offer: StoredOffer;
  scopeKey: string;
  /** The provider's own offer, kept while an observation overrides it. */
  live?: StoredOffer;
}

export const scopeKey = (provider: string, scope: string) => `${provider}\u0000${scope}`;

// The API's in-memory view of every offer, grouped by canonical GPU id so that a capacity
// query touches only the offers of the GPUs it asks for. Fed by the change stream; queries
// never read Redis.
export class OfferIndex {
  private offers = new Map<string, IndexEntry>();
  private byGpu = new Map<string, Map<string, IndexEntry>>();
  private statuses = new Map<string, ScopeStatus>();
  /** Bumped on every change, so callers can tell cheaply whether anything moved. */
  revision = 0;
  private sorted?: { revision: number; ids: string[] };
  private observations = new Map<string, { obs: Observation; timer: NodeJS.Timeout }>();
  /** Told the offers an ending observation handed back to their providers' evidence. */
  onObservationEnd?: (offers: StoredOffer[]) => void;

  replaceAll(snapshot: IndexSnapshot): void {
    this.offers = new Map();
    this.byGpu = new Map();
    this.statuses = new Map(snapshot.statuses.map((s) => [scopeKey(s.provider, s.scope), s]));
    for (const { provider, scope, offer } of snapshot.offers) this.upsert(provider, scope, offer);
    this.revision++;
  }

  /**
   * Replaces the scopes the snapshot has and keeps the others: after Redis restarts empty,
   * what we knew is still served (ageing into stale, then unknown) until polls replace it.
   */
  loadScopes(snapshot: IndexSnapshot): void {
    const fresh = new Set(snapshot.statuses.map((s) => scopeKey(s.provider, s.scope)));
    for (const { provider, scope } of snapshot.offers) fresh.add(scopeKey(provider, scope));
    for (const [id, entry] of this.offers) if (fresh.has(entry.scopeKey)) this.remove(id);
    for (const s of snapshot.statuses) this.statuses.set(scopeKey(s.provider, s.scope), s);
    for (const { provider, scope, offer } of snapshot.offers) this.upsert(provider, scope, offer);
    this.revision++;
  }

  apply(e: ChangeEvent): void {
    if (e.type === 'upsert') this.upsert(e.provider, e.scope, e.offer);
    else if (e.type === 'remove') this.remove(e.id);
    else if (e.type === 'observe') this.observe(e.observation);
    else this.statuses.set(scopeKey(e.provider, e.scope), e.status);
    this.revision++;
  }

  /**
   * Lets a launch outcome override its instance type's offers (every market) until it ends,
   * unless a later report about the same place already stands. Returns the offers it overrides.
   */
  observe(obs: Observation, now = Date.now()): number {
    const current = this.observations.get(obs.key);
    if (obs.until <= now || (current && current.obs.at > obs.at)) return 0;
    clearTimeout(current?.timer);
    const timer = setTimeout(() => this.endObservation(obs), obs.until - now);
    timer.unref();
    this.observations.set(obs.key, { obs, timer });
    let overridden = 0;
    for (const e of this.entriesFor(obs.key)) {
      const live = e.live ?? e.offer;
      const o = observedOffer(live, obs);
      e.offer = o ?? live;
      e.live = o ? live : undefined;
      if (o) overridden++;
    }
    this.revision++;
    return overridden;
  }

  /** Offers of one instance type at one place, in every market. */
  entriesFor(key: string): IndexEntry[] {
    return MARKETS.flatMap((m) => this.offers.get(`${key}:${m}`) ?? []);
  }

  private endObservation(obs: Observation): void {
    if (this.observations.get(obs.key)?.obs !== obs) return;
    this.observations.delete(obs.key);
    const restored: StoredOffer[] = [];
    for (const e of this.entriesFor(obs.key)) {
      if (!e.live) continue;
      e.offer = e.live;
      e.live = undefined;
      restored.push(e.offer);
    }
    this.revision++;
    if (restored.length) this.onObservationEnd?.(restored);
  }

  get size(): number {
    return this.offers.size;
  }

  all(): Iterable<IndexEntry> {
    return this.offers.values();
  }

  forGpu(gpuId: string): Iterable<IndexEntry> {
    return this.byGpu.get(gpuId)?.values() ?? [];
  }

  /** Every offer id, sorted; recomputed only after a change. */
  idsInOrder(): readonly string[] {
    if (this.sorted?.revision !== this.revision) this.sorted = { revision: this.revision, ids: [...this.offers.keys()].sort() };
    return this.sorted.ids;
  }

  get(id: string): IndexEntry | undefined {
    return this.offers.get(id);
  }

  status(key: string): ScopeStatus | undefined {
    return this.statuses.get(key);
  }

  scopeStatuses(): ScopeStatus[] {
    return [...this.statuses.values()];
  }

  private upsert(provider: string, scope: string, offer: StoredOffer): void {
    const old = this.offers.get(offer.id);
    if (old && old.offer.gpu.id !== offer.gpu.id) this.byGpu.get(old.offer.gpu.id)?.delete(offer.id);
    const obs = this.observations.size ? this.observations.get(hardwareKey(offer))?.obs : undefined;
    const observed = obs && observedOffer(offer, obs);
    const entry: IndexEntry = observed
      ? { offer: observed, scopeKey: scopeKey(provider, scope), live: offer }
      : { offer, scopeKey: scopeKey(provider, scope) };
    this.offers.set(offer.id, entry);
    let group = this.byGpu.get(offer.gpu.id);
    if (!group) this.byGpu.set(offer.gpu.id, (group = new Map()));
    group.set(offer.id, entry);
  }

  private remove(id: string): void {
    const old = this.offers.get(id);
    if (!old) return;
    this.offers.delete(id);
    this.byGpu.get(old.offer.gpu.id)?.delete(id);
  }
}
