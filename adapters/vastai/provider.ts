import { defineProvider } from '../define.js';
import { vastaiFakeEnv } from './fake/env.js';
import type { VastFake, VastFakeOptions } from './fake/index.js';
import { vastaiGpus } from './aliases.js';
import { VASTAI_SETTINGS } from './settings.js';

export const vastai = defineProvider({
  id: 'vastai',
  name: 'Vast.ai',
  // Searches are paced 6 s apart (about 10 per minute per IP): a dozen GPU scopes fit in 2 min.
  defaults: { url: 'https://console.vast.ai', intervalMs: 120_000, concurrency: 1, timeoutMs: 30_000 },
  credentials: [],
  optionalCredentials: ['VASTAI_API_KEY'],
  settings: VASTAI_SETTINGS,
  aliases: vastaiGpus,
  create: async (cfg, deps) => (await import('./index.js')).createVastaiAdapter(cfg, deps),
  fake: {
    start: async (opts?: VastFakeOptions): Promise<VastFake> => (await import('./fake/index.js')).startVastFake(opts),
    // The fake does not pace searches, so neither need the adapter.
    env: vastaiFakeEnv,
  },
  demo: async () => (await import('./demo.js')).startVastaiDemo(),
});
