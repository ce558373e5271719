import { join } from 'node:path';
import type { FakeWithFiles } from '../../fake-files.js';
import type { AzureFake } from './index.js';

// The env an operator sets to point gpu-radar at this fake: the tests' and the demo's, written once.

/** An Azure fake and its certificate as a PEM file, for GPU_RADAR_AZURE_CA_FILE. */
export type AzureTestFake = FakeWithFiles<AzureFake, { caFile: string }>;

/** The fake's files, written by withFakeFiles into a folder that closing removes. */
export const azureFakeFiles = (f: AzureFake, dir: string) => ({ caFile: f.writeCa(join(dir, 'ca.pem')) });

export const azureFakeEnv = ({ fake: f, caFile }: AzureTestFake): Record<string, string> => ({
  AZURE_TENANT_ID: f.tenant,
  AZURE_CLIENT_ID: f.clientId,
  AZURE_CLIENT_SECRET: f.clientSecret,
  AZURE_SUBSCRIPTION_ID: f.subscription,
  AZURE_AUTHORITY_HOST: f.authorityHost,
  GPU_RADAR_AZURE_URL: f.url,
  GPU_RADAR_AZURE_PRICES_URL: f.pricesUrl,
  GPU_RADAR_AZURE_REGIONS: f.regions().join(','),
  GPU_RADAR_AZURE_CA_FILE: caFile,
});
