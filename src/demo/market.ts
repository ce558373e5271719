import { PROVIDERS } from '../../config/providers.js';
import type { DemoProvider } from '../../adapters/define.js';
import type { Logger } from '../lib/logger.js';

export interface DemoMarket {
  /** Environment that points every provider at its simulated counterpart. */
  env: Record<string, string>;
  providers: Record<string, DemoProvider>;
  close(): Promise<void>;
}

/**
 * The demo market: each provider's wire-format fake, started in-process on loopback and
 * driven by a scenario in which capacity comes and goes. Everything it logs says SIMULATED.
 */
export async function startDemoMarket(log: Logger, periodMs = 20_000): Promise<DemoMarket> {
  const providers: Record<string, DemoProvider> = {};
  // Every registered provider is part of the demo market, with its own scenario.
  for (const p of PROVIDERS) providers[p.id] = await p.demo();
  const mlog = log.child({ component: 'demo-market', simulated: true });
  let phase = 0;
  const advance = () => {
    for (const [id, p] of Object.entries(providers)) {
      const summary = p.setPhase(phase);
      mlog.info({ provider: id, phase: (phase % p.phases) + 1, of: p.phases, capacity: summary }, 'SIMULATED market changed');
    }
    phase++;
  };
  advance();
  const timer = setInterval(advance, periodMs);
  timer.unref();
  return {
    env: Object.assign({}, ...Object.values(providers).map((p) => p.env)),
    providers,
    async close() {
      clearInterval(timer);
      await Promise.all(Object.values(providers).map((p) => p.close()));
    },
  };
}
