import { describe, expect, it } from 'vitest';
import { DEFAULT_AZURE_REGIONS } from '../../adapters/azure/settings.js';
import { ConfigError, loadConfig } from '../../config/env.js';

describe('Azure settings', () => {
  it('is disabled without the service principal, and defaults to the public endpoints', () => {
    const azure = loadConfig({ GPU_RADAR_PROVIDERS: 'azure' }).providers.azure;
    expect(azure).toMatchObject({
      enabled: false,
      disabledReason: 'no credentials: set AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_SUBSCRIPTION_ID',
    });
    expect(azure.url).toBe('https://management.azure.com');
    expect(azure.settings).toEqual({
      GPU_RADAR_AZURE_REGIONS: [...DEFAULT_AZURE_REGIONS],
      GPU_RADAR_AZURE_PRICES_URL: 'https://prices.azure.com',
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com',
      GPU_RADAR_AZURE_PLACEMENT_TARGETS: [8, 64],
    });
  });

  it('reads the exact env names, the secret kept among credentials', () => {
    const azure = loadConfig({
      GPU_RADAR_PROVIDERS: 'azure',
      AZURE_TENANT_ID: 't',
      AZURE_CLIENT_ID: 'c',
      AZURE_CLIENT_SECRET: 's',
      AZURE_SUBSCRIPTION_ID: 'sub',
      AZURE_AUTHORITY_HOST: 'https://login.example.test/',
      GPU_RADAR_AZURE_URL: 'https://arm.example.test',
      GPU_RADAR_AZURE_PRICES_URL: 'https://proxy.example.test/prices/',
      GPU_RADAR_AZURE_REGIONS: 'eastus, swedencentral',
      GPU_RADAR_AZURE_PLACEMENT_TARGETS: '8',
      GPU_RADAR_AZURE_CA_FILE: '/etc/ssl/azure-stack.pem',
    }).providers.azure;
    expect(azure.enabled).toBe(true);
    expect(azure.url).toBe('https://arm.example.test');
    expect(azure.settings).toEqual({
      GPU_RADAR_AZURE_REGIONS: ['eastus', 'swedencentral'],
      GPU_RADAR_AZURE_PRICES_URL: 'https://proxy.example.test/prices',
      AZURE_AUTHORITY_HOST: 'https://login.example.test',
      GPU_RADAR_AZURE_PLACEMENT_TARGETS: [8],
      GPU_RADAR_AZURE_CA_FILE: '/etc/ssl/azure-stack.pem',
    });
    expect(Object.keys(azure.credentials).sort()).toEqual([
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'AZURE_SUBSCRIPTION_ID',
      'AZURE_TENANT_ID',
    ]);
  });

  it('rejects bad regions and a plain-http authority at boot, naming the key', () => {
    expect(() => loadConfig({ GPU_RADAR_AZURE_REGIONS: 'eastus,East US' })).toThrow(/GPU_RADAR_AZURE_REGIONS/);
    expect(() => loadConfig({ AZURE_AUTHORITY_HOST: 'http://127.0.0.1:1' })).toThrow(/AZURE_AUTHORITY_HOST: expected an https URL/);
    expect(() => loadConfig({ GPU_RADAR_AZURE_PLACEMENT_TARGETS: 'many' })).toThrow(ConfigError);
  });
});
