import type { Config, ProviderConfig } from '../../config/env.js';
import { PROVIDERS, STALE_AFTER_INTERVALS, EXPIRE_AFTER_INTERVALS, providerById } from '../../config/providers.js';
import type { ScopeStatus } from '../domain/scope-status.js';
import { isStale, type Timing } from './freshness.js';
import type { OfferIndex } from './offer-index.js';

export type ScopeState = 'ok' | 'stale' | 'failing' | 'pending';

export interface ProviderReport {
  provider: string;
  /** Display name from the provider's definition; the id for one no longer registered. */
  name: string;
  enabled: boolean;
  disabledReason?: string;
  /** True when the demo market answers, not the real provider. */
  simulated: boolean;
  intervalMs: number;
  staleAfterMs: number;
  scopes: (ScopeStatus & { state: ScopeState; stale: boolean })[];
}

const FALLBACK_INTERVAL_MS = 60_000;

/** Staleness thresholds for a provider, including one no longer configured but still stored. */
export function timingFor(config: Config, provider: string): Timing {
  const p = (config.providers as Record<string, Timing | undefined>)[provider];
  return p ?? { staleAfterMs: FALLBACK_INTERVAL_MS * STALE_AFTER_INTERVALS, expireAfterMs: FALLBACK_INTERVAL_MS * EXPIRE_AFTER_INTERVALS };
}

export function scopeState(s: ScopeStatus, timing: Timing, now: number): ScopeState {
  if (s.consecutiveFailures > 0) return 'failing';
  if (!s.observedAt) return 'pending';
  return isStale(s, timing, now) ? 'stale' : 'ok';
}

export function providerReports(config: Config, index: OfferIndex, now: number): ProviderReport[] {
  const byProvider = new Map<string, ScopeStatus[]>();
  for (const s of index.scopeStatuses()) byProvider.set(s.provider, [...(byProvider.get(s.provider) ?? []), s]);
  const names = new Set([...PROVIDERS.map((p) => p.id), ...byProvider.keys()]);
  return [...names].sort().map((provider) => {
    const cfg = (config.providers as Partial<Record<string, ProviderConfig>>)[provider];
    const timing = timingFor(config, provider);
    const scopes = (byProvider.get(provider) ?? [])
      .sort((a, b) => a.scope.localeCompare(b.scope))
      .map((s) => ({ ...s, state: scopeState(s, timing, now), stale: isStale(s, timing, now) }));
    return {
      provider,
      name: providerById(provider)?.name ?? provider,
      enabled: cfg?.enabled ?? false,
      ...(cfg?.disabledReason ? { disabledReason: cfg.disabledReason } : !cfg ? { disabledReason: 'not configured' } : {}),
      simulated: cfg?.simulated ?? false,
      intervalMs: cfg?.intervalMs ?? FALLBACK_INTERVAL_MS,
      staleAfterMs: timing.staleAfterMs,
      scopes,
    };
  });
}
