import closeWithGrace from 'close-with-grace';
import type { Config } from '../../config/env.js';
import type { WorkersOptions } from '../../workers/index.js';
import type { Logger } from '../lib/logger.js';

export type Role = 'start' | 'serve' | 'worker';

/** Runs the API, the workers and scheduler, or both, until SIGINT/SIGTERM. */
export async function run(
  role: Role,
  config: Config,
  log: Logger,
  opts: WorkersOptions & { onClose?: () => Promise<void> } = {},
): Promise<void> {
  const closers: (() => Promise<void>)[] = [];
  if (opts.onClose) closers.push(opts.onClose);
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'shutting down after an error');
    else log.info({ signal }, 'shutting down');
    for (const close of closers.reverse()) await close().catch((e) => log.error({ err: e }, 'close failed'));
  });
  // Imported by role: an API replica never loads the provider SDKs the workers need.
  if (role !== 'serve') {
    const { startWorkers } = await import('../../workers/index.js');
    const workers = await startWorkers(config, log, opts);
    closers.push(workers.close);
  }
  if (role !== 'worker') {
    const { startApi } = await import('../server.js');
    const api = await startApi(config, log);
    closers.push(api.close);
    log.info(`try: curl '${api.url}/v1/capacity?gpu=H100&count=8'`);
  }
}
