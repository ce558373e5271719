import { join } from 'node:path';
import type { FakeWithFiles } from '../../fake-files.js';
import type { GcpFake } from './index.js';

// The env an operator sets to point gpu-radar at this fake: the tests' and the demo's, written once.

/** A GCP fake and the key file an operator would point GOOGLE_APPLICATION_CREDENTIALS at. */
export type GcpTestFake = FakeWithFiles<GcpFake, { keyFile: string }>;

/** The fake's files, written by withFakeFiles into a folder that closing removes. */
export const gcpFakeFiles = (f: GcpFake, dir: string) => ({ keyFile: f.writeCredentials(join(dir, 'service-account.json')) });

export const gcpFakeEnv = ({ fake: f, keyFile }: GcpTestFake): Record<string, string> => ({
  GOOGLE_APPLICATION_CREDENTIALS: keyFile,
  GCP_PROJECT_ID: f.project,
  GPU_RADAR_GCP_URL: f.url,
  GPU_RADAR_GCP_BILLING_URL: f.billingUrl,
  GPU_RADAR_GCP_REGIONS: f.regions().join(','),
});
