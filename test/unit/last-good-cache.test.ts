import { describe, expect, it } from 'vitest';
import { LastGoodCache, type LastGoodOptions } from '../../src/lib/last-good-cache.js';

const signal = new AbortController().signal;

/** A cache over a loader whose answers the test hands out one by one, on a clock it moves. */
function setup(opts: LastGoodOptions = {}) {
  const clock = { now: 1_000 };
  const calls: { version: string; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const cache = new LastGoodCache<string>(
    (_, version) =>
      new Promise((resolve, reject) => {
        calls.push({ version, resolve, reject });
      }),
    { ...opts, now: () => clock.now },
  );
  /** Starts a get, lets the loader be called, and answers its latest call. */
  const answer = async (settle: (c: (typeof calls)[number]) => void, v?: { version?: string; waitMs?: number }) => {
    const got = cache.get(signal, v);
    await Promise.resolve();
    settle(calls.at(-1)!);
    return got;
  };
  return { clock, calls, cache, answer };
}

describe('LastGoodCache', () => {
  it('loads once, serves the value until it is ttlMs old, then reloads', async () => {
    const { clock, calls, cache, answer } = setup({ ttlMs: 100 });
    expect(await answer((c) => c.resolve('a'))).toEqual({ value: 'a', at: 1_000, version: '', loading: false });
    clock.now += 99;
    expect((await cache.get(signal)).value).toBe('a');
    expect(calls).toHaveLength(1);
    clock.now += 1;
    expect(await answer((c) => c.resolve('b'))).toMatchObject({ value: 'b', at: 1_100 });
    expect(calls).toHaveLength(2);
  });

  it('shares one load between concurrent callers', async () => {
    const { calls, cache } = setup();
    const first = cache.get(signal);
    const second = cache.get(signal);
    await Promise.resolve();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve('a');
    expect((await first).value).toBe('a');
    expect((await second).value).toBe('a');
  });

  it('keeps the last good value when a reload fails, and says why until a load succeeds', async () => {
    const { clock, cache, answer } = setup({ ttlMs: 100, retryFailedMs: 50 });
    await answer((c) => c.resolve('a'));
    clock.now += 100;
    const boom = new Error('boom');
    expect(await answer((c) => c.reject(boom))).toEqual({ value: 'a', at: 1_000, version: '', error: boom, loading: false });
    clock.now += 50;
    expect(await answer((c) => c.resolve('b'))).toEqual({ value: 'b', at: 1_150, version: '', loading: false });
    expect(cache.peek().error).toBeUndefined();
  });

  it('leaves the source alone for retryFailedMs after a failure, or as long as the error says', async () => {
    const { clock, calls, cache, answer } = setup({ retryFailedMs: (err) => ((err as Error).message === 'slow down' ? 500 : 50) });
    await answer((c) => c.reject(new Error('slow down')));
    clock.now += 499;
    expect((await cache.get(signal)).error).toBeInstanceOf(Error);
    expect(calls).toHaveLength(1);
    clock.now += 1;
    await answer((c) => c.reject(new Error('other')));
    expect(calls).toHaveLength(2);
    clock.now += 50;
    await answer((c) => c.resolve('a'));
    expect(calls).toHaveLength(3);
  });

  it('without a retry delay, the next caller tries again at once (a failure is never cached)', async () => {
    const { calls, answer } = setup({ ttlMs: 100 });
    await answer((c) => c.reject(new Error('down')));
    expect(await answer((c) => c.resolve('a'))).toMatchObject({ value: 'a' });
    expect(calls).toHaveLength(2);
  });

  it('reloads when the version moves, and holds off only the version that failed', async () => {
    const { calls, cache, answer } = setup({ retryFailedMs: 1_000 });
    await answer((c) => c.resolve('v1 prices'), { version: 'v1' });
    expect((await cache.get(signal, { version: 'v1' })).value).toBe('v1 prices');
    expect(calls).toHaveLength(1);
    expect(await answer((c) => c.reject(new Error('cut off')), { version: 'v2' })).toMatchObject({ value: 'v1 prices', version: 'v1' });
    await cache.get(signal, { version: 'v2' });
    expect(calls).toHaveLength(2);
    expect(await answer((c) => c.resolve('v3 prices'), { version: 'v3' })).toMatchObject({ value: 'v3 prices', version: 'v3' });
    expect(calls.map((c) => c.version)).toEqual(['v1', 'v2', 'v3']);
  });

  it('with waitMs, answers while the load goes on in the background, and serves it once done', async () => {
    const { calls, cache } = setup();
    expect(await cache.get(signal, { waitMs: 0 })).toEqual({ loading: true });
    expect(await cache.get(signal, { waitMs: 0 })).toEqual({ loading: true });
    expect(calls).toHaveLength(1);
    calls[0]!.resolve('a');
    expect(await cache.get(signal)).toMatchObject({ value: 'a', loading: false });
    expect(calls).toHaveLength(1);
  });
});
