import type { ChainableCommander, Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { joinPart, type AlertRule, type AlertState, type AlertTransition } from '../domain/alert.js';
import { alertFields, STREAM_MAXLEN } from './events.js';
import type { Keys } from './keys.js';

/** A webhook to send; its id is the `webhook-id`, stable across every retry. */
export interface OutboxEntry {
  id: string;
  alertId: string;
  type: string;
  body: string;
  /** sha1 of a shared part the body leaves out (see payloadWithPart), stored once per batch. */
  part?: string;
  /** The batch job making its first attempt, when it was queued in one. */
  batch?: string;
  createdAt: string;
}

/** Parts outlive every retry of the deliveries that use them (about 18 h in all). */
const PART_TTL_S = 3 * 24 * 3600;

export interface DeliveryAttempt {
  deliveryId: string;
  type: string;
  attempt: number;
  at: string;
  status?: number;
  error?: string;
  durationMs: number;
  outcome: 'delivered' | 'retrying' | 'failed' | 'disabled' | 'dropped';
}

interface Secrets {
  current: string;
  previous?: { secret: string; until: number };
}

const LOG_CAP = 200;

/** The secrets that sign now: the current one, and the previous one during its overlap. */
function signing(raw: string | null, now: number): string[] {
  if (!raw) return [];
  const s = JSON.parse(raw) as Secrets;
  return s.previous && s.previous.until > now ? [s.current, s.previous.secret] : [s.current];
}
// One call to the system's random source per 1,024 ids: a batch can mint 10,000 webhook ids,
// and a call per id cost tens of milliseconds.
const ID_BYTES = 12;
let pool = Buffer.alloc(0);
let used = 0;
export function newId(prefix: string): string {
  if (used + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * 1_024);
    used = 0;
  }
  const id = pool.toString('base64url', used, used + ID_BYTES);
  used += ID_BYTES;
  return `${prefix}_${id}`;
}

// Rules, secrets and states live in three hashes keyed by rule id; the outbox holds every
// webhook decided but not yet delivered (or given up on). A transition and its outbox entry
// are written in one MULTI, so a crash after it loses nothing: startup re-enqueues the outbox.
export class AlertsStore {
  private logs: { alertId: string; a: DeliveryAttempt; final: boolean; resolve: () => void; reject: (err: Error) => void }[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly k: Keys,
  ) {}

  async create(rule: AlertRule, secret: string): Promise<void> {
    await this.redis
      .multi()
      .hset(this.k.alerts, rule.id, JSON.stringify(rule))
      .hset(this.k.alertSecrets, rule.id, JSON.stringify({ current: secret } satisfies Secrets))
      .incr(this.k.alertsRevision)
      .exec();
  }

  async put(rule: AlertRule, resetState = false): Promise<void> {
    const m = this.redis.multi().hset(this.k.alerts, rule.id, JSON.stringify(rule)).incr(this.k.alertsRevision);
    if (resetState) m.hdel(this.k.alertState, rule.id);
    await m.exec();
  }

  async get(id: string): Promise<AlertRule | undefined> {
    const raw = await this.redis.hget(this.k.alerts, id);
    return raw ? (JSON.parse(raw) as AlertRule) : undefined;
  }

  /** Rules by id, in one command; missing ones are left out. */
  async getMany(ids: string[]): Promise<Map<string, AlertRule>> {
    const out = new Map<string, AlertRule>();
    if (!ids.length) return out;
    (await this.redis.hmget(this.k.alerts, ...ids)).forEach((raw, i) => raw && out.set(ids[i]!, JSON.parse(raw) as AlertRule));
    return out;
  }

  async list(): Promise<AlertRule[]> {
    return Object.values(await this.redis.hgetall(this.k.alerts)).map((s) => JSON.parse(s) as AlertRule);
  }

  async revision(): Promise<number> {
    return Number((await this.redis.get(this.k.alertsRevision)) ?? 0);
  }

  async delete(id: string): Promise<boolean> {
    const res = await this.redis
      .multi()
      .hdel(this.k.alerts, id)
      .hdel(this.k.alertSecrets, id)
      .hdel(this.k.alertState, id)
      .del(this.k.alertDeliveries(id))
      .incr(this.k.alertsRevision)
      .exec();
    return res?.[0]?.[1] === 1;
  }

  /** The secrets that sign now, per rule, in one command (see `signing`). */
  async secretsMany(ids: string[], now = Date.now()): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!ids.length) return out;
    (await this.redis.hmget(this.k.alertSecrets, ...ids)).forEach((raw, i) => out.set(ids[i]!, signing(raw, now)));
    return out;
  }

  async rotate(id: string, secret: string, overlapMs: number, now = Date.now()): Promise<void> {
    const raw = await this.redis.hget(this.k.alertSecrets, id);
    const old = raw ? (JSON.parse(raw) as Secrets) : undefined;
    const next: Secrets = {
      current: secret,
      ...(old && overlapMs > 0 ? { previous: { secret: old.current, until: now + overlapMs } } : {}),
    };
    await this.redis.hset(this.k.alertSecrets, id, JSON.stringify(next));
  }

  async state(id: string): Promise<AlertState | undefined> {
    const raw = await this.redis.hget(this.k.alertState, id);
    return raw ? (JSON.parse(raw) as AlertState) : undefined;
  }

  async states(ids: string[]): Promise<Map<string, AlertState>> {
    const out = new Map<string, AlertState>();
    if (!ids.length) return out;
    const raws = await this.redis.hmget(this.k.alertState, ...ids);
    raws.forEach((raw, i) => raw && out.set(ids[i]!, JSON.parse(raw) as AlertState));
    return out;
  }

  /**
   * Writes states and, with them, the webhooks they decided, in one MULTI. `alerts` go to the
   * change stream, so live event subscribers see the transitions.
   */
  async transition(
    states: [string, AlertState][],
    deliveries: OutboxEntry[],
    alerts: AlertTransition[] = [],
    parts: Map<string, string> = new Map(),
  ): Promise<void> {
    if (!states.length && !deliveries.length && !alerts.length) return;
    const m = this.redis.multi();
    for (const [sha, json] of parts) m.set(this.k.alertPart(sha), json, 'EX', PART_TTL_S);
    if (states.length) m.hset(this.k.alertState, ...states.flatMap(([id, s]) => [id, JSON.stringify(s)]));
    if (deliveries.length) m.hset(this.k.alertOutbox, ...deliveries.flatMap((d) => [d.id, JSON.stringify(d)]));
    for (const f of alertFields(alerts)) m.xadd(this.k.events, 'MAXLEN', '~', STREAM_MAXLEN, '*', ...f);
    const res = await m.exec();
    const failed = res?.find(([err]) => err);
    if (failed) throw failed[0];
  }

  /** Each delivery's exact body, its shared part put back in (fetched once per part); undefined where the part expired. */
  async bodies(entries: OutboxEntry[]): Promise<(string | undefined)[]> {
    const shas = [...new Set(entries.flatMap((e) => (e.part ? [e.part] : [])))];
    const parts = new Map<string, string | null>();
    if (shas.length) (await this.redis.mget(...shas.map((s) => this.k.alertPart(s)))).forEach((p, i) => parts.set(shas[i]!, p));
    return entries.map((e) => {
      if (!e.part) return e.body;
      const part = parts.get(e.part);
      return part == null ? undefined : joinPart(e.body, part);
    });
  }

  async outbox(id: string): Promise<OutboxEntry | undefined> {
    const raw = await this.redis.hget(this.k.alertOutbox, id);
    return raw ? (JSON.parse(raw) as OutboxEntry) : undefined;
  }

  /** Entries in the order asked; undefined where one is settled already. */
  async outboxMany(ids: string[]): Promise<(OutboxEntry | undefined)[]> {
    if (!ids.length) return [];
    return (await this.redis.hmget(this.k.alertOutbox, ...ids)).map((raw) => (raw ? (JSON.parse(raw) as OutboxEntry) : undefined));
  }

  async outboxEntries(): Promise<OutboxEntry[]> {
    return Object.values(await this.redis.hgetall(this.k.alertOutbox)).map((raw) => JSON.parse(raw) as OutboxEntry);
  }

  async outboxIds(): Promise<string[]> {
    return this.redis.hkeys(this.k.alertOutbox);
  }

  /**
   * Logs an attempt; a final one also leaves the outbox, in the same MULTI. Resolves once
   * written. Attempts finish in bursts (a batch sends many at once), so those logged in one
   * event-loop turn share one MULTI: a write each was most of a batch's CPU time.
   */
  logAttempt(alertId: string, a: DeliveryAttempt, final: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      this.logs.push({ alertId, a, final, resolve, reject });
      if (this.logs.length === 1) setImmediate(() => void this.flushLogs());
    });
  }

  private async flushLogs(): Promise<void> {
    const logs = this.logs.splice(0);
    const m: ChainableCommander = this.redis.multi();
    for (const { alertId, a, final } of logs) {
      const key = this.k.alertDeliveries(alertId);
      m.lpush(key, JSON.stringify(a)).ltrim(key, 0, LOG_CAP - 1);
      if (final) m.hdel(this.k.alertOutbox, a.deliveryId);
    }
    try {
      await m.exec();
      for (const l of logs) l.resolve();
    } catch (err) {
      for (const l of logs) l.reject(err as Error);
    }
  }

  async dropOutbox(id: string): Promise<void> {
    await this.redis.hdel(this.k.alertOutbox, id);
  }

  async deliveries(alertId: string, limit = 50): Promise<DeliveryAttempt[]> {
    return (await this.redis.lrange(this.k.alertDeliveries(alertId), 0, limit - 1)).map((s) => JSON.parse(s) as DeliveryAttempt);
  }

  /** Changes a rule's flags without touching what the user set. */
  async flag(id: string, patch: Partial<Pick<AlertRule, 'enabled' | 'disabledReason' | 'deliveryFailing'>>): Promise<void> {
    const rule = await this.get(id);
    if (rule) await this.put({ ...rule, ...patch });
  }

  /** SET NX PX, renewed only by its holder: one evaluator acts among worker replicas. */
  async lease(holder: string, ttlMs: number): Promise<boolean> {
    const res = (await this.redis.eval(
      `local v = redis.call('GET', KEYS[1])
       if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
       if v then return 0 end
       redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1`,
      1,
      this.k.alertLease,
      holder,
      ttlMs,
    )) as number;
    return res === 1;
  }

  async release(holder: string): Promise<void> {
    await this.redis.eval(
      `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
      1,
      this.k.alertLease,
      holder,
    );
  }
}
