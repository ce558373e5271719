import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.js';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { gpuIdsForQuery } from '../../src/domain/gpu-models.js';
import { EventHub } from '../../src/services/alerts/event-hub.js';
import { OfferIndex } from '../../src/services/offer-index.js';
import { AlertsStore } from '../../src/store/alerts-store.js';
import type { AlertTransition } from '../../src/domain/alert.js';
import { IndexFeed } from '../../src/store/index-feed.js';
import { OffersStore } from '../../src/store/offers-store.js';
import { eventually, testDeps } from '../helpers/api.js';
import { makeOffer } from '../helpers/offers.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

const log = createLogger('silent');

interface Msg {
  id?: string;
  event?: string;
  data?: any;
}

/** Opens /v1/events and collects parsed messages (and heartbeat comments) as they arrive. */
async function subscribe(base: string, path: string, headers: Record<string, string> = {}) {
  const res = await request(`${base}${path}`, { headers });
  const msgs: Msg[] = [];
  let comments = 0;
  let buf = '';
  res.body.setEncoding('utf8');
  res.body.on('data', (chunk: string) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (block.startsWith(':')) comments++;
      else {
        const m: Msg = {};
        for (const line of block.split('\n')) {
          const [k, ...rest] = line.split(': ');
          const v = rest.join(': ');
          if (k === 'id') m.id = v;
          if (k === 'event') m.event = v;
          if (k === 'data') m.data = JSON.parse(v);
        }
        msgs.push(m);
      }
    }
  });
  return { res, msgs, comments: () => comments, close: () => res.body.destroy() };
}

describe('GET /v1/events (SSE)', () => {
  let t: TestRedis;
  let app: FastifyInstance | undefined;
  let feed: IndexFeed | undefined;

  afterEach(async () => {
    await app?.close();
    await feed?.stop();
    await t?.cleanup();
  });

  const setup = async () => {
    t = await testRedis();
    const config = loadConfig({ LAMBDA_API_KEY: 'k', GPU_RADAR_REDIS_PREFIX: t.prefix });
    const index = new OfferIndex();
    feed = new IndexFeed(t.redis, t.k, index, log);
    const events = new EventHub(
      async (after, count) => (await t.redis.xrange(t.k.events, `(${after}`, '+', 'COUNT', count)) as [string, string[]][],
      200,
    );
    feed.onBatch(events.publish);
    await feed.start();
    app = await buildApp({ ...testDeps(t, config, index), events }, { logger: false });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    return { base, store: new OffersStore(t.redis, t.k) };
  };

  it('streams filtered offer changes with heartbeats, and resumes from Last-Event-ID', async () => {
    const { base, store } = await setup();
    const h100 = await subscribe(base, '/v1/events?gpu=H100&region=us-*');
    const all = await subscribe(base, '/v1/events');
    expect(h100.res.headers['content-type']).toContain('text/event-stream');

    const h100Offer = makeOffer();
    const a100Offer = makeOffer({ gpu: 'A100-80GB-SXM', region: 'us-west-1' });
    await store.apply('lambda', 'us', [h100Offer, a100Offer], { observedAt: new Date(), unknownGpus: [] });
    await eventually(() => expect(all.msgs.filter((m) => m.event === 'offer.upsert')).toHaveLength(2));
    await eventually(() => expect(h100.msgs).toHaveLength(1));
    expect(h100.msgs[0]).toMatchObject({ event: 'offer.upsert', data: { provider: 'lambda', offer: { id: h100Offer.id } } });
    const resumeFrom = h100.msgs[0]!.id!;

    await store.apply('lambda', 'us', [a100Offer], { observedAt: new Date(), unknownGpus: [] });
    await eventually(() => expect(h100.msgs.map((m) => m.event)).toEqual(['offer.upsert', 'offer.remove']));
    expect(h100.msgs[1]!.data).toMatchObject({ id: h100Offer.id });
    await eventually(() => expect(h100.comments()).toBeGreaterThanOrEqual(2), 3_000);
    h100.close();
    all.close();

    // Reconnecting with the last id seen before the remove replays it from the Redis Stream.
    const resumed = await subscribe(base, '/v1/events?gpu=H100', { 'last-event-id': resumeFrom });

    await eventually(() => expect(resumed.msgs.map((m) => m.event)).toContain('offer.remove'));
    expect(resumed.msgs.some((m) => m.event === 'offer.upsert')).toBe(false);
    resumed.close();

    const bad = await request(`${base}/v1/events`, { headers: { 'last-event-id': 'yesterday' } });
    expect(bad.statusCode).toBe(400);
    await bad.body.dump();
    const badFilter = await request(`${base}/v1/events?gpu=H1000`);
    expect(badFilter.statusCode).toBe(400);
    await badFilter.body.dump();
  });

  it('streams alert transitions, filtered by GPU; a client cut off inside a burst resumes without losing any', async () => {
    const { base } = await setup();
    const alerts = new AlertsStore(t.redis, t.k);
    const h100 = gpuIdsForQuery('H100');
    const a100 = gpuIdsForQuery('A100');
    // A burst of 450 (an evaluation that moved many rules), every third on A100.
    const burst: AlertTransition[] = Array.from({ length: 450 }, (_, n) => ({
      alertId: `al_${n}`,
      phase: 'firing',
      since: new Date().toISOString(),
      gpuIds: n % 3 === 2 ? a100 : h100,
      sent: 'capacity.available',
    }));
    const live = await subscribe(base, '/v1/events?gpu=H100');
    const all = await subscribe(base, '/v1/events');
    await alerts.transition([], [], burst);
    await eventually(() => expect(all.msgs.filter((m) => m.event === 'alert')).toHaveLength(450));
    await eventually(() => expect(live.msgs.filter((m) => m.event === 'alert')).toHaveLength(300));
    expect(live.msgs.map((m) => m.data.alertId)).toEqual(burst.filter((_, n) => n % 3 !== 2).map((a) => a.alertId));
    expect(live.msgs[0]!.data).toMatchObject({ alertId: 'al_0', phase: 'firing', sent: 'capacity.available' });
    live.close();

    // The client's Last-Event-ID is the last id it saw: resuming from it repeats nothing it had
    // seen in full and loses nothing after it.
    const ids = all.msgs.filter((m) => m.id).map((m) => m.id!);
    expect(ids.length).toBeGreaterThan(1);
    const cut = all.msgs.findIndex((m) => m.id === ids[0]);
    all.close();
    const resumed = await subscribe(base, '/v1/events', { 'last-event-id': ids[0]! });
    await eventually(() => expect(resumed.msgs).toHaveLength(450 - cut - 1));
    expect(resumed.msgs.map((m) => m.data.alertId)).toEqual(burst.slice(cut + 1).map((a) => a.alertId));

    // An entry in the one-transition form that earlier versions wrote still streams.
    const old = { alertId: 'al_old', phase: 'resolved', since: new Date().toISOString(), gpuIds: h100, sent: 'capacity.unavailable' };
    await t.redis.xadd(t.k.events, '*', 't', 'alert', 'a', old.alertId, 'd', JSON.stringify(old));
    await eventually(() => expect(resumed.msgs.at(-1)).toMatchObject({ event: 'alert', data: old }));
    resumed.close();
  });
});
