import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../config/env.js';
import { createLogger } from '../../src/lib/logger.js';
import type { LookupFn } from '../../src/lib/ssrf.js';
import { verify } from '../../src/lib/webhooks.js';
import { AlertsService } from '../../src/services/alerts/service.js';
import { OfferIndex } from '../../src/services/offer-index.js';
import { AlertsStore } from '../../src/store/alerts-store.js';
import { OffersStore } from '../../src/store/offers-store.js';
import { AlertEvaluator } from '../../workers/alerts/evaluator.js';
import { startAlerting, type AlertingOptions, type RunningAlerting } from '../../workers/alerts/index.js';
import { ALERTS_QUEUE, enqueuer } from '../../src/queues/alerts-queue.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { makeOffer } from '../helpers/offers.js';
import { startReceiver, type Received, type Receiver } from '../helpers/receiver.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

const log = createLogger('silent');
const RULE = { query: { gpu: 'H100', count: 8, provider: 'lambda' } };
const headersOf = (r: Received) => ({
  id: String(r.headers['webhook-id']),
  timestamp: String(r.headers['webhook-timestamp']),
  signature: String(r.headers['webhook-signature']),
});
const typeOf = (r: Received) => (JSON.parse(r.body) as { type: string }).type;

describe('alerts: rules, evaluation and signed delivery', () => {
  let t: TestRedis;
  let rx: Receiver;
  let api: TestApi;
  let config: Config;
  let store: AlertsStore;
  let offers: OffersStore;
  let queue: Queue;
  let alerting: RunningAlerting | undefined;

  const setup = async (o: { schedule?: number[]; alerting?: AlertingOptions | false; env?: Record<string, string> } = {}) => {
    t = await testRedis();
    rx = await startReceiver();
    const env = {
      GPU_RADAR_REDIS_PREFIX: t.prefix,
      GPU_RADAR_PROVIDERS: 'lambda',
      LAMBDA_API_KEY: 'k',
      GPU_RADAR_LAMBDA_INTERVAL_MS: '1000',
      GPU_RADAR_WEBHOOK_ALLOWLIST: '127.0.0.1',
      ...o.env,
    };
    config = loadConfig(env);
    store = new AlertsStore(t.redis, t.k);
    offers = new OffersStore(t.redis, t.k);
    const schedule = o.schedule ?? [150, 150];
    queue = new Queue(ALERTS_QUEUE, { connection: t.redis, prefix: t.k.bull });
    api = await testApi(t, env, { alerts: new AlertsService(store, config.webhookAllowlist, enqueuer(queue, schedule)) });
    if (o.alerting !== false)
      alerting = await startAlerting(config, log, t.redis, t.k, { tickMs: 100, retryScheduleMs: schedule, ...o.alerting });
  };
  const capacity = (status: 'available' | 'unavailable', ageMs = 0) =>
    offers.apply('lambda', 'us-east-1', [makeOffer({ availability: { status } })], {
      observedAt: new Date(Date.now() - ageMs),
      unknownGpus: [],
    });
  const create = async (body: Record<string, unknown>) => {
    const res = await api.app.inject({ method: 'POST', url: '/v1/alerts', payload: { ...RULE, url: `${rx.url}/hook`, ...body } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string };
  };
  const get = async (url: string) => (await api.app.inject({ method: 'GET', url })).json();

  afterEach(async () => {
    await alerting?.close();
    alerting = undefined;
    await queue?.close();
    await api?.close();
    await rx?.close();
    await t?.cleanup();
  });

  it('manages rules: the secret is shown once, bad queries and literal internal addresses get a 400', async () => {
    await setup({ alerting: false, env: { GPU_RADAR_WEBHOOK_ALLOWLIST: '' } });
    const rule = await create({ url: 'https://hooks.example.com/x', name: 'h100s', for: 30 });
    expect(rule.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const shown = await get(`/v1/alerts/${rule.id}`);
    expect(shown).toMatchObject({
      id: rule.id,
      name: 'h100s',
      for: 30,
      query: { gpu: 'H100', count: '8', provider: 'lambda' },
      state: { phase: 'inactive' },
    });
    expect(JSON.stringify(shown)).not.toContain('whsec_');
    expect(JSON.stringify(await get('/v1/alerts'))).not.toContain('whsec_');

    for (const url of [
      'http://127.0.0.1:9/x',
      'http://10.0.0.1/x',
      'http://169.254.169.254/latest',
      'http://[::1]/x',
      'http://[::ffff:127.0.0.1]/x',
      'ftp://example.com/',
    ]) {
      const res = await api.app.inject({ method: 'POST', url: '/v1/alerts', payload: { ...RULE, url } });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toMatch(/^url: /);
    }
    const badGpu = await api.app.inject({
      method: 'POST',
      url: '/v1/alerts',
      payload: { query: { gpu: 'H1000' }, url: 'https://x.example/' },
    });
    expect(badGpu.json().detail).toMatch(/^query.gpu: unknown GPU/);
    const unknownField = await api.app.inject({
      method: 'POST',
      url: '/v1/alerts',
      payload: { ...RULE, url: 'https://x.example/', colour: 'red' },
    });
    expect(unknownField.statusCode).toBe(400);

    const patched = await api.app.inject({ method: 'PATCH', url: `/v1/alerts/${rule.id}`, payload: { resolveAfter: 3 } });
    expect(patched.json()).toMatchObject({ resolveAfter: 3, for: 30 });
    expect((await api.app.inject({ method: 'DELETE', url: `/v1/alerts/${rule.id}` })).statusCode).toBe(204);
    expect((await api.app.inject({ method: 'GET', url: `/v1/alerts/${rule.id}` })).statusCode).toBe(404);
  });

  it('fires capacity.available, then capacity.unavailable, signed with the rule secret', async () => {
    await setup();
    await capacity('unavailable');
    const rule = await create({});
    await capacity('available');
    await eventually(() => expect(rx.got).toHaveLength(1), 10_000);
    const first = rx.got[0]!;
    expect(typeOf(first)).toBe('capacity.available');
    expect(first.path).toBe('/hook');
    expect(verify(rule.secret, headersOf(first), first.body)).toBe(true);
    expect(verify('whsec_' + Buffer.alloc(24).toString('base64'), headersOf(first), first.body)).toBe(false);
    const body = JSON.parse(first.body);
    expect(body.data.placements[0]).toMatchObject({ provider: 'lambda', region: 'us-east-1', availability: { status: 'available' } });
    expect(Math.abs(Number(first.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    expect((await get(`/v1/alerts/${rule.id}`)).state.phase).toBe('firing');

    await capacity('unavailable');
    await eventually(() => expect(rx.got).toHaveLength(2), 10_000);
    expect(typeOf(rx.got[1]!)).toBe('capacity.unavailable');
    expect(rx.got[1]!.headers['webhook-id']).not.toBe(first.headers['webhook-id']);
    await eventually(async () => expect((await get(`/v1/alerts/${rule.id}/deliveries`)).deliveries).toHaveLength(2));
    expect((await get(`/v1/alerts/${rule.id}/deliveries`)).deliveries[0]).toMatchObject({ outcome: 'delivered', status: 200, attempt: 1 });
  });

  it('resolveAfter counts polls: a firing rule resolves on the m-th poll without capacity, not before', async () => {
    await setup();
    const rule = await create({ resolveAfter: 3 });
    await capacity('available');
    await eventually(() => expect(rx.got).toHaveLength(1), 10_000);
    const state = async () => (await get(`/v1/alerts/${rule.id}`)).state;
    // The first poll without capacity changes an offer; the next two change nothing.
    await capacity('unavailable');
    await eventually(async () => expect(await state()).toMatchObject({ phase: 'firing', notCount: 1 }));
    await capacity('unavailable');
    await eventually(async () => expect(await state()).toMatchObject({ phase: 'firing', notCount: 2 }));
    expect(rx.got).toHaveLength(1);
    await capacity('unavailable');
    await eventually(() => expect(rx.got).toHaveLength(2), 10_000);
    expect(typeOf(rx.got[1]!)).toBe('capacity.unavailable');
    expect(await state()).toMatchObject({ phase: 'resolved' });
  });

  it('a reported stockout resolves a firing rule, and the end of its window fires it again', async () => {
    await setup({ env: { GPU_RADAR_OBSERVATION_WINDOW_MS: '1500' } });
    await create({});
    await capacity('available');
    await eventually(() => expect(rx.got).toHaveLength(1), 10_000);
    const res = await api.app.inject({
      method: 'POST',
      url: '/v1/observations',
      payload: { provider: 'lambda', region: 'us-east-1', instanceType: makeOffer().instanceType, outcome: 'stockout' },
    });
    expect(res.statusCode, res.body).toBe(202);
    await eventually(() => expect(rx.got.map(typeOf)).toEqual(['capacity.available', 'capacity.unavailable']), 10_000);
    await eventually(
      () => expect(rx.got.map(typeOf)).toEqual(['capacity.available', 'capacity.unavailable', 'capacity.available']),
      10_000,
    );
  });

  it('signs with both secrets during a rotation overlap, and only the new one after', async () => {
    await setup();
    const rule = await create({});
    const rotated = (
      await api.app.inject({ method: 'POST', url: `/v1/alerts/${rule.id}/rotate-secret`, payload: { overlapSeconds: 3600 } })
    ).json();
    expect(rotated.secret).not.toBe(rule.secret);
    expect((await api.app.inject({ method: 'POST', url: `/v1/alerts/${rule.id}/test` })).statusCode).toBe(202);
    await eventually(() => expect(rx.got).toHaveLength(1), 10_000);
    const ping = rx.got[0]!;
    expect(typeOf(ping)).toBe('ping');
    expect(String(ping.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(rule.secret, headersOf(ping), ping.body)).toBe(true);
    expect(verify(rotated.secret, headersOf(ping), ping.body)).toBe(true);

    const again = (
      await api.app.inject({ method: 'POST', url: `/v1/alerts/${rule.id}/rotate-secret`, payload: { overlapSeconds: 0 } })
    ).json();
    await api.app.inject({ method: 'POST', url: `/v1/alerts/${rule.id}/test` });
    await eventually(() => expect(rx.got).toHaveLength(2), 10_000);
    expect(verify(again.secret, headersOf(rx.got[1]!), rx.got[1]!.body)).toBe(true);
    expect(verify(rotated.secret, headersOf(rx.got[1]!), rx.got[1]!.body)).toBe(false);
  });

  it('retries a 500 with the same webhook-id and a new timestamp, and delivers once', async () => {
    await setup({ schedule: [1_100, 1_100] });
    rx.respond((_r, n) => (n === 1 ? { status: 500 } : { status: 200 }));
    const rule = await create({});
    await capacity('available');
    await eventually(() => expect(rx.got).toHaveLength(2), 15_000);
    const [a, b] = rx.got as [Received, Received];
    expect(b.headers['webhook-id']).toBe(a.headers['webhook-id']);
    expect(Number(b.headers['webhook-timestamp'])).toBeGreaterThan(Number(a.headers['webhook-timestamp']));
    expect(b.body).toBe(a.body);
    expect(verify(rule.secret, headersOf(b), b.body)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(rx.got).toHaveLength(2);
    const log = (await get(`/v1/alerts/${rule.id}/deliveries`)).deliveries;
    expect(log.map((d: { outcome: string; status: number }) => [d.outcome, d.status])).toEqual([
      ['delivered', 200],
      ['retrying', 500],
    ]);
  });

  it('honours Retry-After on a 429', async () => {
    await setup({ schedule: [50] });
    rx.respond((_r, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 }));
    await create({});
    await capacity('available');
    await eventually(() => expect(rx.got).toHaveLength(2), 15_000);
    expect(rx.got[1]!.at - rx.got[0]!.at).toBeGreaterThanOrEqual(1_900);
  });

  it('a 410 turns the destination off: no retry, no further deliveries', async () => {
    await setup();
    rx.respond(() => ({ status: 410 }));
    const rule = await create({});
    await capacity('available');
    await eventually(async () => expect((await get(`/v1/alerts/${rule.id}`)).disabledReason).toMatch(/410/), 10_000);
    await capacity('unavailable');
    await new Promise((r) => setTimeout(r, 800));
    expect(rx.got).toHaveLength(1);
    const outcomes = (await get(`/v1/alerts/${rule.id}/deliveries`)).deliveries.map((d: { outcome: string; status?: number }) => [
      d.outcome,
      d.status,
    ]);
    expect(outcomes.at(-1)).toEqual(['disabled', 410]);
    expect(outcomes.slice(0, -1).every(([o]: [string]) => o === 'dropped')).toBe(true);
  });

  it('never follows a redirect: a 3xx is a failed attempt, and the last one flags the rule', async () => {
    await setup({ schedule: [100] });
    rx.respond((r) => (r.path === '/hook' ? { status: 302, headers: { location: `${rx.url}/elsewhere` } } : { status: 200 }));
    const rule = await create({});
    await capacity('available');
    await eventually(
      async () => expect((await get(`/v1/alerts/${rule.id}`)).deliveryFailing).toMatchObject({ reason: 'HTTP 302' }),
      10_000,
    );
    expect(rx.got.map((r) => r.path)).toEqual(['/hook', '/hook']);
    const log = (await get(`/v1/alerts/${rule.id}/deliveries`)).deliveries;
    expect(log.map((d: { outcome: string }) => d.outcome)).toEqual(['failed', 'retrying']);
  });

  it('a rule with `for` ignores a flap shorter than `for`, and fires once it held that long', async () => {
    await setup();
    const rule = await create({ for: 2 });
    await capacity('available');
    await eventually(async () => expect((await get(`/v1/alerts/${rule.id}`)).state.phase).toBe('pending'));
    await capacity('unavailable');
    await eventually(async () => expect((await get(`/v1/alerts/${rule.id}`)).state.phase).toBe('inactive'));
    await new Promise((r) => setTimeout(r, 2_300));
    expect(rx.got).toHaveLength(0);
    await capacity('available');
    await eventually(() => expect(rx.got).toHaveLength(1), 10_000);
    expect(rx.got[0]!.at - Date.parse((await get(`/v1/alerts/${rule.id}`)).state.since)).toBeLessThan(1_000);
  });

  it('stale data neither fires nor resolves; a failing scope is unknown too', async () => {
    await setup();
    const rule = await create({});
    // Stale after 3 intervals (3 s here): capacity seen 10 s ago proves nothing now.
    await capacity('available', 10_000);
    await new Promise((r) => setTimeout(r, 800));
    expect(rx.got).toHaveLength(0);
    expect((await get(`/v1/alerts/${rule.id}`)).state.phase).toBe('inactive');

    await capacity('available');
    await eventually(() => expect(rx.got).toHaveLength(1), 10_000);
    await capacity('unavailable', 10_000);
    await new Promise((r) => setTimeout(r, 800));
    expect((await get(`/v1/alerts/${rule.id}`)).state.phase).toBe('firing');

    // A scope whose last poll failed: its fresh-looking capacity proves nothing either.
    await capacity('available');
    await offers.recordFailure('lambda', 'us-east-1', Object.assign(new Error('boom'), { kind: 'timeout', retryable: true }) as never);
    const other = await create({});
    await new Promise((r) => setTimeout(r, 800));
    expect(rx.got).toHaveLength(1);
    expect((await get(`/v1/alerts/${other.id}`)).state).toMatchObject({ phase: 'inactive', lastOutcome: 'unknown' });
  });

  it('refuses at delivery a name that resolves to an internal address, unless allowlisted', async () => {
    const lookup: LookupFn = (host, _o, cb) => cb(null, [{ address: host === 'internal.test' ? '10.0.0.1' : '127.0.0.1', family: 4 }]);
    await setup({ alerting: { lookup }, env: { GPU_RADAR_WEBHOOK_ALLOWLIST: 'receiver.test' } });
    const bad = await create({ url: `http://internal.test:${rx.port}/hook` });
    const meta = await create({ url: `http://metadata.test:${rx.port}/hook` });
    const good = await create({ url: `http://receiver.test:${rx.port}/hook` });
    await capacity('available');
    await eventually(async () => expect((await get(`/v1/alerts/${bad.id}`)).deliveryFailing?.reason).toMatch(/10\.0\.0\.1/), 10_000);
    await eventually(() => expect(rx.got).toHaveLength(1), 10_000);
    expect(verify(good.secret, headersOf(rx.got[0]!), rx.got[0]!.body)).toBe(true);
    // metadata.test resolves to 127.0.0.1, which is allowed only by name for receiver.test.
    await eventually(async () => expect((await get(`/v1/alerts/${meta.id}`)).deliveryFailing?.reason).toMatch(/127\.0\.0\.1/), 10_000);
    expect((await get(`/v1/alerts/${bad.id}/deliveries`)).deliveries).toHaveLength(1);
  });

  it('a worker killed between evaluation and delivery still delivers, with the same webhook-id', async () => {
    await setup({ alerting: false });
    const rule = await create({});
    // An evaluator whose process "dies" right after the transition's MULTI: nothing is queued.
    const index = new OfferIndex();
    const dead = new AlertEvaluator(
      store,
      index,
      config,
      async () => {
        throw new Error('killed');
      },
      log,
      { tickMs: 60_000 },
    );
    await dead.start();
    await capacity('available');
    const { IndexFeed } = await import('../../src/store/index-feed.js');
    const feed = new IndexFeed(t.redis, t.k, index, log);
    await feed.start();
    await dead.evaluate().catch(() => undefined);
    const pending = await store.outboxIds();
    expect(pending).toHaveLength(1);
    await dead.stop();
    await feed.stop();
    expect(rx.got).toHaveLength(0);

    alerting = await startAlerting(config, log, t.redis, t.k, { tickMs: 100, retryScheduleMs: [100] });
    await eventually(() => expect(rx.got).toHaveLength(1), 10_000);
    expect(rx.got[0]!.headers['webhook-id']).toBe(pending[0]);
    expect(verify(rule.secret, headersOf(rx.got[0]!), rx.got[0]!.body)).toBe(true);
    await eventually(async () => expect(await store.outboxIds()).toHaveLength(0));
    // The new evaluator sees the rule already firing: no second capacity.available.
    await new Promise((r) => setTimeout(r, 500));
    expect(rx.got).toHaveLength(1);
  });
});
