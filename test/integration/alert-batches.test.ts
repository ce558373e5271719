import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import { AddressPolicy, guardedAgent } from '../../src/lib/ssrf.js';
import { newSecret } from '../../src/lib/webhooks.js';
import { AlertCreateSchema, ruleFrom } from '../../src/services/alerts/rule.js';
import { AlertsStore, type OutboxEntry } from '../../src/store/alerts-store.js';
import { ALERTS_QUEUE, enqueuer, type AlertJobData } from '../../src/queues/alerts-queue.js';
import { assignBatches, recoverOutbox } from '../../workers/alerts/outbox.js';
import { createDeliveryWorker } from '../../workers/alerts/delivery.worker.js';
import { eventually } from '../helpers/api.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

const log = createLogger('silent');
const SCHEDULE = [100, 100];

describe('alert deliveries in batches, and the outbox sweep', () => {
  let t: TestRedis;
  let rx: Receiver;
  let store: AlertsStore;
  let queue: Queue<AlertJobData>;
  const closers: (() => Promise<unknown>)[] = [];

  const setup = async () => {
    t = await testRedis();
    rx = await startReceiver();
    store = new AlertsStore(t.redis, t.k);
    queue = new Queue<AlertJobData>(ALERTS_QUEUE, { connection: t.redis, prefix: t.k.bull });
    await store.create(
      ruleFrom(AlertCreateSchema.parse({ query: { gpu: 'H100' }, url: `${rx.url}/hook` }), 'al_batch', Date.now()),
      newSecret(),
    );
  };
  const entry = (n: number, ageMs = 0): OutboxEntry => ({
    id: `msg_${n}`,
    alertId: 'al_batch',
    type: 'ping',
    body: JSON.stringify({ n }),
    createdAt: new Date(Date.now() - ageMs).toISOString(),
  });
  const startWorker = () => {
    const dispatcher = guardedAgent(new AddressPolicy(['127.0.0.1']));
    const worker = createDeliveryWorker({ store, queue, connection: t.redis, bullPrefix: t.k.bull, dispatcher, log, schedule: SCHEDULE });
    void worker.run();
    closers.push(
      () => worker.close(),
      () => dispatcher.close(),
    );
  };
  const received = () => rx.got.map((r) => String(r.headers['webhook-id']));

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await queue?.close();
    await rx?.close();
    await t?.cleanup();
  });

  it('a batch makes each first attempt; one that fails is retried alone, as attempt 2, with the same webhook-id', async () => {
    await setup();
    const entries = Array.from({ length: 7 }, (_, n) => entry(n));
    assignBatches(entries, 3);
    expect(new Set(entries.map((e) => e.batch)).size).toBe(3);
    rx.respond((r, n) => (n <= 7 && JSON.parse(r.body).n === 4 ? { status: 503 } : { status: 200 }));
    await store.transition([], entries);
    await enqueuer(queue, SCHEDULE)(entries);
    startWorker();

    await eventually(() => expect(rx.got).toHaveLength(8), 10_000);
    await eventually(async () => expect(await store.outboxIds()).toEqual([]));
    expect([...received()].sort()).toEqual([...entries.map((e) => e.id), 'msg_4'].sort());
    const attempts = (await store.deliveries('al_batch')).filter((d) => d.deliveryId === 'msg_4');
    expect(attempts.map((d) => [d.attempt, d.outcome])).toEqual([
      [2, 'delivered'],
      [1, 'retrying'],
    ]);
    expect((await queue.getJobs(['completed'])).filter((j) => j.name === 'deliver-batch')).toHaveLength(3);
  });

  it('the sweep leaves entries to a queued batch, waits out the grace for an unqueued one, and takes over the rest', async () => {
    await setup();
    const queued = [entry(1), entry(2)];
    assignBatches(queued);
    const old = entry(3, 60_000);
    const fresh = entry(4);
    old.batch = 'batch_never_queued_old';
    fresh.batch = 'batch_never_queued_new';
    const loose = entry(5);
    await store.transition([], [...queued, old, fresh, loose]);
    await enqueuer(queue, SCHEDULE)(queued);

    expect(await recoverOutbox(store, queue, enqueuer(queue, SCHEDULE), log, 30_000)).toBe(2);
    const single = async (id: string) => (await queue.getJob(id))?.name;
    expect([await single('msg_3'), await single('msg_5')]).toEqual(['deliver', 'deliver']);
    expect([await single('msg_1'), await single('msg_4')]).toEqual([undefined, undefined]);
    // With no grace (a worker starting up), the fresh one is taken over too; queued jobs are not doubled.
    expect(await recoverOutbox(store, queue, enqueuer(queue, SCHEDULE), log, 0)).toBe(3);
    expect(await single('msg_4')).toBe('deliver');

    startWorker();
    await eventually(() => expect(rx.got).toHaveLength(5), 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect([...received()].sort()).toEqual(['msg_1', 'msg_2', 'msg_3', 'msg_4', 'msg_5']);
    expect(await store.outboxIds()).toEqual([]);
  });
});
