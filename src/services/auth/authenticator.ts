import type { ApiKeysStore } from '../../store/api-keys-store.js';
import type { ApiKeyRecord, Scope } from '../../domain/api-key.js';
import type { ServiceErrorCode } from '../errors.js';
import { grants, parseToken, secretMatches } from './api-keys.js';
import { RateLimiter } from './rate-limiter.js';

type Refusal = Extract<ServiceErrorCode, 'unauthenticated' | 'forbidden' | 'rate_limited' | 'unavailable'>;
/** A refusal; `retryAfterS` says when a rate-limited key may call again. */
export type Verdict = { ok: true; key: ApiKeyRecord } | { ok: false; code: Refusal; detail: string; retryAfterS?: number };

const MAX_VERIFIED = 10_000;

// Checks a request's key against the keys in Redis, kept in memory and reloaded when their
// revision moves (looked at most once per `refreshMs`, in the background). Once the first load
// is done a check is synchronous, so a request never waits on Redis, and a revoked key stops
// working within about `refreshMs`.
export class Authenticator {
  private keys = new Map<string, ApiKeyRecord>();
  /**
   * Tokens that matched a stored key, until the keys change, so a request for a known token
   * costs a map lookup rather than a SHA-256. Only matching tokens enter, so it stays small.
   */
  private verified = new Map<string, ApiKeyRecord>();
  private revision = -1;
  private checkedAt = 0;
  private missedAt = 0;
  private loading?: Promise<void>;
  private readonly limiter = new RateLimiter();

  constructor(
    private readonly store: ApiKeysStore,
    private readonly defaultPerMinute: number,
    private readonly refreshMs = 1_000,
  ) {}

  /** A verdict now, or (before the first load, or for a key not seen yet) once the keys are read. */
  authorize(authorization: string | undefined, scope: Scope, now = Date.now()): Verdict | Promise<Verdict> {
    const unavailable: Verdict = { ok: false, code: 'unavailable', detail: 'API keys cannot be checked: Redis is not answering' };
    const token = bearer(authorization);
    if (this.revision < 0)
      return this.reload().then(
        () => this.judge(token, scope, now),
        () => unavailable,
      );
    if (now - this.checkedAt >= this.refreshMs) {
      this.checkedAt = now;
      this.reload().catch(() => undefined); // a failed reload keeps the keys known
    }
    // A key made a moment ago may not be loaded yet: look again, at most every 100 ms.
    const id = token && !this.verified.has(token) ? parseToken(token)?.id : undefined;
    if (id && !this.keys.has(id) && now - this.missedAt >= 100) {
      this.missedAt = now;
      const judge = () => this.judge(token, scope, now);
      return this.reload().then(judge, judge);
    }
    return this.judge(token, scope, now);
  }

  private judge(token: string | undefined, scope: Scope, now: number): Verdict {
    if (!token)
      return {
        ok: false,
        code: 'unauthenticated',
        detail: 'an API key is required: send Authorization: Bearer grk_...',
      };
    let key = this.verified.get(token);
    if (!key) {
      const parsed = parseToken(token);
      key = parsed && this.keys.get(parsed.id);
      if (!key || !secretMatches(key, parsed!.secret)) return { ok: false, code: 'unauthenticated', detail: 'unknown or revoked API key' };
      if (this.verified.size < MAX_VERIFIED) this.verified.set(token, key);
    }
    if (!grants(key, scope))
      return { ok: false, code: 'forbidden', detail: `API key "${key.name}" lacks the ${scope} scope (it has ${key.scopes.join(', ')})` };
    const perMinute = key.perMinute ?? this.defaultPerMinute;
    const waitMs = this.limiter.take(key.id, perMinute, now);
    if (waitMs)
      return {
        ok: false,
        code: 'rate_limited',
        detail: `API key "${key.name}" is limited to ${perMinute} requests per minute`,
        retryAfterS: Math.ceil(waitMs / 1000),
      };
    return { ok: true, key };
  }

  /** One load at a time; callers arriving meanwhile share it. */
  private reload(): Promise<void> {
    return (this.loading ??= this.load().finally(() => (this.loading = undefined)));
  }

  private async load(): Promise<void> {
    const revision = await this.store.revision();
    if (revision === this.revision) return;
    this.keys = new Map((await this.store.list()).map((k) => [k.id, k]));
    this.verified = new Map();
    this.revision = revision;
  }
}

const bearer = (authorization: string | undefined) => (authorization ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined);
