import type { VastFake } from './index.js';

// The env an operator sets to point gpu-radar at this fake: the tests' and the demo's, written once.

export const vastaiFakeEnv = (f: VastFake): Record<string, string> => ({
  VASTAI_API_KEY: f.apiKey,
  GPU_RADAR_VASTAI_URL: f.url,
  GPU_RADAR_VASTAI_REQUEST_GAP_MS: '0',
});
