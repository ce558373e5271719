import type { AlertRule } from '../../domain/alert.js';
import { ServiceError } from '../errors.js';
import { AddressPolicy, SsrfError } from '../../lib/ssrf.js';
import { newSecret } from '../../lib/webhooks.js';
import { newId, type AlertsStore, type OutboxEntry } from '../../store/alerts-store.js';
import { payload } from './payload.js';
import { parseRuleQuery, queryStrings, ruleFrom, type AlertCreate, type AlertPatch } from './rule.js';

/** A delivery to queue: its outbox id, and the batch that makes its first attempt, if any. */
export type Queued = Pick<OutboxEntry, 'id' | 'batch'>;

/** Queues deliveries; idempotent (a delivery's or batch's id is its job id). */
export type Enqueue = (deliveries: readonly Queued[]) => Promise<void>;

// What the /v1/alerts routes call. Secrets leave this service only once: in the answer to
// the request that created (or rotated) them.
export class AlertsService {
  private readonly policy: AddressPolicy;

  constructor(
    private readonly store: AlertsStore,
    allowlist: readonly string[],
    private readonly enqueue: Enqueue,
  ) {
    this.policy = new AddressPolicy(allowlist);
  }

  async create(input: AlertCreate, now = Date.now()): Promise<{ rule: AlertRule; secret: string }> {
    parseRuleQuery(queryStrings(input.query));
    const rule = ruleFrom({ ...input, url: this.checkUrl(input.url) }, newId('al'), now);
    const secret = newSecret();
    await this.store.create(rule, secret);
    return { rule, secret };
  }

  list = () => this.store.list();

  async get(id: string): Promise<AlertRule> {
    const rule = await this.store.get(id);
    if (!rule) throw new ServiceError('not_found', `no alert ${id}`);
    return rule;
  }

  state = (id: string) => this.store.state(id);

  async patch(id: string, p: AlertPatch, now = Date.now()): Promise<AlertRule> {
    const old = await this.get(id);
    const query = p.query ? queryStrings(p.query) : old.query;
    if (p.query) parseRuleQuery(query);
    const rule: AlertRule = { ...old, ...p, query, updatedAt: new Date(now).toISOString() };
    if (p.url !== undefined) rule.url = this.checkUrl(p.url);
    // A new destination, or turning the rule back on, clears what deliveries flagged.
    if (p.url !== undefined || p.enabled === true) {
      delete rule.disabledReason;
      delete rule.deliveryFailing;
    }
    // A changed question starts from scratch rather than resolving an alert it never fired.
    const reset = p.query !== undefined || p.condition !== undefined;
    await this.store.put(rule, reset);
    return rule;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.delete(id))) throw new ServiceError('not_found', `no alert ${id}`);
  }

  async rotate(id: string, overlapSeconds: number): Promise<{ secret: string; previousValidUntil?: string }> {
    await this.get(id);
    const secret = newSecret();
    const now = Date.now();
    await this.store.rotate(id, secret, overlapSeconds * 1000, now);
    return { secret, ...(overlapSeconds > 0 ? { previousValidUntil: new Date(now + overlapSeconds * 1000).toISOString() } : {}) };
  }

  /** Sends a `ping` through the same outbox and queue as real alerts. */
  async test(id: string, now = Date.now()): Promise<{ deliveryId: string }> {
    const rule = await this.get(id);
    const entry: OutboxEntry = {
      id: newId('msg'),
      alertId: id,
      type: 'ping',
      body: payload(rule, 'ping', [], now),
      createdAt: new Date(now).toISOString(),
    };
    await this.store.transition([], [entry]);
    await this.enqueue([entry]);
    return { deliveryId: entry.id };
  }

  async deliveries(id: string, limit: number) {
    await this.get(id);
    return this.store.deliveries(id, limit);
  }

  private checkUrl(url: string): string {
    try {
      return this.policy.checkUrl(url).toString();
    } catch (err) {
      if (err instanceof SsrfError) throw new ServiceError('invalid', `url: ${err.message}`);
      throw err;
    }
  }
}
