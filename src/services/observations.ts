import type { Config } from '../../config/env.js';
import type { Observation, ObservationInput } from '../domain/observation.js';
import { hardwareKey } from '../domain/offer.js';
import { ServiceError } from './errors.js';
import type { ObservationsStore } from '../store/observations-store.js';
import type { OfferIndex } from './offer-index.js';
import { observedOffer } from './observed-offer.js';

/** Clocks disagree a little; a report from further in the future is a mistake. */
const MAX_CLOCK_SKEW_MS = 60_000;

export interface ObservationReceipt {
  observation: Observation;
  /** Offers this API process now serves differently because of it (0 when the provider's own evidence stands or none is listed). */
  overrides: number;
  /** A report about the same place from later already stands; this one changes nothing. */
  superseded: boolean;
}

// POST /v1/observations. A report counts for GPU_RADAR_OBSERVATION_WINDOW_MS, but never past
// the time the provider's own evidence would expire: older than that, it says nothing.
export class ObservationsService {
  constructor(
    private readonly store: ObservationsStore,
    private readonly index: OfferIndex,
    private readonly config: Config,
  ) {}

  async report(input: ObservationInput, now = Date.now()): Promise<ObservationReceipt> {
    const at = input.at === undefined ? now : Date.parse(input.at);
    if (at > now + MAX_CLOCK_SKEW_MS) throw new ServiceError('invalid', `at: ${input.at} is in the future`);
    const cfg = this.config.providers[input.provider as keyof Config['providers']];
    const until = at + Math.min(this.config.observationWindowMs, cfg?.expireAfterMs ?? Infinity);
    if (until <= now)
      throw new ServiceError(
        'unprocessable',
        `at: ${input.at} is too old to count; a launch outcome counts for ${Math.round((until - at) / 60_000)} min`,
      );
    const observation: Observation = {
      key: hardwareKey(input),
      provider: input.provider,
      region: input.region,
      ...(input.zone ? { zone: input.zone } : {}),
      instanceType: input.instanceType,
      outcome: input.outcome,
      // UTC, so that reports about one place order by their text.
      at: new Date(at).toISOString(),
      until,
    };
    if (!(await this.store.report(observation))) return { observation, overrides: 0, superseded: true };
    const overrides = this.index.entriesFor(observation.key).filter((e) => observedOffer(e.live ?? e.offer, observation)).length;
    return { observation, overrides, superseded: false };
  }
}
