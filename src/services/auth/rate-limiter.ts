/**
 * Token buckets per API key, in this process: a key may burst up to its per-minute allowance,
 * then refills steadily. Each API replica counts on its own, which keeps Redis off the request
 * path; the limit is per replica.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** 0 when the request may go now (and is counted), else the ms until one may. */
  take(id: string, perMinute: number, now = Date.now()): number {
    const perMs = perMinute / 60_000;
    const b = this.buckets.get(id) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * perMs);
    b.at = now;
    this.buckets.set(id, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / perMs);
  }
}
