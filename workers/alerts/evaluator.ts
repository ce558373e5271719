import { createHash, randomUUID } from 'node:crypto';
import type { Config } from '../../config/env.js';
import { initialState, type AlertRule, type AlertState, type AlertTransition } from '../../src/domain/alert.js';
import { gpuIdsForQuery } from '../../src/domain/gpu-models.js';
import type { Logger } from '../../src/lib/logger.js';
import type { CapacityQuery } from '../../src/schemas/capacity-query.js';
import { evaluate, step } from '../../src/services/alerts/evaluate.js';
import { payloadWithPart } from '../../src/services/alerts/payload.js';
import { parseRuleQuery } from '../../src/services/alerts/rule.js';
import type { Enqueue } from '../../src/services/alerts/service.js';
import type { OfferIndex } from '../../src/services/offer-index.js';
import { newId, type AlertsStore, type OutboxEntry } from '../../src/store/alerts-store.js';
import type { FeedEntry } from '../../src/store/index-feed.js';
import { assignBatches } from './outbox.js';
import { RuleIndex, type Touched } from './rule-index.js';

interface Compiled {
  rule: AlertRule;
  /** The question (query and condition); equal keys get equal answers. */
  key: string;
  query: CapacityQuery;
  gpuIds: string[];
  providers?: Set<string>;
}

export interface EvaluatorOptions {
  /** How often the lease is renewed, rule changes are picked up and pending rules re-checked. @defaultValue 1 s */
  tickMs?: number;
  /** Lease time-to-live; another replica takes over this long after this one dies. @defaultValue 15 s */
  leaseMs?: number;
  now?: () => number;
}

// Re-evaluates, on each batch of changes, only the rules whose query can match them: rules are
// indexed by canonical GPU id and region (see RuleIndex), then checked by provider. A poll's
// status entry re-checks the rules a poll can move (see mayMoveOnPoll) and, when a scope starts
// or stops failing, every rule of that provider. Only the replica holding the lease acts; the
// others keep their index warm.
export class AlertEvaluator {
  private readonly holder = randomUUID();
  private rules = new Map<string, Compiled>();
  private ruleIndex = new RuleIndex();
  private states = new Map<string, AlertState>();
  private failing = new Map<string, boolean>();
  private revision = -1;
  private leader = false;
  private chain: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(
    private readonly store: AlertsStore,
    private readonly index: OfferIndex,
    private readonly config: Config,
    private readonly enqueue: Enqueue,
    private readonly log: Logger,
    private readonly opts: EvaluatorOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  async start(): Promise<void> {
    // An observation running out changes offers without a stream entry: wake their rules alike.
    this.index.onObservationEnd = (offers) => {
      const changes = new Changes();
      for (const o of offers) changes.touch(o);
      this.wake(changes, new Set(), new Set());
    };
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.opts.tickMs ?? 1_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.chain;
    if (this.leader) await this.store.release(this.holder).catch(() => undefined);
    this.leader = false;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** IndexFeed listener: the batch is already in the index. */
  readonly onBatch = (batch: FeedEntry[]): void => {
    const changes = new Changes();
    const polled = new Set<string>();
    const flipped = new Set<string>();
    for (const { event, previous } of batch) {
      if (!event) continue;
      if (event.type === 'upsert') changes.touch(event.offer);
      else if (event.type === 'remove') {
        if (previous) changes.touch(previous);
      } else if (event.type === 'observe') {
        for (const e of this.index.entriesFor(event.observation.key)) changes.touch(e.offer);
      } else {
        polled.add(event.provider);
        const key = `${event.provider}\u0000${event.scope}`;
        const now = event.status.consecutiveFailures > 0;
        if ((this.failing.get(key) ?? false) !== now) flipped.add(event.provider);
        this.failing.set(key, now);
      }
    }
    this.wake(changes, polled, flipped);
  };

  /** Evaluates the rules that offer changes, and polls of these providers, can move. */
  private wake(changes: Changes, polled: Set<string>, flipped: Set<string>): void {
    if (!changes.touched.size && !polled.size) return;
    void this.serial(async () => {
      if (!this.leader) return;
      const ids = new Set<string>();
      const changedList = [...changes.providers];
      for (const id of this.ruleIndex.candidates(changes.touched)) {
        const c = this.rules.get(id);
        if (c && asksAny(c, changedList)) ids.add(id);
      }
      const polledList = [...polled];
      const flippedList = [...flipped];
      for (const [id, c] of this.rules) {
        if (ids.has(id) || !asksAny(c, polledList)) continue;
        const s = this.states.get(id);
        if (!s || mayMoveOnPoll(s) || asksAny(c, flippedList)) ids.add(id);
      }
      await this.evaluateNow([...ids]);
    });
  }

  /** Evaluates the given rules now (all when omitted); returns the deliveries queued. */
  evaluate(ids?: string[]): Promise<number> {
    return this.serial(() => this.evaluateNow(ids ?? [...this.rules.keys()]));
  }

  /** Reloads rules (if changed), renews the lease, re-checks rules waiting on the clock. */
  tick(): Promise<unknown> {
    return this.serial(async () => {
      try {
        const was = this.leader;
        this.leader = await this.store.lease(this.holder, this.opts.leaseMs ?? 15_000);
        const changed = await this.reload(!was && this.leader);
        if (!this.leader) return;
        if (!was) {
          this.log.info({ rules: this.rules.size }, 'alert evaluator: acting (lease held)');
          await this.evaluateNow([...this.rules.keys()]);
          return;
        }
        const waiting = [...this.rules.keys()].filter((id) => {
          const s = this.states.get(id);
          return s?.phase === 'pending' || (s?.phase === 'firing' && this.rules.get(id)!.rule.repeatAfter !== null);
        });
        await this.evaluateNow([...new Set([...changed, ...waiting])]);
      } catch (err) {
        this.log.warn({ err }, 'alert evaluator tick failed');
      }
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch((err: Error) => this.log.error({ err }, 'alert evaluation failed'));
    return run;
  }

  /** Loads rules when their revision moved; returns the ids that are new or changed. */
  private async reload(force: boolean): Promise<string[]> {
    const revision = await this.store.revision();
    if (!force && revision === this.revision) return [];
    const rules = await this.store.list();
    const changed: string[] = [];
    const next = new Map<string, Compiled>();
    const ruleIndex = new RuleIndex();
    for (const rule of rules) {
      const old = this.rules.get(rule.id);
      let c: Compiled;
      try {
        c = old && old.rule.updatedAt === rule.updatedAt && JSON.stringify(old.rule) === JSON.stringify(rule) ? old : compile(rule);
      } catch (err) {
        this.log.warn({ alert: rule.id, err }, 'alert rule no longer valid; skipped');
        continue;
      }
      if (c !== old) changed.push(rule.id);
      next.set(rule.id, c);
      ruleIndex.add(rule.id, c.gpuIds, c.query.region);
    }
    this.rules = next;
    this.ruleIndex = ruleIndex;
    // States are ours to write while we hold the lease; a changed rule may have been reset.
    const toLoad = force ? [...next.keys()] : changed;
    const loaded = await this.store.states(toLoad);
    for (const id of toLoad) {
      const s = loaded.get(id);
      if (s) this.states.set(id, s);
      else this.states.delete(id);
    }
    for (const id of this.states.keys()) if (!next.has(id)) this.states.delete(id);
    this.revision = revision;
    return changed;
  }

  private async evaluateNow(ids: string[]): Promise<number> {
    if (!this.leader || !ids.length) return 0;
    const now = this.now();
    const states: [string, AlertState][] = [];
    const deliveries: OutboxEntry[] = [];
    const transitions: AlertTransition[] = [];
    // Rules asking the same question share one answer within a batch.
    const answers = new Map<string, ReturnType<typeof evaluate>>();
    // Placements shared by rules with the same question are stored once, by content.
    const partIds = new Map<string, string>();
    for (const id of ids) {
      const c = this.rules.get(id);
      if (!c || !c.rule.enabled || c.rule.disabledReason) continue;
      const prev = this.states.get(id) ?? initialState(now);
      let answer = answers.get(c.key);
      if (!answer) answers.set(c.key, (answer = evaluate(c.rule, c.query, this.index, this.config, now)));
      const { outcome, matching } = answer;
      const { state, send, repeat } = step(c.rule, prev, outcome, now);
      this.states.set(id, state);
      const moved =
        state.phase !== prev.phase ||
        state.since !== prev.since ||
        state.notCount !== prev.notCount ||
        state.lastSentAt !== prev.lastSentAt;
      if (moved || state.lastOutcome !== prev.lastOutcome) states.push([id, state]);
      if (!moved) continue;
      transitions.push({ alertId: id, phase: state.phase, since: state.since, gpuIds: c.gpuIds, ...(send ? { sent: send } : {}) });
      if (!send) continue;
      const { body, part } = payloadWithPart(c.rule, send, send === 'capacity.available' ? matching : [], now, { repeat });
      let sha: string | undefined;
      if (part !== undefined) {
        sha = partIds.get(part);
        if (!sha) partIds.set(part, (sha = createHash('sha1').update(part).digest('base64url')));
      }
      deliveries.push({
        id: newId('msg'),
        alertId: id,
        type: send,
        body,
        ...(sha ? { part: sha } : {}),
        createdAt: new Date(now).toISOString(),
      });
    }
    assignBatches(deliveries);
    await this.store.transition(states, deliveries, transitions, new Map([...partIds].map(([json, sha]) => [sha, json])));
    if (deliveries.length) {
      // One line per evaluation: a batch can decide thousands of webhooks; each is logged when delivered.
      this.log.info(
        {
          deliveries: deliveries.length,
          first: { alert: deliveries[0]!.alertId, type: deliveries[0]!.type, deliveryId: deliveries[0]!.id },
        },
        'alert transitions decided',
      );
      await this.enqueue(deliveries);
    }
    return deliveries.length;
  }
}

/** Offers a batch changed: by GPU, the places they are in; and the providers that changed them. */
class Changes {
  readonly touched: Touched = new Map();
  readonly providers = new Set<string>();

  touch(o: { gpu: { id: string }; provider: string; region: string; zone?: string }): void {
    let places = this.touched.get(o.gpu.id);
    if (!places) this.touched.set(o.gpu.id, (places = new Set()));
    places.add(o.region.toLowerCase());
    if (o.zone) places.add(o.zone.toLowerCase());
    this.providers.add(o.provider);
  }
}

const asksAny = (c: Compiled, providers: string[]) => (c.providers ? providers.some((p) => c.providers!.has(p)) : providers.length > 0);

/**
 * A poll that changed no offer only refreshes evidence. That can turn unknown (stale) evidence
 * into a verdict, and it counts towards `resolveAfter` for a firing rule whose condition no
 * longer holds; otherwise a verdict stays what it was (pending rules wait on the clock, in tick).
 * Skipping the rest keeps 10,000 firing rules from being re-run on every poll.
 */
const mayMoveOnPoll = (s: AlertState) =>
  s.lastOutcome === undefined || s.lastOutcome === 'unknown' || (s.phase === 'firing' && s.lastOutcome === 'not');

function compile(rule: AlertRule): Compiled {
  const query = parseRuleQuery(rule.query);
  return {
    rule,
    query,
    key: JSON.stringify([query, rule.condition]),
    gpuIds: gpuIdsForQuery(query.gpu),
    ...(query.provider ? { providers: new Set(query.provider) } : {}),
  };
}
