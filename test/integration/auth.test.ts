import { afterEach, describe, expect, it } from 'vitest';
import { AlertsService } from '../../src/services/alerts/service.js';
import type { Scope } from '../../src/domain/api-key.js';
import { mintKey, parseToken } from '../../src/services/auth/api-keys.js';
import { Authenticator } from '../../src/services/auth/authenticator.js';
import { AlertsStore } from '../../src/store/alerts-store.js';
import { ApiKeysStore } from '../../src/store/api-keys-store.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

describe('API keys, scopes, rate limits and CORS', () => {
  let t: TestRedis;
  let api: TestApi | undefined;

  afterEach(async () => {
    await api?.close();
    await t?.cleanup();
  });

  const setup = async (env: Record<string, string> = {}) => {
    t = await testRedis();
    const alerts = new AlertsService(new AlertsStore(t.redis, t.k), [], async () => undefined);
    api = await testApi(t, { GPU_RADAR_AUTH: 'keys', ...env }, { alerts });
    const keys = new ApiKeysStore(t.redis, t.k);
    const key = async (scopes: Scope[], perMinute?: number) => {
      const { record, token } = mintKey('test key', scopes, perMinute);
      await keys.create(record);
      return { id: record.id, token };
    };
    return { keys, key };
  };
  const call = (method: 'GET' | 'POST' | 'OPTIONS', url: string, headers: Record<string, string> = {}, payload?: object) =>
    api!.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const rule = { query: { gpu: 'H100' }, url: 'https://hooks.example.com/x' };

  it('asks for a key on /v1 and /metrics, never on health checks, the page or the docs', async () => {
    await setup();
    for (const url of ['/v1/capacity?gpu=H100', '/v1/summary?groupBy=gpu', '/metrics', '/v1/alerts']) {
      const res = await call('GET', url);
      expect(res.statusCode, url).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="gpu-radar"');
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toMatch(/API key is required/);
    }
    for (const url of ['/healthz', '/readyz', '/', '/openapi.json']) expect((await call('GET', url)).statusCode, url).toBe(200);
    expect((await call('GET', '/v1/capacity?gpu=H100', bearer('grk_0123456789abcdef_not-a-real-secret-at-all'))).json().detail).toBe(
      'unknown or revoked API key',
    );
    expect((await call('GET', '/v1/capacity?gpu=H100', bearer('hello'))).statusCode).toBe(401);
  });

  it('a key does what its scopes allow; admin does everything; the secret is stored only as a hash', async () => {
    const { key } = await setup();
    const reader = await key(['read']);
    const alerter = await key(['alerts:write']);
    const admin = await key(['admin']);
    expect((await call('GET', '/v1/capacity?gpu=H100', bearer(reader.token))).statusCode).toBe(200);
    expect((await call('GET', '/metrics', bearer(reader.token))).statusCode).toBe(200);
    const denied = await call('POST', '/v1/alerts', bearer(reader.token), rule);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toMatch(/lacks the alerts:write scope/);
    expect((await call('POST', '/v1/alerts', bearer(alerter.token), rule)).statusCode).toBe(201);
    expect((await call('GET', '/v1/capacity?gpu=H100', bearer(alerter.token))).statusCode).toBe(403);
    expect(
      (
        await call('POST', '/v1/observations', bearer(reader.token), {
          provider: 'lambda',
          region: 'us-east-1',
          instanceType: 'x',
          outcome: 'stockout',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call('POST', '/v1/observations', bearer(admin.token), {
          provider: 'lambda',
          region: 'us-east-1',
          instanceType: 'x',
          outcome: 'stockout',
        })
      ).statusCode,
    ).toBe(202);
    expect((await call('GET', '/v1/alerts', bearer(admin.token))).statusCode).toBe(200);

    const stored = JSON.stringify(await t.redis.hgetall(t.k.apiKeys));
    // The whole secret: its base64url may itself hold '_', so a split at the last one could test two characters.
    for (const { token } of [reader, alerter, admin]) expect(stored).not.toContain(parseToken(token)!.secret);
  });

  it('a revoked key stops working within moments; a busy key gets 429 with Retry-After', async () => {
    const { keys, key } = await setup();
    const k = await key(['read']);
    expect((await call('GET', '/v1/gpus', bearer(k.token))).statusCode).toBe(200);
    expect(await keys.revoke(k.id)).toBe(true);
    await eventually(async () => expect((await call('GET', '/v1/gpus', bearer(k.token))).statusCode).toBe(401), 3_000);

    // A new key works within a refresh (100 ms here, 1 s in production); this one allows 3 a minute.
    const slow = await key(['read'], 3);
    await eventually(async () => expect((await call('GET', '/v1/gpus', bearer(slow.token))).statusCode).toBe(200), 3_000);
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await call('GET', '/v1/gpus', bearer(slow.token))).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    const limited = await call('GET', '/v1/gpus', bearer(slow.token));
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.json().detail).toMatch(/limited to 3 requests per minute/);
  });

  it('answers 503 without detail when the keys cannot be read', async () => {
    t = await testRedis();
    const down = { revision: () => Promise.reject(new Error('connection refused')) } as unknown as ApiKeysStore;
    api = await testApi(t, { GPU_RADAR_AUTH: 'keys' }, { auth: new Authenticator(down, 60) });
    const res = await call('GET', '/v1/capacity?gpu=H100', bearer('grk_0123456789abcdef_not-a-real-secret-at-all'));
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 503, detail: 'internal error; see the server log' });
  });

  it('answers CORS only for the configured origins, preflight included, without a key', async () => {
    const { key } = await setup({ GPU_RADAR_CORS_ORIGINS: 'https://dash.example.com' });
    const k = await key(['read']);
    const pre = await call('OPTIONS', '/v1/summary?groupBy=gpu', {
      origin: 'https://dash.example.com',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://dash.example.com');
    expect(pre.headers['access-control-allow-headers']).toContain('authorization');
    const ok = await call('GET', '/v1/summary?groupBy=gpu', { origin: 'https://dash.example.com', ...bearer(k.token) });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('https://dash.example.com');
    const other = await call('GET', '/v1/summary?groupBy=gpu', { origin: 'https://evil.example.com', ...bearer(k.token) });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(
      (await call('OPTIONS', '/v1/summary', { origin: 'https://evil.example.com', 'access-control-request-method': 'GET' })).headers[
        'access-control-allow-origin'
      ],
    ).toBeUndefined();
  });
});
