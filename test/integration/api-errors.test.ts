import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApi, type TestApi } from '../helpers/api.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

describe('bad input gets a 400 problem+json naming the parameter', () => {
  let t: TestRedis;
  let api: TestApi;
  beforeAll(async () => {
    t = await testRedis();
    api = await testApi(t);
  });
  afterAll(async () => {
    await api.close();
    await t.cleanup();
  });

  const cases: [string, string][] = [
    ['/v1/capacity', 'gpu'],
    ['/v1/capacity?gpu=H100&count=0', 'count'],
    ['/v1/capacity?gpu=H100&count=eight', 'count'],
    ['/v1/capacity?gpu=H100&count=1.5', 'count'],
    ['/v1/capacity?gpu=H900', 'gpu'],
    ['/v1/capacity?gpu=H100&market=cheap', 'market'],
    ['/v1/capacity?gpu=H100&provider=acme', 'provider'],
    ['/v1/capacity?gpu=H100&region=us%20east', 'region'],
    ['/v1/capacity?gpu=H100&geo=mars', 'geo'],
    ['/v1/capacity?gpu=H100&maxPricePerGpuHour=-2', 'maxPricePerGpuHour'],
    ['/v1/capacity?gpu=H100&availability=maybe', 'availability'],
    ['/v1/capacity?gpu=H100&sort=fast', 'sort'],
    ['/v1/capacity?gpu=H100&limit=100000', 'limit'],
    ['/v1/capacity?gpu=H100&colour=green', 'colour'],
    ['/v1/capacity?gpu=H100&gpu=A100', 'gpu'],
    ['/v1/offers?cursor=!!', 'cursor'],
    ['/v1/offers?cursor=bm9wZQ', 'cursor'],
    ['/v1/offers?limit=0', 'limit'],
    ['/v1/providers?verbose=1', 'verbose'],
  ];

  it.each(cases)('%s → 400 about %s', async (url, param) => {
    const res = await api.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(body.detail).toContain(param);
  });

  it('an unknown route is a 404 problem, not an HTML page', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/v2/capacity' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, detail: expect.stringContaining('/v2/capacity') });
  });

  it('fuzzed query strings never get a 5xx', async () => {
    const names = [
      'gpu',
      'count',
      'region',
      'market',
      'provider',
      'geo',
      'limit',
      'sort',
      'availability',
      'cursor',
      'maxPricePerGpuHour',
      'minGpuMemoryGiB',
      'interconnect',
      '__proto__',
      'constructor',
    ];
    const values = [
      '',
      'H100',
      '8',
      '-1',
      '1e309',
      'NaN',
      '[]',
      '{}',
      '%00',
      '%E0%A4%A',
      'us-*',
      '**',
      '[a-',
      '{a,b}',
      'x'.repeat(2000),
      '0x10',
      ',,,',
      'available,',
      'A100-80GB',
    ];
    let seed = 42;
    const pick = <T>(xs: T[]) => xs[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % xs.length]!;
    for (let i = 0; i < 300; i++) {
      const qs = Array.from({ length: 1 + (i % 4) }, () => `${pick(names)}=${pick(values)}`).join('&');
      for (const path of ['/v1/capacity', '/v1/offers']) {
        const res = await api.app.inject({ method: 'GET', url: `${path}?${qs}` });
        expect(res.statusCode, `${path}?${qs}`).toBeLessThan(500);
      }
    }
  });
});
