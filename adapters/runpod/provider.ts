import { defineProvider } from '../define.js';
import { runpodFakeEnv } from './fake/env.js';
import type { RunpodFake, RunpodFakeOptions } from './fake/index.js';
import { runpodGpus } from './aliases.js';
import { RUNPOD_SETTINGS } from './settings.js';

export const runpod = defineProvider({
  id: 'runpod',
  name: 'RunPod',
  defaults: { url: 'https://api.runpod.io', intervalMs: 60_000, concurrency: 1, timeoutMs: 15_000 },
  credentials: ['RUNPOD_API_KEY'],
  settings: RUNPOD_SETTINGS,
  aliases: runpodGpus,
  create: async (cfg, deps) => (await import('./index.js')).createRunpodAdapter(cfg, deps),
  fake: {
    start: async (opts?: RunpodFakeOptions): Promise<RunpodFake> => (await import('./fake/index.js')).startRunpodFake(opts),
    env: runpodFakeEnv,
  },
  demo: async () => (await import('./demo.js')).startRunpodDemo(),
});
