import type { AlertRule } from '../../src/domain/alert.js';
import type { Dispatcher } from 'undici';
import type { Logger } from '../../src/lib/logger.js';
import { postWebhook } from '../../src/lib/webhooks.js';
import type { AlertsStore, DeliveryAttempt, OutboxEntry } from '../../src/store/alerts-store.js';

export interface DeliveryContext {
  store: AlertsStore;
  dispatcher: Dispatcher;
  log: Logger;
  timeoutMs?: number;
}

/** What an attempt needs besides its outbox entry. */
export interface Loaded {
  rule?: AlertRule;
  /** Undefined when its shared part expired. */
  body?: string;
  secrets: string[];
}

/** What the attempts need, in three commands however many deliveries a batch holds. */
export async function load(store: AlertsStore, entries: OutboxEntry[]): Promise<Loaded[]> {
  const ids = [...new Set(entries.map((e) => e.alertId))];
  const [rules, bodies, secrets] = await Promise.all([store.getMany(ids), store.bodies(entries), store.secretsMany(ids)]);
  return entries.map((e, i) => {
    const rule = rules.get(e.alertId);
    const body = bodies[i];
    return { ...(rule ? { rule } : {}), ...(body !== undefined ? { body } : {}), secrets: secrets.get(e.alertId) ?? [] };
  });
}

/** How an attempt ended: settled for good (`failure` says why when it failed), or to retry. */
export type AttemptResult =
  { settled: 'delivered' | 'disabled' | 'dropped' | 'failed'; failure?: string } | { retry: string; retryAfterMs?: number };

// One POST, logged in the rule's delivery log. 2xx delivers; 410 turns the rule's destination
// off; 3xx and everything else is retried, unless this is the last attempt, which marks the
// delivery failed and flags the rule. The signed bytes are the bytes sent.
export async function attemptDelivery(
  c: DeliveryContext,
  entry: OutboxEntry,
  { rule, body, secrets }: Loaded,
  attempt: number,
  last: boolean,
): Promise<AttemptResult> {
  const record = (a: Omit<DeliveryAttempt, 'deliveryId' | 'type' | 'attempt' | 'at'>, final: boolean) =>
    c.store.logAttempt(entry.alertId, { deliveryId: entry.id, type: entry.type, attempt, at: new Date().toISOString(), ...a }, final);
  if (!rule || (rule.disabledReason && entry.type !== 'ping')) {
    if (rule) await record({ durationMs: 0, error: rule.disabledReason, outcome: 'dropped' }, true);
    else await c.store.dropOutbox(entry.id);
    return { settled: 'dropped' };
  }
  if (body === undefined) {
    await record({ durationMs: 0, error: 'its shared body part expired before delivery', outcome: 'failed' }, true);
    return { settled: 'failed' };
  }
  const res = await postWebhook(
    { url: rule.url, id: entry.id, body, secrets, timestamp: Math.floor(Date.now() / 1000) },
    c.dispatcher,
    c.timeoutMs,
  );
  const base = {
    durationMs: res.durationMs,
    ...(res.status !== undefined ? { status: res.status } : {}),
    ...(res.error ? { error: res.error } : {}),
  };
  if (res.ok) {
    await record({ ...base, outcome: 'delivered' }, true);
    if (rule.deliveryFailing) await c.store.flag(rule.id, { deliveryFailing: undefined });
    c.log.info({ alert: rule.id, deliveryId: entry.id, type: entry.type, attempt, status: res.status }, 'webhook delivered');
    return { settled: 'delivered' };
  }
  if (res.status === 410) {
    await record({ ...base, outcome: 'disabled' }, true);
    await c.store.flag(rule.id, { disabledReason: `destination answered 410 Gone at ${new Date().toISOString()}` });
    c.log.warn({ alert: rule.id, deliveryId: entry.id }, 'webhook destination gone (410): destination disabled');
    return { settled: 'disabled' };
  }
  // A refused address is the operator's decision, not a passing fault: no retries.
  const refused = res.error?.includes('GPU_RADAR_WEBHOOK_ALLOWLIST') ?? false;
  const reason = res.error ?? `HTTP ${res.status}`;
  if (refused || last) {
    await record({ ...base, outcome: 'failed' }, true);
    await c.store.flag(rule.id, { deliveryFailing: { at: new Date().toISOString(), deliveryId: entry.id, reason } });
    c.log.warn({ alert: rule.id, deliveryId: entry.id, attempt, reason }, 'webhook delivery failed for good');
    return { settled: 'failed', failure: reason };
  }
  await record({ ...base, outcome: 'retrying' }, false);
  return { retry: reason, ...(res.retryAfterMs !== undefined ? { retryAfterMs: res.retryAfterMs } : {}) };
}
