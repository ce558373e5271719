import { afterAll, describe, expect, it } from 'vitest';
import { find } from '../../src/commands/find.js';
import { OffersStore } from '../../src/store/offers-store.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { makeOffer } from '../helpers/offers.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

describe('gpu-radar find --watch', () => {
  let t: TestRedis;
  let api: TestApi;
  afterAll(async () => {
    await api?.close();
    await t?.cleanup();
  });

  it('re-prints the answer every few seconds, showing changes, until stopped', async () => {
    t = await testRedis();
    const store = new OffersStore(t.redis, t.k);
    const apply = (status: 'available' | 'unavailable') =>
      store.apply('lambda', 'all', [makeOffer({ region: 'us-east-1', availability: { status } })], {
        observedAt: new Date(),
        unknownGpus: [],
      });
    await apply('available');
    api = await testApi(t);
    const url = await api.app.listen({ port: 0, host: '127.0.0.1' });

    const frames: string[] = [];
    const stop = new AbortController();
    const running = find(
      ['8xH100', '--watch', '--every', '0.2', '--url', url, '--availability', 'available,unavailable'],
      {},
      { write: (s) => frames.push(s), signal: stop.signal },
    );
    await eventually(() => expect(frames.length).toBeGreaterThanOrEqual(2));
    expect(frames[0]).toMatch(/^8 × H100: 1 placement\(s\)/);
    expect(frames[0]).toMatch(/available +lambda +us-east-1/);
    expect(frames[0]).toMatch(/every 0\.2s · Ctrl-C to stop/);

    await apply('unavailable');
    await eventually(() => expect(frames.at(-1)).toMatch(/unavailable +lambda +us-east-1/));
    stop.abort();
    expect(await running).toBe(0);
  });

  it('rejects a bad --every', async () => {
    expect(await find(['8xH100', '--watch', '--every', 'soon'], {}, { write: () => undefined })).toBe(2);
  });
});
