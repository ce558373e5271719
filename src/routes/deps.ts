import type { z } from 'zod';
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

/** What routes need; they never see Redis, queues or adapters. */
export interface RouteDeps {
  config: Config;
  index: OfferIndex;
  readiness: () => Promise<Readiness>;
  /** Samples for /v1/history; without it the endpoint answers 503. */
  history?: HistorySource;
  /** Poll queue depths for /metrics, where the process can read them cheaply. */
  queueDepths?: QueueDepths;
  /** Alert rules; without it /v1/alerts answers 503. */
  alerts?: AlertsService;
  /** Live change events for /v1/events; without it the endpoint answers 503. */
  events?: EventHub;
  /** Launch outcomes; without it /v1/observations answers 503. */
  observations?: ObservationsService;
  /** API key checks; required when GPU_RADAR_AUTH=keys. */
  auth?: Authenticator;
}

/** A route as the OpenAPI document describes it. */
export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'delete';
  url: string;
  summary: string;
  tag: string;
  query?: z.ZodObject<z.ZodRawShape>;
  /** The JSON body the handler parses; wrap it in `.optional()` where the route accepts none. */
  body?: z.ZodType;
}
