// Every Redis key gpu-radar writes is built here. The prefix is hash-tagged by default
// (`{gpu-radar}:`), so one deployment's keys share a Redis Cluster slot and MULTI works.

export interface Keys {
  prefix: string;
  offers(provider: string, scope: string): string;
  scopeVersion(provider: string, scope: string): string;
  status(provider: string): string;
  providers: string;
  events: string;
  workers: string;
  /** BullMQ's own prefix; queue names are `poll-<provider>`. */
  bull: string;
  /** Alert rules (JSON by id), their secrets, states, outbox and delivery logs. */
  alerts: string;
  alertSecrets: string;
  alertState: string;
  alertOutbox: string;
  alertDeliveries(id: string): string;
  /** Bumped on every rule change, so evaluators reload. */
  alertsRevision: string;
  /** Held by the one evaluator that acts. */
  alertLease: string;
  /** A webhook body part shared by every delivery of one batch that asked the same question. */
  alertPart(sha: string): string;
  observations: string;
  apiKeys: string;
  apiKeysRevision: string;
}

export function keys(prefix: string): Keys {
  return {
    prefix,
    offers: (p, s) => `${prefix}offers:${p}:${s}`,
    scopeVersion: (p, s) => `${prefix}scope-version:${p}:${s}`,
    status: (p) => `${prefix}status:${p}`,
    providers: `${prefix}providers`,
    events: `${prefix}events`,
    workers: `${prefix}workers`,
    bull: `${prefix}bull`,
    alerts: `${prefix}alerts`,
    alertSecrets: `${prefix}alert-secrets`,
    alertState: `${prefix}alert-state`,
    alertOutbox: `${prefix}alert-outbox`,
    alertDeliveries: (id) => `${prefix}alert-deliveries:${id}`,
    alertsRevision: `${prefix}alerts-revision`,
    alertLease: `${prefix}alert-lease`,
    alertPart: (sha) => `${prefix}alert-part:${sha}`,
    observations: `${prefix}observations`,
    apiKeys: `${prefix}api-keys`,
    apiKeysRevision: `${prefix}api-keys-revision`,
  };
}
