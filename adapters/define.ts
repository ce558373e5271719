import type { z } from 'zod';
import type { GpuAliases } from '../src/domain/gpu-models.js';
import type { AdapterDeps, ProviderAdapter, ProviderConfig } from './types.js';

// The provider module contract: each adapters/<id>/provider.ts exports one
// `defineProvider({...})`, and adapters/registry.ts lists it. Everything heavy (the adapter with
// its cloud SDK, the fake, the demo scenario) is imported lazily, so the API process loads none.

/** Per-provider defaults, each overridden by `GPU_RADAR_<ID>_<SUFFIX>` (config/env.ts). */
export interface ProviderDefaults {
  /**
   * The provider's documented production origin, overridden by `GPU_RADAR_<ID>_URL`.
   * Absent for providers whose SDK has its own endpoint variable (AWS, GCP token_uri, Kubernetes).
   */
  url?: string;
  /** Time between polls of each scope, `GPU_RADAR_<ID>_INTERVAL_MS`. Polite by default. */
  intervalMs: number;
  /** Concurrent polls of this provider (one queue per provider), `GPU_RADAR_<ID>_CONCURRENCY`. */
  concurrency: number;
  /** Request timeout, body read included, `GPU_RADAR_<ID>_TIMEOUT_MS`. */
  timeoutMs: number;
}

/** A fake as started: anything that can be closed (its server, plus temporary files). */
export interface RunningFake {
  close(): Promise<void>;
}

/** The provider's wire-format fake, as tests, the contract test and helpers start it. */
export interface ProviderFake<F extends RunningFake = RunningFake, O = never> {
  /** Starts the fake on loopback with its default market (lazy import of the fake module). */
  start(opts?: O): Promise<F>;
  /**
   * The environment an operator would set to point gpu-radar at this fake: credentials, URLs,
   * regions. `GPU_RADAR_PROVIDERS` is left to the caller.
   */
  env(fake: F): Record<string, string>;
}

/** One provider of the demo market: its fake, the env that points the adapter at it, a scenario. */
export interface DemoProvider {
  env: Record<string, string>;
  /** How many phases the scenario has; the market cycles through them. */
  phases: number;
  /** Applies phase `i` to the fake and returns a summary of it for the log. */
  setPhase(i: number): unknown;
  close(): Promise<void>;
}

/** Provider-specific environment: a zod object keyed by the exact env names (DESIGN §7). */
export type SettingsSchema<S> = z.ZodObject<z.ZodRawShape> & z.ZodType<S>;

export interface ProviderDefinition<Id extends string = string, S = unknown, F extends RunningFake = RunningFake, O = never> {
  /** Lowercase id: the folder name, `offer.provider`, the `GPU_RADAR_<ID>_*` prefix, the queue name. */
  readonly id: Id;
  /** Display name, as the README's provider list writes it. */
  readonly name: string;
  readonly defaults: ProviderDefaults;
  /** Credentials this provider needs; missing ones disable it with one log line. */
  readonly credentials: readonly string[];
  /** Credentials used when set and not needed otherwise (e.g. a key for a public API). @defaultValue [] */
  readonly optionalCredentials?: readonly string[];
  /**
   * Env the provider cannot run without when it is not a credential: every name of at least one
   * set must be present (e.g. KUBECONFIG, or the in-cluster service env), else it is disabled.
   */
  readonly requiresEnv?: readonly (readonly string[])[];
  /** Validated at boot with every other key; the adapter reads the result as `cfg.settings`. @defaultValue {} */
  readonly settings?: SettingsSchema<S>;
  /** The provider's GPU names (adapters/<id>/aliases.ts), which its normalize resolves through. */
  readonly aliases: GpuAliases;
  /** Builds the adapter; imports it lazily, so a cloud SDK loads only when its provider is enabled. */
  create(cfg: ProviderConfig<S>, deps?: AdapterDeps): Promise<ProviderAdapter>;
  readonly fake: ProviderFake<F, O>;
  /** Starts the demo scenario (adapters/<id>/demo.ts) on the provider's fake. */
  demo(): Promise<DemoProvider>;
}

/** Identity with inference: keeps the literal id and types `create`'s settings from `settings`. */
export function defineProvider<const Id extends string, S = Record<string, never>, F extends RunningFake = RunningFake, O = never>(
  def: ProviderDefinition<Id, S, F, O>,
): ProviderDefinition<Id, S, F, O> {
  return def;
}
