import type { Redis } from 'ioredis';
import { StoredOfferSchema, type StoredOffer } from '../domain/offer.js';
import type { AdapterError } from '../lib/adapter-error.js';
import { eventFields, STREAM_MAXLEN } from './events.js';
import type { HistoryStore } from './history-store.js';
import type { Keys } from './keys.js';
import { countPoll } from '../domain/poll-stats.js';
import { emptyStatus, type ScopeStatus } from '../domain/scope-status.js';

export interface ApplyMeta {
  observedAt: Date;
  unknownGpus: string[];
  dropped?: number;
  nextPollAt?: Date;
  /** How long the provider took to answer, for /metrics. */
  durationMs?: number;
}

export interface ApplyResult {
  version: number;
  upserts: number;
  removes: number;
  /** Offers refused: failing StoredOfferSchema, or a second offer with the same id. */
  invalid: number;
  firstInvalid?: string;
}

const MAX_ATTEMPTS = 5;
const SLICE = 1_000;

// Per-scope snapshots: `apply` diffs a full answer against the last one and writes only the
// changes (never an offer that fails StoredOfferSchema), in one MULTI guarded by WATCH on the scope's version, so two workers applying
// the same scope (a stalled job retried) can never interleave. Applying the same answer twice
// is a no-op, which makes poll jobs idempotent.
export class OffersStore {
  // The last snapshot this process wrote or read, by scope; valid while the version matches.
  private readonly cache = new Map<string, { version: number; json: Map<string, string> }>();

  // WATCH belongs to the connection, so this process's writes take turns on it.
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly k: Keys,
    /** Gets a sample of every successful poll; it logs its own failures and never fails a poll. */
    private readonly history?: Pick<HistoryStore, 'record'>,
  ) {}

  apply(provider: string, scope: string, offers: StoredOffer[], meta: ApplyMeta): Promise<ApplyResult> {
    return this.inTurn(() => this.applyNow(provider, scope, offers, meta));
  }

  /** A failed poll leaves the snapshot alone; only the status learns about it. */
  recordFailure(
    provider: string,
    scope: string,
    err: AdapterError,
    meta: { nextPollAt?: Date; durationMs?: number } = {},
  ): Promise<ScopeStatus> {
    return this.inTurn(() => this.recordFailureNow(provider, scope, err, meta));
  }

  private inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.turn.then(fn, fn);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async applyNow(provider: string, scope: string, offers: StoredOffer[], meta: ApplyMeta): Promise<ApplyResult> {
    const answer = new Map<string, { json: string; offer: StoredOffer }>();
    let duplicates = 0;
    for (const offer of offers) {
      if (answer.has(offer.id)) duplicates++;
      answer.set(offer.id, { json: JSON.stringify(offer), offer });
    }
    // Only offers that differ from the stored snapshot are validated: an identical one passed
    // when it was written. This keeps an unchanged poll cheap.
    const verdicts = new Map<string, string | null>();
    const versionKey = this.k.scopeVersion(provider, scope);
    const cacheKey = `${provider}\u0000${scope}`;

    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await this.redis.watch(versionKey);
      const [version, prevStatus] = await Promise.all([
        this.redis.get(versionKey).then((v) => Number(v ?? 0)),
        this.status(provider, scope),
      ]);
      const prev = await this.snapshot(provider, scope, version, cacheKey);

      const next = new Map<string, string>();
      const upserts: [string, string][] = [];
      const invalid: string[] = [];
      for (const [id, { json, offer }] of answer) {
        if (prev.get(id) === json) {
          next.set(id, json);
          continue;
        }
        if (!verdicts.has(id)) verdicts.set(id, invalidReason(offer));
        const reason = verdicts.get(id);
        if (reason) invalid.push(`${id}: ${reason}`);
        else {
          next.set(id, json);
          upserts.push([id, json]);
        }
      }
      const removes = [...prev.keys()].filter((id) => !next.has(id));
      const changed = upserts.length + removes.length > 0;
      const newVersion = changed ? version + 1 : version;

      const status: ScopeStatus = {
        ...prevStatus,
        observedAt: meta.observedAt.toISOString(),
        lastSuccessAt: new Date().toISOString(),
        consecutiveFailures: 0,
        offers: next.size,
        unknownGpus: meta.unknownGpus,
        dropped: (meta.dropped ?? 0) + duplicates + invalid.length,
        version: newVersion,
        nextPollAt: meta.nextPollAt?.toISOString(),
        polls: countPoll(prevStatus.polls, { durationMs: meta.durationMs }),
      };

      const m = this.redis.multi();
      if (changed) {
        const offersKey = this.k.offers(provider, scope);
        // In slices: spreading a whole large scope into one call overflows the stack.
        for (let i = 0; i < upserts.length; i += SLICE) m.hset(offersKey, ...upserts.slice(i, i + SLICE).flat());
        for (let i = 0; i < removes.length; i += SLICE) m.hdel(offersKey, ...removes.slice(i, i + SLICE));
        m.set(versionKey, newVersion);
        for (const [, json] of upserts) this.xadd(m, eventFields('upsert', provider, scope, json));
        for (const id of removes) this.xadd(m, eventFields('remove', provider, scope, id));
      }
      this.writeStatus(m, status);
      const res = await m.exec();
      if (res === null) continue; // another writer bumped the version: diff again
      const failed = res.find(([err]) => err);
      if (failed) throw failed[0];
      this.cache.set(cacheKey, { version: newVersion, json: next });
      await this.history?.record(
        provider,
        scope,
        [...next.keys()].map((id) => answer.get(id)!.offer),
        meta.observedAt,
      );
      return {
        version: newVersion,
        upserts: upserts.length,
        removes: removes.length,
        invalid: invalid.length + duplicates,
        firstInvalid: invalid[0],
      };
    }
    throw new Error(`store: ${provider}/${scope} kept changing under us after ${MAX_ATTEMPTS} attempts`);
  }

  private async recordFailureNow(
    provider: string,
    scope: string,
    err: AdapterError,
    meta: { nextPollAt?: Date; durationMs?: number },
  ): Promise<ScopeStatus> {
    const prev = await this.status(provider, scope);
    const status: ScopeStatus = {
      ...prev,
      lastError: { kind: err.kind, message: err.message, at: new Date().toISOString() },
      consecutiveFailures: prev.consecutiveFailures + 1,
      nextPollAt: meta.nextPollAt?.toISOString() ?? prev.nextPollAt,
      polls: countPoll(prev.polls, { durationMs: meta.durationMs, errorKind: err.kind }),
    };
    const m = this.redis.multi();
    this.writeStatus(m, status);
    await m.exec();
    return status;
  }

  async status(provider: string, scope: string): Promise<ScopeStatus> {
    const raw = await this.redis.hget(this.k.status(provider), scope);
    return raw ? (JSON.parse(raw) as ScopeStatus) : emptyStatus(provider, scope);
  }

  private writeStatus(m: ReturnType<Redis['multi']>, status: ScopeStatus): void {
    m.sadd(this.k.providers, status.provider);
    m.hset(this.k.status(status.provider), status.scope, JSON.stringify(status));
    this.xadd(m, eventFields('status', status.provider, status.scope, JSON.stringify(status)));
  }

  private xadd(m: ReturnType<Redis['multi']>, fields: string[]): void {
    m.xadd(this.k.events, 'MAXLEN', '~', STREAM_MAXLEN, '*', ...fields);
  }

  private async snapshot(provider: string, scope: string, version: number, cacheKey: string): Promise<Map<string, string>> {
    const hit = this.cache.get(cacheKey);
    if (hit && hit.version === version) return hit.json;
    const all = await this.redis.hgetall(this.k.offers(provider, scope));
    return new Map(Object.entries(all));
  }
}

function invalidReason(offer: StoredOffer): string | null {
  const r = StoredOfferSchema.safeParse(offer);
  if (r.success) return null;
  const issue = r.error.issues[0];
  return `${issue?.path.join('.') || '(offer)'}: ${issue?.message}`;
}
