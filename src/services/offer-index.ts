import type { StoredOffer } from '../domain/offer.js';
import type { ChangeEvent } from '../store/events.js';
import type { ScopeStatus } from '../store/scope-status.js';

export interface IndexEntry {
  offer: StoredOffer;
  scopeKey: string;
}

export interface IndexSnapshot {
  statuses: ScopeStatus[];
  offers: { provider: string; scope: string; offer: StoredOffer }[];
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
    else this.statuses.set(scopeKey(e.provider, e.scope), e.status);
    this.revision++;
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
    const entry: IndexEntry = { offer, scopeKey: scopeKey(provider, scope) };
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
