import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertsService } from '../../src/services/alerts/service.js';
import { AlertsStore } from '../../src/store/alerts-store.js';
import { ALERTS_QUEUE, enqueuer } from '../../src/queues/alerts-queue.js';
import { testApi, type TestApi } from '../helpers/api.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

// Bad input to the write endpoints gets a 4xx problem, never a 5xx, and stores nothing.
describe('alert rules API under bad input', () => {
  let t: TestRedis;
  let api: TestApi;
  let queue: Queue;
  beforeAll(async () => {
    t = await testRedis();
    queue = new Queue(ALERTS_QUEUE, { connection: t.redis, prefix: t.k.bull });
    api = await testApi(
      t,
      { GPU_RADAR_WEBHOOK_ALLOWLIST: '127.0.0.1' },
      { alerts: new AlertsService(new AlertsStore(t.redis, t.k), ['127.0.0.1'], enqueuer(queue)) },
    );
  });
  afterAll(async () => {
    await api.close();
    await queue.close();
    await t.cleanup();
  });

  const send = (method: 'POST' | 'PATCH', url: string, payload: string, type = 'application/json') =>
    api.app.inject({ method, url, payload, headers: { 'content-type': type } });

  it('never answers 5xx to malformed or hostile bodies, and stores no rule from them', async () => {
    const good = { query: { gpu: 'H100', count: 8 }, url: 'http://127.0.0.1:9/hook' };
    const bodies = [
      '',
      '{',
      'null',
      '[]',
      '"x"',
      '42',
      '{"__proto__":{"polluted":1}}',
      JSON.stringify({ ...good, query: 'gpu=H100' }),
      JSON.stringify({ ...good, query: { gpu: 'H900' } }),
      JSON.stringify({ ...good, query: { gpu: 'H100', count: -1 } }),
      JSON.stringify({ ...good, url: 'ftp://example.com' }),
      JSON.stringify({ ...good, url: 'http://10.0.0.1/x' }),
      JSON.stringify({ ...good, url: 'not a url' }),
      JSON.stringify({ ...good, for: -5 }),
      JSON.stringify({ ...good, format: 'teams' }),
      JSON.stringify({ ...good, condition: { minPlacements: 0 } }),
      JSON.stringify({ ...good, extra: true }),
      JSON.stringify({ ...good, name: 'x'.repeat(100_000) }),
      JSON.stringify({ ...good, repeatAfter: 'soon' }),
    ];
    for (const body of bodies) {
      const res = await send('POST', '/v1/alerts', body);
      expect(res.statusCode, body.slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, body.slice(0, 80)).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    const plain = await send('POST', '/v1/alerts', JSON.stringify(good), 'text/plain');
    expect(plain.statusCode).toBeGreaterThanOrEqual(400);
    expect(plain.statusCode).toBeLessThan(500);
    expect((await api.app.inject({ method: 'GET', url: '/v1/alerts' })).json()).toMatchObject({ alerts: [] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses bad updates to an existing rule and keeps it as it was', async () => {
    const created = await send(
      'POST',
      '/v1/alerts',
      JSON.stringify({ name: 'keep me', query: { gpu: 'H100', count: 8 }, url: 'http://127.0.0.1:9/hook' }),
    );
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    for (const body of [
      '{',
      '[]',
      JSON.stringify({ url: 'http://169.254.169.254/' }),
      JSON.stringify({ query: { gpu: 'nope' } }),
      JSON.stringify({ id: 'other' }),
    ]) {
      const res = await send('PATCH', `/v1/alerts/${id}`, body);
      expect(res.statusCode, body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, body).toBeLessThan(500);
    }
    const after = (await api.app.inject({ method: 'GET', url: `/v1/alerts/${id}` })).json();
    expect(after).toMatchObject({ name: 'keep me', url: 'http://127.0.0.1:9/hook' });
    expect((await send('PATCH', '/v1/alerts/al_missing', JSON.stringify({ name: 'x' }))).statusCode).toBe(404);
  });
});
