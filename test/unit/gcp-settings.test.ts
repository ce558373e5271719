import { describe, expect, it } from 'vitest';
import { createGcpAdapter } from '../../adapters/gcp/index.js';
import { ConfigError, loadConfig } from '../../config/env.js';
import { DEFAULT_GCP_REGIONS } from '../../adapters/gcp/settings.js';
import { createLogger } from '../../src/lib/logger.js';

describe('GCP settings', () => {
  it('is disabled without its credentials, naming both', () => {
    const gcp = loadConfig({ GPU_RADAR_PROVIDERS: 'gcp' }).providers.gcp;
    expect(gcp).toMatchObject({ enabled: false, disabledReason: 'no credentials: set GOOGLE_APPLICATION_CREDENTIALS, GCP_PROJECT_ID' });
    expect(gcp.url).toBe('https://compute.googleapis.com');
    expect(gcp.settings).toEqual({
      GPU_RADAR_GCP_REGIONS: [...DEFAULT_GCP_REGIONS],
      GPU_RADAR_GCP_BILLING_URL: 'https://cloudbilling.googleapis.com',
    });
  });

  it('reads the exact env names', () => {
    const gcp = loadConfig({
      GPU_RADAR_PROVIDERS: 'gcp',
      GOOGLE_APPLICATION_CREDENTIALS: '/run/secrets/gcp.json',
      GCP_PROJECT_ID: 'acme-gpu',
      GPU_RADAR_GCP_URL: 'http://127.0.0.1:8085/',
      GPU_RADAR_GCP_BILLING_URL: 'http://proxy.local/billing/',
      GPU_RADAR_GCP_REGIONS: ' us-central1 , europe-west4 ',
    }).providers.gcp;
    expect(gcp.enabled).toBe(true);
    expect(gcp.url).toBe('http://127.0.0.1:8085');
    expect(gcp.settings).toEqual({
      GPU_RADAR_GCP_REGIONS: ['us-central1', 'europe-west4'],
      GPU_RADAR_GCP_BILLING_URL: 'http://proxy.local/billing',
    });
  });

  it('rejects bad regions at boot, and a Compute URL with a path at the first poll (the SDK takes an origin)', async () => {
    expect(() => loadConfig({ GPU_RADAR_GCP_REGIONS: 'us-central1,Iowa' })).toThrow(/GPU_RADAR_GCP_REGIONS/);
    expect(() => loadConfig({ GPU_RADAR_GCP_BILLING_URL: 'ftp://x' })).toThrow(ConfigError);
    const cfg = loadConfig({
      GPU_RADAR_PROVIDERS: 'gcp',
      GOOGLE_APPLICATION_CREDENTIALS: '/dev/null',
      GCP_PROJECT_ID: 'p',
      GPU_RADAR_GCP_URL: 'http://127.0.0.1:1/proxy',
    }).providers.gcp;
    const poll = createGcpAdapter(cfg).fetchRaw('us-central1', { log: createLogger('silent'), signal: AbortSignal.timeout(5000) });
    await expect(poll).rejects.toMatchObject({ kind: 'config', message: expect.stringMatching(/^GPU_RADAR_GCP_URL: .* not \/proxy$/) });
  });
});
