// RunPod v2's rate limit as the spec shows it: a fixed minute window, with IETF ratelimit-headers
// (RateLimit, RateLimit-Policy) on every answer and Retry-After on the 429.

export class RateWindow {
  private readonly started = Date.now();
  private window = { start: Date.now(), used: 0 };
  private total = 0;

  constructor(private readonly perMinute: number) {}

  /** Counts a request; `status` 429 when the minute's quota is spent. */
  take(): { status: 200 | 429; headers: Record<string, string> } {
    if (Date.now() - this.window.start >= 60_000) this.window = { start: Date.now(), used: 0 };
    const resetS = Math.max(1, Math.ceil((this.window.start + 60_000 - Date.now()) / 1000));
    if (this.window.used >= this.perMinute) return { status: 429, headers: { 'retry-after': String(resetS), ...this.headers(0, resetS) } };
    this.window.used++;
    this.total++;
    return { status: 200, headers: this.headers(this.perMinute - this.window.used, resetS) };
  }

  private headers(remaining: number, resetS: number): Record<string, string> {
    const up = Math.floor((Date.now() - this.started) / 1000);
    const window = (name: string, quota: number, seconds: number) =>
      `"${name}";r=${Math.max(0, quota - this.total)};t=${seconds - (up % seconds)}`;
    return {
      ratelimit: `"minute";r=${remaining};t=${resetS}, ${window('hour', 3000, 3600)}, ${window('day', 50000, 86400)}`,
      'ratelimit-policy': `"minute";q=${this.perMinute};w=60, "hour";q=3000;w=3600, "day";q=50000;w=86400`,
    };
  }
}
