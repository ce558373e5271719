import type { Config } from '../../config/env.js';
import type { AlertsService } from '../services/alerts/service.js';
import type { EventHub } from '../services/alerts/event-hub.js';
import type { Authenticator } from '../services/auth/authenticator.js';
import type { HistorySource } from '../services/history.js';
import type { QueueDepths } from '../services/metrics.js';
import type { ObservationsService } from '../services/observations.js';
import type { OfferIndex } from '../services/offer-index.js';

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/** What routes need, all of it supplied by the API process; they never see Redis, queues or adapters. */
export interface RouteDeps {
  config: Config;
  index: OfferIndex;
  readiness: () => Promise<Readiness>;
  /** Samples for /v1/history. */
  history: HistorySource;
  /** Poll queue depths for /metrics. */
  queueDepths: QueueDepths;
  alerts: AlertsService;
  /** Live change events for /v1/events. */
  events: EventHub;
  /** Launch outcomes for /v1/observations. */
  observations: ObservationsService;
  /** API key checks; present exactly when GPU_RADAR_AUTH=keys. */
  auth?: Authenticator;
}
