import { afterEach, describe, expect, it } from 'vitest';
import { find } from '../../src/commands/find.js';
import { keysCommand } from '../../src/commands/keys.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { REDIS_URL, testRedis, type TestRedis } from '../helpers/redis.js';

describe('gpu-radar keys', () => {
  let t: TestRedis;
  let api: TestApi | undefined;

  afterEach(async () => {
    await api?.close();
    await t?.cleanup();
  });

  const run = async (...args: string[]) => {
    let out = '';
    const code = await keysCommand(args, { REDIS_URL, GPU_RADAR_REDIS_PREFIX: t.prefix }, { write: (s) => (out += s) });
    return { code, out };
  };

  it('creates a key shown once, lists it without its secret, and revokes it', async () => {
    t = await testRedis();
    api = await testApi(t, { GPU_RADAR_AUTH: 'keys' });
    const created = await run('create', '--name', 'grafana', '--scopes', 'read', '--per-minute', '120');
    expect(created.code).toBe(0);
    const token = created.out.split('\n')[0]!;
    expect(token).toMatch(/^grk_[0-9a-f]{16}_/);
    expect(created.out).toMatch(/cannot be shown again/);
    const get = (tok: string) => api!.app.inject({ method: 'GET', url: '/v1/gpus', headers: { authorization: `Bearer ${tok}` } });
    await eventually(async () => expect((await get(token)).statusCode).toBe(200));

    const id = token.slice(4, 20);
    const listed = await run('list');
    expect(listed.out).toContain(`${id}  grafana  read  120/min`);
    expect(listed.out).not.toContain(token.slice(21));

    expect((await run('revoke', id)).out).toBe(`revoked ${id}\n`);
    await eventually(async () => expect((await get(token)).statusCode).toBe(401));
    expect(await run('revoke', id)).toMatchObject({ code: 2, out: `no key ${id}\n` });
  });

  it('gpu-radar find sends GPU_RADAR_API_KEY, and says so when the API wants one', async () => {
    t = await testRedis();
    api = await testApi(t, { GPU_RADAR_AUTH: 'keys' });
    const url = await api.app.listen({ port: 0, host: '127.0.0.1' });
    const token = (await run('create', '--name', 'cli', '--scopes', 'read')).out.split('\n')[0]!;
    let out = '';
    const write = (s: string) => (out += s);
    expect(await find(['8xH100', '--url', url], {}, { write })).toBe(2);
    await eventually(async () => expect(await find(['8xH100', '--url', url], { GPU_RADAR_API_KEY: token }, { write })).toBe(0));
    expect(out).toMatch(/8 × H100/);
  });

  it('refuses unknown scopes and missing names before touching Redis', async () => {
    t = await testRedis();
    expect(await run('create', '--name', 'x', '--scopes', 'read,root')).toMatchObject({
      code: 2,
      out: expect.stringMatching(/^--scopes: unknown root/),
    });
    expect(await run('create', '--scopes', 'read')).toMatchObject({ code: 2, out: expect.stringMatching(/^--name: required/) });
    expect(await run('create', '--name', 'x', '--scopes', 'read', '--per-minute', '0')).toMatchObject({
      code: 2,
      out: expect.stringMatching(/^--per-minute/),
    });
    expect((await run('rotate')).code).toBe(2);
    expect(await t.redis.exists(t.k.apiKeys)).toBe(0);
  });
});
