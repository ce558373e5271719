// Every provider gpu-radar knows by name. Which of them have an adapter is the registry's
// business (adapters/registry.ts); a query may name any of these and gets a diagnostic.
export const PROVIDER_IDS = ['aws', 'gcp', 'azure', 'vastai', 'lambda', 'coreweave', 'runpod'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export function isProviderId(s: string): s is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(s);
}
