import type { ProviderConfig } from '../types.js';
import { EC2Client } from '@aws-sdk/client-ec2';
import type { AwsSettings } from './settings.js';

/** Builds the EC2 client for one region; injected into the adapter so tests may pass their own. */
export type Ec2ClientFactory = (region: string) => EC2Client;

// One client per region (SigV4 scope and endpoint are per region), created once and reused.
// Credentials: static keys when config has them (env or *_FILE), else the SDK's default chain
// (profile, SSO, web identity, container and instance roles).
export function ec2ClientFactory(cfg: ProviderConfig<AwsSettings>): Ec2ClientFactory {
  const settings = cfg.settings;
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = cfg.credentials;
  const credentials =
    accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : undefined;
  const clients = new Map<string, EC2Client>();
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      client = new EC2Client({
        region,
        ...(settings.AWS_ENDPOINT_URL_EC2 ? { endpoint: settings.AWS_ENDPOINT_URL_EC2 } : {}),
        ...(credentials ? { credentials } : {}),
        retryMode: 'standard',
        maxAttempts: 3,
        requestHandler: { connectionTimeout: cfg.timeoutMs, requestTimeout: cfg.timeoutMs, throwOnRequestTimeout: true },
      });
      clients.set(region, client);
    }
    return client;
  };
}
