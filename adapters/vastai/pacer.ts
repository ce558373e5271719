import { setTimeout as sleep } from 'node:timers/promises';
import { AdapterError } from '../../src/lib/adapter-error.js';

/**
 * Spaces requests at least `gapMs` apart within this process: Vast rate-limits search as a
 * minimum interval between calls per IP and sends no Retry-After, so waiting is politer than
 * collecting 429s. The wait ends early (as a timeout) when the poll is aborted.
 */
export function pacer(gapMs: number): (signal: AbortSignal) => Promise<void> {
  let next = 0;
  return async (signal) => {
    const now = Date.now();
    const wait = next - now;
    next = Math.max(now, next) + gapMs;
    if (wait <= 0) return;
    try {
      await sleep(wait, undefined, { signal });
    } catch (err) {
      throw new AdapterError('timeout', `vastai: poll aborted while pacing requests (${wait} ms gap)`, { cause: err });
    }
  };
}
