import type { Redis } from 'ioredis';
import type { ChangeEvent, IndexSnapshot } from '../domain/change-event.js';
import type { Observation } from '../domain/observation.js';
import type { StoredOffer } from '../domain/offer.js';
import type { Logger } from '../lib/logger.js';
import { decodeEvent } from './events.js';
import type { Keys } from './keys.js';
import { ObservationsStore } from './observations-store.js';
import type { ScopeStatus } from '../domain/scope-status.js';

const BLOCK_MS = 2_000;

/** One stream entry as listeners see it; `previous` is the offer a remove took away. */
export interface FeedEntry {
  id: string;
  fields: string[];
  event?: ChangeEvent;
  previous?: StoredOffer;
}
export type FeedListener = (batch: FeedEntry[]) => void;

/** What the feed keeps current: the API's OfferIndex (src/services), which the store never imports. */
export interface IndexTarget {
  readonly size: number;
  get(id: string): { offer: StoredOffer } | undefined;
  loadScopes(snapshot: IndexSnapshot): void;
  apply(event: ChangeEvent): void;
  observe(obs: Observation): unknown;
}
const BATCH = 5_000;

// Keeps an index current: load every snapshot, then follow the change stream from the
// entry that was last before the load. Events are absolute (set or delete an offer), so
// replaying ones the load already saw is harmless. After a Redis error the feed reloads; scopes
// Redis no longer has (it restarted empty) stay served, their freshness stamps ageing honestly.
export class IndexFeed {
  private lastId = '0-0';
  private stopped = false;
  private loop?: Promise<void>;
  private readonly reader: Redis;
  /** When the last stream read succeeded; /readyz uses it. */
  lastReadAt = 0;
  private readonly listeners: FeedListener[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly k: Keys,
    private readonly index: IndexTarget,
    private readonly log: Logger,
  ) {
    // XREAD BLOCK holds its connection, so it gets one of its own; loads use the shared one,
    // or each of their reads would queue behind a blocked XREAD.
    this.reader = redis.duplicate();
  }

  async start(): Promise<void> {
    await this.load();
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.reader.disconnect();
    await this.loop;
  }

  /** Called after each batch is applied to the index (alert evaluation, live events). */
  onBatch(listener: FeedListener): void {
    this.listeners.push(listener);
  }

  /** Reads every snapshot again; the follow loop does this after a Redis error. */
  async load(): Promise<void> {
    const r = this.redis;
    const last = await r.xrevrange(this.k.events, '+', '-', 'COUNT', 1);
    const providers = await r.smembers(this.k.providers);
    const snapshot: IndexSnapshot = { statuses: [], offers: [] };
    for (const provider of providers) {
      const statuses = Object.values(await r.hgetall(this.k.status(provider))).map((s) => JSON.parse(s) as ScopeStatus);
      for (const status of statuses) {
        snapshot.statuses.push(status);
        const offers = await r.hvals(this.k.offers(provider, status.scope));
        for (const json of offers) snapshot.offers.push({ provider, scope: status.scope, offer: JSON.parse(json) as StoredOffer });
      }
    }
    this.index.loadScopes(snapshot);
    for (const obs of await new ObservationsStore(r, this.k).active()) this.index.observe(obs);
    this.lastId = last[0]?.[0] ?? '0-0';
    this.lastReadAt = Date.now();
    this.log.info({ offers: this.index.size, scopes: snapshot.statuses.length }, 'index loaded');
  }

  private async follow(): Promise<void> {
    let reload = false;
    while (!this.stopped) {
      try {
        if (reload) {
          await this.load();
          reload = false;
        }
        const res = (await this.reader.xread('COUNT', BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', this.k.events, this.lastId)) as
          [string, [string, string[]][]][] | null;
        this.lastReadAt = Date.now();
        const batch: FeedEntry[] = [];
        for (const [id, fields] of res?.[0]?.[1] ?? []) {
          const event = decodeEvent(fields);
          const previous = this.listeners.length && event?.type === 'remove' ? this.index.get(event.id)?.offer : undefined;
          if (event) this.index.apply(event);
          this.lastId = id;
          if (this.listeners.length) batch.push({ id, fields, event, previous });
        }
        for (const l of batch.length ? this.listeners : []) {
          try {
            l(batch);
          } catch (err) {
            this.log.error({ err }, 'change listener failed');
          }
        }
      } catch (err) {
        if (this.stopped) return;
        this.log.warn({ err }, 'change stream read failed; will reload');
        reload = true;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }
}
