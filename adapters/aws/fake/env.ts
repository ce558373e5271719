import type { AwsFake } from './index.js';

// The env an operator sets to point gpu-radar at this fake: the tests' and the demo's, written once.

export const awsFakeEnv = (f: AwsFake): Record<string, string> => ({
  AWS_ACCESS_KEY_ID: f.accessKeyId,
  AWS_SECRET_ACCESS_KEY: f.secretAccessKey,
  AWS_ENDPOINT_URL_EC2: f.url,
  GPU_RADAR_AWS_PRICING_URL: f.pricingUrl,
  GPU_RADAR_AWS_REGIONS: f.regions().join(','),
});
