import type { ApiKeysStore } from '../../store/api-keys-store.js';
import { grants, parseToken, secretMatches, type ApiKeyRecord, type Scope } from './api-keys.js';
import { RateLimiter } from './rate-limiter.js';

export type Verdict = { ok: true; key: ApiKeyRecord } | { ok: false; status: 401 | 403 | 429 | 503; detail: string; headers?: Record<string, string> };

// Checks a request's key against the keys in Redis, kept in memory and reloaded when their
// revision moves (looked at most once per `refreshMs`, in the background), so a request never
// waits on Redis once the first load is done, and a revoked key stops working within seconds.
export class Authenticator {
  private keys = new Map<string, ApiKeyRecord>();
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

  async authorize(authorization: string | undefined, scope: Scope, now = Date.now()): Promise<Verdict> {
    try {
      await this.fresh(now);
    } catch {
      return { ok: false, status: 503, detail: 'API keys cannot be checked: Redis is not answering' };
    }
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const challenge = { 'www-authenticate': 'Bearer realm="gpu-radar"' };
    if (!token) return { ok: false, status: 401, detail: 'an API key is required: send Authorization: Bearer grk_...', headers: challenge };
    const parsed = parseToken(token);
    // A key made a moment ago may not be loaded yet: look again, at most every 100 ms.
    if (parsed && !this.keys.has(parsed.id) && now - this.missedAt >= 100) {
      this.missedAt = now;
      await this.reload().catch(() => undefined);
    }
    const key = parsed && this.keys.get(parsed.id);
    if (!key || !secretMatches(key, parsed.secret)) return { ok: false, status: 401, detail: 'unknown or revoked API key', headers: challenge };
    if (!grants(key, scope)) return { ok: false, status: 403, detail: `API key "${key.name}" lacks the ${scope} scope (it has ${key.scopes.join(', ')})` };
    const perMinute = key.perMinute ?? this.defaultPerMinute;
    const waitMs = this.limiter.take(key.id, perMinute, now);
    if (waitMs) return { ok: false, status: 429, detail: `API key "${key.name}" is limited to ${perMinute} requests per minute`, headers: { 'retry-after': String(Math.ceil(waitMs / 1000)) } };
    return { ok: true, key };
  }

  private async fresh(now: number): Promise<void> {
    if (this.revision >= 0 && now - this.checkedAt < this.refreshMs) return;
    this.checkedAt = now;
    // Only the first load is waited for; after it, a failed reload keeps the keys known.
    if (this.revision < 0) await this.reload();
    else this.reload().catch(() => undefined);
  }

  /** One load at a time; callers arriving meanwhile share it. */
  private reload(): Promise<void> {
    return (this.loading ??= this.load().finally(() => (this.loading = undefined)));
  }

  private async load(): Promise<void> {
    const revision = await this.store.revision();
    if (revision === this.revision) return;
    this.keys = new Map((await this.store.list()).map((k) => [k.id, k]));
    this.revision = revision;
  }
}
