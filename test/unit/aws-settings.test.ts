import { describe, expect, it } from 'vitest';
import { DEFAULT_AWS_REGIONS } from '../../adapters/aws/settings.js';
import { ConfigError, loadConfig } from '../../config/env.js';

describe('AWS settings', () => {
  it('defaults to the GPU regions, targets 8 and 64, and the public price list; needs no credential to be enabled', () => {
    const aws = loadConfig({ GPU_RADAR_PROVIDERS: 'aws' }).providers.aws;
    expect(aws.enabled).toBe(true);
    expect(aws.settings).toEqual({
      GPU_RADAR_AWS_REGIONS: [...DEFAULT_AWS_REGIONS],
      GPU_RADAR_AWS_PLACEMENT_TARGETS: [8, 64],
      GPU_RADAR_AWS_PRICING_URL: 'https://pricing.us-east-1.amazonaws.com',
    });
    expect(aws.credentials).toEqual({});
  });

  it('reads the exact env names, and the SDK variables it passes on', () => {
    const aws = loadConfig({
      GPU_RADAR_PROVIDERS: 'aws',
      GPU_RADAR_AWS_REGIONS: ' us-west-2 , eu-north-1 ',
      GPU_RADAR_AWS_PLACEMENT_TARGETS: '16',
      GPU_RADAR_AWS_PRICING_URL: 'http://mirror.local/aws/',
      AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:4010',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
    }).providers.aws;
    expect(aws.settings).toEqual({
      GPU_RADAR_AWS_REGIONS: ['us-west-2', 'eu-north-1'],
      GPU_RADAR_AWS_PLACEMENT_TARGETS: [16],
      GPU_RADAR_AWS_PRICING_URL: 'http://mirror.local/aws',
      AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:4010',
    });
    expect(Object.keys(aws.credentials).sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  });

  it('rejects bad regions and targets at boot, naming the key', () => {
    expect(() => loadConfig({ GPU_RADAR_AWS_REGIONS: 'us-east-1,Virginia' })).toThrow(/GPU_RADAR_AWS_REGIONS/);
    expect(() => loadConfig({ GPU_RADAR_AWS_PLACEMENT_TARGETS: '8,lots' })).toThrow(ConfigError);
    expect(() => loadConfig({ GPU_RADAR_AWS_PRICING_URL: 'ftp://x' })).toThrow(/GPU_RADAR_AWS_PRICING_URL/);
  });
});
