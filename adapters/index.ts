import type { ProviderDefinition, RunningFake } from './define.js';
import * as registered from './registry.js';

type Registered = (typeof registered)[keyof typeof registered];

/** A registered provider's id, e.g. `lambda`. */
export type ProviderId = Registered['id'];

/** Any registered provider, with its settings and fake types erased. */
export type AnyProvider = ProviderDefinition<ProviderId, unknown, RunningFake, never>;

/** Every registered provider, ordered by id (a module namespace lists its names sorted). */
export const PROVIDERS: readonly AnyProvider[] = Object.values(registered as Record<string, AnyProvider>);

export const PROVIDER_IDS: readonly ProviderId[] = PROVIDERS.map((p) => p.id);

export function providerById(id: string): AnyProvider | undefined {
  return PROVIDERS.find((p) => p.id === id);
}

/** Each provider's config by id, its settings typed by its definition. */
export type ProviderConfigs = { [P in Registered as P['id']]: Parameters<P['create']>[0] };
