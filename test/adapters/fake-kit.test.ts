import { afterEach, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { selfSignedCertificate } from '../../adapters/fake-kit/self-signed-cert.js';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../../adapters/fake-kit/server.js';

// The shared fake harness, through real HTTP on loopback: faults, prefix stripping,
// min-interval 429s and the request log.

type Entry = { method: string; path: string; routed: string; answeredAt: number };
const servers: FakeServer<Entry>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(opts: FakeServerOptions & { tls?: boolean } = {}) {
  const server = await startFakeServer<Entry>({
    ...opts,
    tls: opts.tls ? selfSignedCertificate() : undefined,
    errorReply: (status) => ({ status, body: JSON.stringify({ error: `status ${status}` }) }),
    early: (req) => (req.rawPath === '/token' ? { status: 200, body: '{"token":"t"}' } : undefined),
    log(req) {
      const entry = { method: req.method, path: req.rawPath, routed: req.path, answeredAt: 0 };
      req.onAnswered(() => (entry.answeredAt = Date.now()));
      return entry;
    },
    gate: (req) => (req.headers.authorization === 'no' ? { status: 401, body: '{"error":"who?"}' } : undefined),
    route: (req) =>
      req.path === '/things'
        ? { status: 200, body: JSON.stringify({ things: [1, 2, 3], echo: req.text }) }
        : { status: 404, body: '{"error":"no route"}' },
  });
  servers.push(server);
  return server;
}

const get = async (url: string, init: { method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> } = {}) => {
  const res = await request(url, { method: init.method ?? 'GET', body: init.body, headers: init.headers });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
};

describe('fake kit', () => {
  it('routes, reads the body, logs every request and when it was answered', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await get(`${s.url}/things`, { method: 'POST', body: 'hello' });
    expect(r).toMatchObject({ status: 200, text: '{"things":[1,2,3],"echo":"hello"}' });
    expect(r.headers['content-type']).toBe('application/json');
    expect((await get(`${s.url}/other`)).status).toBe(404);
    expect(s.requests.map((e) => `${e.method} ${e.path}`)).toEqual(['POST /things', 'GET /other']);
    expect(s.requests.every((e) => e.answeredAt > 0)).toBe(true);
    expect(s.requestCount()).toBe(2);
  });

  it('answers early routes outside the log and gates before faults', async () => {
    const s = await start();
    s.failNext({ status: 503 });
    expect((await get(`${s.url}/token`)).text).toBe('{"token":"t"}');
    expect((await get(`${s.url}/things`, { headers: { authorization: 'no' } })).status).toBe(401);
    expect((await get(`${s.url}/things`)).status).toBe(503); // the fault waited for a request past the gate
    expect(s.requests.map((e) => e.path)).toEqual(['/things', '/things']);
  });

  it('strips the path prefix, and requests outside it miss', async () => {
    const s = await start({ pathPrefix: '/proxy/' });
    expect((await get(`${s.url}/proxy/things`)).status).toBe(200);
    expect((await get(`${s.url}/things`)).status).toBe(404);
    expect(s.requests.map((e) => [e.path, e.routed])).toEqual([
      ['/proxy/things', '/things'],
      ['/things', ''],
    ]);
  });

  it('plays queued faults in order: status with the error body, garbage, truncated, pass, aimed', async () => {
    const s = await start();
    s.failNext({ status: 429, headers: { 'retry-after': '7' } });
    s.failNext({ status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' });
    s.failNext('garbage');
    s.failNext('truncated');
    s.failNext('pass');
    s.failNext({ status: 500 }, 2, (req) => req.method === 'POST');
    const a = await get(`${s.url}/things`);
    expect(a).toMatchObject({ status: 429, text: '{"error":"status 429"}' });
    expect(a.headers['retry-after']).toBe('7');
    const b = await get(`${s.url}/things`);
    expect(b).toMatchObject({ status: 502, text: '<html>Bad Gateway</html>' });
    expect(b.headers['content-type']).toBe('text/html');
    expect(await get(`${s.url}/things`)).toMatchObject({ status: 200, text: '<html><body>502 Bad Gateway</body></html>' });
    const cut = await get(`${s.url}/things`);
    expect(cut.status).toBe(200);
    expect(() => JSON.parse(cut.text)).toThrow();
    expect(cut.text).toBe('{"things":[1,2'); // half of {"things":[1,2,3],"echo":""}
    expect((await get(`${s.url}/things`)).status).toBe(200); // pass
    expect((await get(`${s.url}/things`)).status).toBe(200); // the aimed faults skip GETs
    expect((await get(`${s.url}/things`, { method: 'POST', body: '' })).status).toBe(500);
    expect((await get(`${s.url}/things`, { method: 'POST', body: '' })).status).toBe(500);
    expect((await get(`${s.url}/things`, { method: 'POST', body: '' })).status).toBe(200);
  });

  it('a hung request stays open until close() drops it', async () => {
    const s = await start();
    s.failNext('hang');
    const pending = get(`${s.url}/things`).catch((err: Error) => err);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]!.answeredAt).toBe(0);
    await s.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('answers 429 with Retry-After to requests closer than minIntervalMs', async () => {
    const s = await start({ minIntervalMs: 1500 });
    expect((await get(`${s.url}/things`)).status).toBe(200);
    const soon = await get(`${s.url}/things`);
    expect(soon).toMatchObject({ status: 429, text: '{"error":"status 429"}' });
    expect(soon.headers['retry-after']).toBe('2');
    expect(s.requestCount()).toBe(2);
  });

  it('serves HTTPS with the certificate it was given', async () => {
    const cert = selfSignedCertificate();
    const s = await startFakeServer<Entry>({
      tls: cert,
      errorReply: (status) => ({ status }),
      log: () => undefined,
      route: () => ({ status: 200, body: '{}' }),
    });
    servers.push(s);
    expect(s.url).toMatch(/^https:\/\//);
    const dispatcher = new Agent({ connect: { ca: cert.certPem } });
    const res = await request(`${s.url}/`, { dispatcher });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    await dispatcher.close();
    expect(s.requests).toEqual([]);
  });
});
