import { Redis } from 'ioredis';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { deletePrefix } from '../src/store/delete-prefix.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One line of bench/RESULTS.md: a figure measured in this run, beside its target. */
export interface ResultRow {
  what: string;
  figure: string;
  target: string;
  /** undefined when the row has no target (a baseline or an extra figure). */
  ok?: boolean;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let redis = 'unknown';
  try {
    redis = execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).split(' ')[2] ?? redis;
  } catch {
    /* not on PATH */
  }
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, Redis ${redis}`;
}

/** A Redis connection and a key prefix of this run's own; `drop` deletes only those keys. */
export async function benchRedis(name: string): Promise<{ redis: Redis; prefix: string; drop(): Promise<void> }> {
  const prefix = `{gr-bench-${name}-${randomUUID().slice(0, 6)}}:`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  return {
    redis,
    prefix,
    async drop() {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    },
  };
}

export function printRows(title: string, rows: ResultRow[]): void {
  console.log(`\n## ${title}`);
  for (const r of rows)
    console.log(`  ${r.ok === undefined ? ' ' : r.ok ? '✓' : '✗'} ${r.what}: ${r.figure}${r.target ? `  (target ${r.target})` : ''}`);
}

/** True when run as `tsx bench/<name>.ts` rather than imported by bench/run.ts. */
export const isMain = (url: string) => process.argv[1] !== undefined && url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'));
