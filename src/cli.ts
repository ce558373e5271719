#!/usr/bin/env node
// Commands are imported when chosen, so each role loads only what it runs.
import { ConfigError, loadConfig } from '../config/env.js';
import { createLogger } from './lib/logger.js';

const HELP = `gpu-radar: where can I get N GPUs of a given model right now, and at what price

  gpu-radar start               API, workers and scheduler in one process
  gpu-radar serve               API only (scale out behind a load balancer)
  gpu-radar worker              workers and scheduler only
  gpu-radar demo                start, plus a simulated market (no credentials needed)
  gpu-radar find 8xH100 [--json] [--watch] [--url URL] [--provider P] [--region GLOB] ...
  gpu-radar keys create --name NAME --scopes read,alerts:write,observations:write,admin
  gpu-radar keys list | keys revoke ID

Configuration comes from the environment; see README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'start':
      case 'serve':
      case 'worker': {
        const config = loadConfig(process.env);
        const { run } = await import('./commands/run.js');
        await run(command, config, createLogger(config.logLevel));
        return -1;
      }
      case 'demo':
        await (await import('./commands/demo.js')).demo(process.env);
        return -1;
      case 'find':
        return await (await import('./commands/find.js')).find(args, process.env);
      case 'keys':
        return await (await import('./commands/keys.js')).keysCommand(args, process.env);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${HELP}\n`);
        return 0;
      default:
        process.stderr.write(`unknown command ${command}\n\n${HELP}\n`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

// -1 means "keep running": servers and workers end on a signal, not here.
const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
