import type { ProviderConfig } from '../types.js';
import type { GcpSettings } from './settings.js';
import { readFileSync } from 'node:fs';
import { AcceleratorTypesClient, MachineTypesClient, RegionsClient } from '@google-cloud/compute';
import { JWT } from 'google-auth-library';
import { AdapterError } from '../../src/lib/adapter-error.js';
import { serviceAccountSchema, type ServiceAccount } from './schema.js';

/** The Compute clients and the service account's auth client, built from config and injected. */
export interface GcpClients {
  project: string;
  auth: JWT;
  accelerators: AcceleratorTypesClient;
  machineTypes: MachineTypesClient;
  regions: RegionsClient;
}

export type GcpClientFactory = () => GcpClients;

/** google-auth-library's hard-coded token endpoint; the key file's `token_uri` replaces it. */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
// cloud-platform covers Compute and the Billing Catalog (compute.readonly does not cover billing).
const SCOPES = ['https://www.googleapis.com/auth/cloud-platform'];

// Built once, on first use, so a bad key file fails a poll (shown on /v1/providers) instead of the boot.
export function gcpClientFactory(cfg: ProviderConfig<GcpSettings>): GcpClientFactory {
  let clients: GcpClients | undefined;
  return () => (clients ??= buildClients(cfg));
}

function buildClients(cfg: ProviderConfig<GcpSettings>): GcpClients {
  const endpoint = new URL(cfg.url);
  if (endpoint.pathname !== '/' || endpoint.search) {
    throw new AdapterError(
      'config',
      `GPU_RADAR_GCP_URL: the Compute SDK takes an origin only (scheme, host, port), not ${endpoint.pathname}`,
    );
  }
  const project = cfg.credentials.GCP_PROJECT_ID ?? '';
  const key = readServiceAccount(cfg.credentials.GOOGLE_APPLICATION_CREDENTIALS ?? '');
  const auth = new JWT({
    email: key.client_email,
    key: key.private_key,
    keyId: key.private_key_id,
    scopes: SCOPES,
    transporterOptions: { timeout: cfg.timeoutMs },
  });
  redirectTokenExchange(auth, key.token_uri);
  const protocol = endpoint.protocol.slice(0, -1);
  const common = {
    authClient: auth,
    projectId: project,
    apiEndpoint: endpoint.hostname.replace(/^\[(.*)\]$/, '$1'),
    // The SDK puts `port` in the stub options, overriding a port in apiEndpoint (gcp.md §6).
    port: Number(endpoint.port || (protocol === 'http' ? 80 : 443)),
    protocol,
    fallback: true,
  };
  return {
    project,
    auth,
    accelerators: new AcceleratorTypesClient(common),
    machineTypes: new MachineTypesClient(common),
    regions: new RegionsClient(common),
  };
}

/** Reads and checks the key file; errors name the file, never its content. */
export function readServiceAccount(path: string): ServiceAccount {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'unreadable';
    throw new AdapterError('auth', `GOOGLE_APPLICATION_CREDENTIALS: cannot read ${JSON.stringify(path)} (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AdapterError('auth', `GOOGLE_APPLICATION_CREDENTIALS: ${JSON.stringify(path)} is not JSON`);
  }
  const parsed = serviceAccountSchema.safeParse(json);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || '(root)';
    throw new AdapterError('auth', `GOOGLE_APPLICATION_CREDENTIALS: ${JSON.stringify(path)} is not a service account key (bad ${field})`);
  }
  return parsed.data;
}

// google-auth-library always posts the JWT grant to Google's URL and ignores token_uri, so that
// one request is redirected here. gaxios 7 wants a URL object: a string breaks its error path.
function redirectTokenExchange(auth: JWT, tokenUri: string | undefined): void {
  if (!tokenUri || tokenUri === GOOGLE_TOKEN_URL) return;
  auth.transporter.interceptors.request.add({
    resolved: async (config) => {
      if (String(config.url) === GOOGLE_TOKEN_URL) config.url = new URL(tokenUri);
      return config;
    },
  });
}
