// A value loaded from a slow or flaky source (price lists, catalogs) and kept: reloaded once it is
// older than `ttlMs` or its version moves, one load at a time, and never thrown away by a failed
// reload. After a failure the source is left alone for `retryFailedMs` (or as long as it asked).

export interface LastGoodOptions {
  /** How long a loaded value is used before a reload. @defaultValue Infinity (until the version moves) */
  ttlMs?: number;
  /** Wait after a failed load before the same version is tried again; may depend on the error. @defaultValue 0 */
  retryFailedMs?: number | ((err: unknown) => number);
  /** Milliseconds since the epoch; tests inject a clock. @defaultValue Date.now */
  now?: () => number;
}

export interface LastGood<T> {
  /** The last value loaded, if any load ever succeeded. */
  value?: T;
  /** When `value` was loaded, and the version it was loaded for. */
  at?: number;
  version?: string;
  /** Why the latest load failed, until a load succeeds. */
  error?: unknown;
  /** A load is still running: the caller stopped waiting for it after `waitMs`. */
  loading: boolean;
}

export type Loader<T> = (signal: AbortSignal, version: string) => Promise<T>;

export class LastGoodCache<T> {
  private loaded?: { value: T; at: number; version: string };
  private failure?: { error: unknown; until: number; version: string };
  private inflight?: { version: string; done: Promise<void> };
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly load: Loader<T>,
    private readonly o: LastGoodOptions = {},
  ) {
    this.ttlMs = o.ttlMs ?? Infinity;
    this.now = o.now ?? Date.now;
  }

  /**
   * The value for `version`, loading it first when it is missing or old and no failure holds the
   * source off. Concurrent callers share one load (and the first caller's signal). With `waitMs`,
   * answers after that long at most while the load goes on in the background.
   */
  async get(signal: AbortSignal, opts: { version?: string; waitMs?: number } = {}): Promise<LastGood<T>> {
    const version = opts.version ?? '';
    const now = this.now();
    const current = this.loaded?.version === version && now - this.loaded.at < this.ttlMs;
    const held = this.failure?.version === version && now < this.failure.until;
    if (!current && !held) {
      const done = this.inflight?.version === version ? this.inflight.done : this.start(signal, version);
      await (opts.waitMs === undefined ? done : within(done, opts.waitMs));
    }
    return this.peek();
  }

  /** What the cache holds now, without loading. */
  peek(): LastGood<T> {
    const { loaded, failure } = this;
    return {
      ...(loaded ? { value: loaded.value, at: loaded.at, version: loaded.version } : {}),
      ...(failure ? { error: failure.error } : {}),
      loading: this.inflight !== undefined,
    };
  }

  private start(signal: AbortSignal, version: string): Promise<void> {
    const done = this.load(signal, version).then(
      (value) => {
        this.loaded = { value, at: this.now(), version };
        this.failure = undefined;
      },
      (error: unknown) => {
        const retry = this.o.retryFailedMs ?? 0;
        this.failure = { error, until: this.now() + (typeof retry === 'number' ? retry : retry(error)), version };
      },
    );
    const flight: { version: string; done: Promise<void> } = {
      version,
      done: done.finally(() => this.inflight === flight && (this.inflight = undefined)),
    };
    this.inflight = flight;
    return flight.done;
  }
}

async function within(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
