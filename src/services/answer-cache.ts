import type { OfferIndex } from './offer-index.js';

const MAX_KEY_LENGTH = 2_048;

/**
 * Encoded answers by request URL, valid while the index has not changed and the clock has
 * not crossed the next staleness or expiry edge of any offer in the answer. Dashboards ask the
 * same questions over and over; between changes they get the same bytes without recomputing.
 */
export class AnswerCache {
  private readonly entries = new Map<string, { revision: number; validUntil: number; body: Buffer }>();

  constructor(
    private readonly index: OfferIndex,
    private readonly maxEntries = 1_000,
  ) {}

  get(key: string, now: number): Buffer | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.revision === this.index.revision && now < e.validUntil) return e.body;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, body: Buffer, validUntil: number): void {
    if (key.length > MAX_KEY_LENGTH) return;
    // Oldest first out: Map keeps insertion order.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { revision: this.index.revision, validUntil, body });
  }
}
