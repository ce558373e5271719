import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressPolicy, guardedAgent, SsrfError, unmapIPv4, type LookupFn } from '../../src/lib/ssrf.js';
import { postWebhook } from '../../src/lib/webhooks.js';

// A name that resolves wherever the test says, so "a URL resolving to 10.0.0.1" needs no DNS.
const fakeDns =
  (table: Record<string, string>): LookupFn =>
  (host, _o, cb) => {
    const address = table[host];
    if (!address) return cb(Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []);
    cb(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
  };

describe('SSRF guard', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const send = (url: string, policy: AddressPolicy, lookup?: LookupFn) =>
    postWebhook(
      { url, id: 'msg_1', body: '{}', secrets: ['whsec_AAAA'], timestamp: 1 },
      guardedAgent(policy, { lookup, timeoutMs: 2_000 }),
      2_000,
    );

  it('reads IPv4-mapped IPv6 addresses as the IPv4 address they carry', () => {
    expect(unmapIPv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(unmapIPv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(unmapIPv4('0:0:0:0:0:ffff:a00:1')).toBe('10.0.0.1');
    expect(unmapIPv4('2001:db8::1')).toBe('2001:db8::1');
  });

  it.each([
    'http://127.0.0.1/x',
    'http://10.0.0.1/x',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://0.0.0.0/',
    'http://localhost:8080/',
    'http://172.16.3.4/',
    'http://192.168.1.1/',
  ])('refuses the literal destination %s at creation', (url) => expect(() => new AddressPolicy().checkUrl(url)).toThrow(SsrfError));

  it('refuses other schemes and credentials in the URL, accepts public addresses and names', () => {
    const p = new AddressPolicy();
    expect(() => p.checkUrl('ftp://example.com/')).toThrow(/only http and https/);
    expect(() => p.checkUrl('file:///etc/passwd')).toThrow(SsrfError);
    expect(() => p.checkUrl('https://u:p@example.com/')).toThrow(/credentials/);
    expect(p.checkUrl('https://hooks.example.com/x').hostname).toBe('hooks.example.com');
    expect(p.checkUrl('http://8.8.8.8/').hostname).toBe('8.8.8.8');
  });

  it('opens hosts, addresses and CIDRs named in the allowlist', () => {
    const p = new AddressPolicy(['127.0.0.1', '10.1.0.0/16', 'hooks.internal', '::1']);
    expect(() => p.checkUrl('http://127.0.0.1:9/')).not.toThrow();
    expect(() => p.checkUrl('http://[::ffff:127.0.0.1]:9/')).not.toThrow();
    expect(() => p.checkUrl('http://[::1]:9/')).not.toThrow();
    expect(p.refusal('x', '10.1.2.3')).toBeUndefined();
    expect(p.refusal('x', '10.2.0.1')).toMatch(/private/);
    expect(p.refusal('hooks.internal', '10.9.9.9')).toBeUndefined();
  });

  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['10.0.0.1', '10.0.0.1'],
    ['169.254.169.254', '169.254.169.254'],
    ['::1', '::1'],
    ['::ffff:127.0.0.1', '::ffff:127.0.0.1'],
  ])('refuses at connect time a name that resolves to %s, without connecting', async (_n, address) => {
    const before = hits;
    const a = await send(`http://hooks.test:${port}/`, new AddressPolicy(), fakeDns({ 'hooks.test': address }));
    expect(a.ok).toBe(false);
    expect(a.error).toMatch(/resolves to/);
    expect(hits).toBe(before);
  });

  it('refuses literal loopback URLs at connect time too, and delivers when allowlisted', async () => {
    const before = hits;
    const refused = await send(`http://127.0.0.1:${port}/`, new AddressPolicy());
    expect(refused.error).toMatch(/loopback/);
    const refusedMapped = await send(`http://[::ffff:127.0.0.1]:${port}/`, new AddressPolicy());
    expect(refusedMapped.ok).toBe(false);
    expect(hits).toBe(before);
    const ok = await send(`http://127.0.0.1:${port}/`, new AddressPolicy(['127.0.0.1']));
    expect(ok).toMatchObject({ ok: true, status: 200 });
    const byName = await send(`http://hooks.test:${port}/`, new AddressPolicy(['hooks.test']), fakeDns({ 'hooks.test': '127.0.0.1' }));
    expect(byName).toMatchObject({ ok: true, status: 200 });
    const byCidr = await send(`http://hooks.test:${port}/`, new AddressPolicy(['127.0.0.0/8']), fakeDns({ 'hooks.test': '127.0.0.1' }));
    expect(byCidr).toMatchObject({ ok: true, status: 200 });
    expect(hits).toBe(before + 3);
  });
});
