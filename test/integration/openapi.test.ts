import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApi, type TestApi } from '../helpers/api.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

const HTTP_METHODS = ['get', 'post', 'patch', 'delete'] as const;

describe('OpenAPI document: request bodies and API keys', () => {
  let t: TestRedis;
  let api: TestApi;
  let doc: any;

  beforeAll(async () => {
    t = await testRedis();
    api = await testApi(t, { GPU_RADAR_AUTH: 'keys' });
    const res = await api.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(async () => {
    await api.close();
    await t.cleanup();
  });

  const body = (path: string, method: string) => doc.paths[path][method].requestBody;
  const bodySchema = (path: string, method: string) => body(path, method).content['application/json'].schema;

  it('documents the JSON body of every route that reads one, with its required fields', () => {
    expect(body('/v1/alerts', 'post').required).toBe(true);
    expect(bodySchema('/v1/alerts', 'post').required.sort()).toEqual(['query', 'url']);
    expect(Object.keys(bodySchema('/v1/alerts', 'post').properties)).toEqual(
      expect.arrayContaining(['condition', 'format', 'for', 'resolveAfter', 'repeatAfter']),
    );

    expect(body('/v1/alerts/{id}', 'patch').required).toBe(true);
    expect(bodySchema('/v1/alerts/{id}', 'patch').required).toBeUndefined();
    expect(bodySchema('/v1/alerts/{id}', 'patch').additionalProperties).toBe(false);

    expect(body('/v1/alerts/{id}/rotate-secret', 'post').required).toBe(false);
    expect(bodySchema('/v1/alerts/{id}/rotate-secret', 'post').properties.overlapSeconds).toMatchObject({
      type: 'integer',
      default: 86_400,
    });

    expect(body('/v1/observations', 'post').required).toBe(true);
    expect(bodySchema('/v1/observations', 'post').required.sort()).toEqual(['instanceType', 'outcome', 'provider', 'region']);

    expect(doc.paths['/v1/capacity'].get.requestBody).toBeUndefined();
  });

  it("describes the bearer key scheme and names each secured operation's scope", () => {
    const scheme = doc.components.securitySchemes.bearerAuth;
    expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(scheme.description).toContain('GPU_RADAR_AUTH=keys');
    for (const scope of ['read', 'alerts:write', 'observations:write', 'admin']) expect(scheme.description).toContain(`\`${scope}\``);

    expect(doc.paths['/v1/capacity'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/v1/capacity'].get.description).toContain('`read`');
    expect(doc.paths['/v1/alerts/{id}'].patch.description).toContain('`alerts:write`');
    expect(doc.paths['/v1/observations'].post.description).toContain('`observations:write`');
    expect(doc.paths['/healthz'].get.security).toBeUndefined();
    expect(doc.paths['/readyz'].get.security).toBeUndefined();
  });

  it('marks exactly the operations the server refuses without a key', async () => {
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const method of HTTP_METHODS) {
        if (!item[method]) continue;
        const res = await api.app.inject({ method: method.toUpperCase() as Uppercase<typeof method>, url: path.replace(/\{\w+\}/g, 'x') });
        expect(res.statusCode === 401, `${method} ${path}`).toBe(item[method].security !== undefined);
      }
    }
  });

  it('secures every /v1 operation and /metrics: a route that forgets its scope is open', () => {
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      if (!path.startsWith('/v1/') && path !== '/metrics') continue;
      for (const method of HTTP_METHODS) if (item[method]) expect(item[method].security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
    }
  });

  it('declares path parameters, and the 401, 403 and 429 a key check can answer', () => {
    const patch = doc.paths['/v1/alerts/{id}'].patch;
    expect(patch.parameters).toContainEqual({ name: 'id', in: 'path', required: true, schema: { type: 'string' } });
    expect(Object.keys(doc.paths['/v1/capacity'].get.responses)).toEqual(expect.arrayContaining(['401', '403', '429']));
    expect(Object.keys(doc.paths['/healthz'].get.responses)).not.toContain('401');
  });
});
