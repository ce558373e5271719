import type { FeedEntry } from '../../store/index-feed.js';

/** Stream entries after `afterId` (exclusive), oldest first: [id, fields]. */
export type RangeFn = (afterId: string, count: number) => Promise<[string, string[]][]>;

export type Subscriber = (batch: FeedEntry[]) => void;

// Fans the API's change feed out to live /v1/events subscribers, and reads the Redis Stream
// back for a subscriber that resumes with Last-Event-ID.
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();

  constructor(
    readonly range: RangeFn,
    /** Comment lines keep proxies from closing an idle stream. @defaultValue 15 s */
    readonly heartbeatMs = 15_000,
  ) {}

  readonly publish = (batch: FeedEntry[]): void => {
    for (const s of this.subscribers) s(batch);
  };

  subscribe(s: Subscriber): () => void {
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  get size(): number {
    return this.subscribers.size;
  }
}

/** Orders Redis Stream ids (`<ms>-<seq>`). */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}
