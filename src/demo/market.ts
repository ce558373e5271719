import { startLambdaFake, type LambdaFake } from '../../adapters/lambda/fake.js';
import type { Logger } from '../lib/logger.js';
import { LAMBDA_PHASES } from './lambda-scenario.js';

export interface DemoMarket {
  /** Environment that points the providers at the simulated market. */
  env: Record<string, string>;
  lambda: LambdaFake;
  close(): Promise<void>;
}

/**
 * The demo market: each provider's wire-format fake, started in-process on loopback and
 * driven by a scenario in which capacity comes and goes. Everything it logs says SIMULATED.
 */
export async function startDemoMarket(log: Logger, periodMs = 20_000): Promise<DemoMarket> {
  const lambda = await startLambdaFake({ apiKey: 'demo-lambda-key' });
  const mlog = log.child({ component: 'demo-market', simulated: true });
  let phase = 0;
  const apply = () => {
    const wanted = LAMBDA_PHASES[phase % LAMBDA_PHASES.length]!;
    for (const name of new Set([...Object.keys(lambda.capacity()), ...Object.keys(wanted)])) lambda.setCapacity(name, wanted[name] ?? []);
    mlog.info({ provider: 'lambda', capacity: wanted }, `SIMULATED market, phase ${(phase % LAMBDA_PHASES.length) + 1}/${LAMBDA_PHASES.length}`);
    phase++;
  };
  apply();
  const timer = setInterval(apply, periodMs);
  timer.unref();
  return {
    env: { LAMBDA_API_KEY: lambda.apiKey, GPU_RADAR_LAMBDA_URL: lambda.url },
    lambda,
    async close() {
      clearInterval(timer);
      await lambda.close();
    },
  };
}
