import type { ProviderConfig } from '../types.js';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { ComputeManagementClient } from '@azure/arm-compute';
import { getClient, type Client } from '@azure-rest/core-client';
import { ClientSecretCredential } from '@azure/identity';
import { Agent, type Dispatcher } from 'undici';
import type { AzureSettings } from './settings.js';
import { AdapterError } from '../../src/lib/adapter-error.js';

/** The SDK clients for one subscription, built from config and injected into the adapter. */
export interface AzureClients {
  subscription: string;
  credential: ClientSecretCredential;
  compute: ComputeManagementClient;
  /** Same pipeline (bearer token, TLS) for the Spot Placement Scores call arm-compute lacks. */
  arm: Client;
  /** For the public Retail Prices API; trusts GPU_RADAR_AZURE_CA_FILE when set. */
  dispatcher?: Dispatcher;
}

export interface AzureClientFactory {
  (): AzureClients;
  /** Drops the clients (and their cached tokens), e.g. after ARM refused a token. */
  reset(): void;
}

export const ARM_SCOPE = 'https://management.azure.com/.default';

// Built on first use, so a missing CA file fails a poll (shown on /v1/providers), not the boot.
export function azureClientFactory(cfg: ProviderConfig<AzureSettings>): AzureClientFactory {
  let clients: AzureClients | undefined;
  const factory = (() => (clients ??= buildClients(cfg))) as AzureClientFactory;
  factory.reset = () => (clients = undefined);
  return factory;
}

function buildClients(cfg: ProviderConfig<AzureSettings>): AzureClients {
  const s = cfg.settings;
  const c = cfg.credentials;
  const ca = extraCa(s.GPU_RADAR_AZURE_CA_FILE);
  // ARM throttling (429 + Retry-After) surfaces at once as rate_limit, so the provider's queue
  // waits it out instead of a poll sleeping inside the SDK past its own timeout.
  const pipeline = {
    ...(ca ? { tlsOptions: { ca } } : {}),
    retryOptions: { maxRetries: 0 },
    userAgentOptions: { userAgentPrefix: 'gpu-radar' },
  };
  const credential = new ClientSecretCredential(c.AZURE_TENANT_ID ?? '', c.AZURE_CLIENT_ID ?? '', c.AZURE_CLIENT_SECRET ?? '', {
    authorityHost: s.AZURE_AUTHORITY_HOST,
    // Otherwise MSAL asks login.microsoftonline.com about any other authority first (azure.md).
    disableInstanceDiscovery: true,
    ...(ca ? { tlsOptions: { ca } } : {}),
  });
  const subscription = c.AZURE_SUBSCRIPTION_ID ?? '';
  return {
    subscription,
    credential,
    compute: new ComputeManagementClient(credential, subscription, { endpoint: cfg.url, ...pipeline }),
    arm: getClient(cfg.url, credential, { credentials: { scopes: [ARM_SCOPE] }, ...pipeline }),
    ...(ca ? { dispatcher: new Agent({ connect: { ca } }) } : {}),
  };
}

/** The system's CAs plus the file's: passing `ca` replaces Node's defaults, which must stay. */
function extraCa(file: string | undefined): string[] | undefined {
  if (!file) return undefined;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AdapterError(
      'config',
      `GPU_RADAR_AZURE_CA_FILE: cannot read ${JSON.stringify(file)} (${(err as { code?: string }).code ?? 'unreadable'})`,
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new AdapterError('config', `GPU_RADAR_AZURE_CA_FILE: ${JSON.stringify(file)} holds no PEM certificate`);
  return [...rootCertificates, pem];
}
