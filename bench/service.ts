import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { REDIS_URL } from './lib.js';

// Runs gpu-radar (or the hello-world baseline) as its own process, as in production, so that
// its latency, throughput and memory are its own and not the benchmark's.

export interface Service {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The compiled CLI when `npm run build` has run, else the TypeScript sources through tsx. */
export function cliCommand(): { cmd: string; args: string[]; compiled: boolean } {
  return existsSync('dist/src/cli.js')
    ? { cmd: process.execPath, args: ['dist/src/cli.js'], compiled: true }
    : { cmd: process.execPath, args: ['--import', 'tsx', 'src/cli.ts'], compiled: false }; // one process, so its RSS is the service's
}

export async function startProcess(cmd: string, args: string[], env: Record<string, string>, ready: string): Promise<Service> {
  const port = await freePort();
  const child: ChildProcess = spawn(cmd, args, {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${cmd} ${args.join(' ')} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}${ready}`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) throw new Error(`${cmd} did not answer ${ready} within 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** gpu-radar's environment for polling one Lambda fake, on this run's key prefix. */
export const lambdaFakeEnv = (fake: { url: string; apiKey: string }, prefix: string, intervalMs: number): Record<string, string> => ({
  REDIS_URL,
  GPU_RADAR_REDIS_PREFIX: prefix,
  GPU_RADAR_PROVIDERS: 'lambda',
  LAMBDA_API_KEY: fake.apiKey,
  GPU_RADAR_LAMBDA_URL: fake.url,
  GPU_RADAR_LAMBDA_INTERVAL_MS: String(intervalMs),
});

export function startGpuRadar(role: 'serve' | 'start', env: Record<string, string>): Promise<Service> {
  const { cmd, args } = cliCommand();
  return startProcess(cmd, [...args, role], env, '/healthz');
}

/** Resident set size of a process, in MiB, from /proc. */
export async function rssMiB(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}
