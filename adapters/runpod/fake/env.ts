import type { RunpodFake } from './index.js';

// The env an operator sets to point gpu-radar at this fake: the tests' and the demo's, written once.

export const runpodFakeEnv = (f: RunpodFake): Record<string, string> => ({ RUNPOD_API_KEY: f.apiKey, GPU_RADAR_RUNPOD_URL: f.url });
