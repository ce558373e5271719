import { defineProvider } from '../define.js';
import { coreweaveFakeEnv, coreweaveFakeFiles, type CoreweaveTestFake } from './fake/env.js';
import { withFakeFiles } from '../fake-files.js';
import type { KubeFakeOptions } from './fake/index.js';
import { coreweaveGpus } from './aliases.js';
import { COREWEAVE_REQUIRES_ENV, COREWEAVE_SETTINGS } from './settings.js';

export const coreweave = defineProvider({
  id: 'coreweave',
  name: 'CoreWeave',
  // No URL: the kubeconfig (or the in-cluster env) names the API server.
  defaults: { intervalMs: 60_000, concurrency: 1, timeoutMs: 20_000 },
  credentials: [],
  requiresEnv: COREWEAVE_REQUIRES_ENV,
  settings: COREWEAVE_SETTINGS,
  aliases: coreweaveGpus,
  create: async (cfg, deps) => (await import('./index.js')).createCoreweaveAdapter(cfg, deps),
  fake: {
    start: async (opts?: KubeFakeOptions): Promise<CoreweaveTestFake> =>
      withFakeFiles(await (await import('./fake/index.js')).startKubeFake(opts), coreweaveFakeFiles),
    env: coreweaveFakeEnv,
  },
  demo: async () => (await import('./demo.js')).startCoreweaveDemo(),
});
