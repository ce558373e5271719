import { request } from 'undici';
import type { CapacityAnswer } from '../services/capacity.js';
import type { Placement } from '../services/placement.js';

const USAGE =
  'usage: gpu-radar find <N>x<GPU> [--json] [--watch] [--every 5] [--url http://host:8080] ' +
  '[--provider lambda] [--region us-*] [--market spot] [--maxPricePerGpuHour 4] ...';

export interface FindIo {
  write?: (text: string) => void;
  /** Ends `--watch`; the CLI leaves it unset and stops on Ctrl-C. */
  signal?: AbortSignal;
}

type Outcome = { ok: true; text: string } | { ok: false; message: string };

/** `gpu-radar find 8xH100`: asks a running API and prints a table (or the JSON); `--watch` re-prints it every few seconds. */
export async function find(args: string[], env: NodeJS.ProcessEnv, io: FindIo = {}): Promise<number> {
  const write = io.write ?? ((text: string) => process.stdout.write(text));
  const [what, ...rest] = args;
  const m = /^(?:(\d+)\s*[x×])?\s*(.+)$/i.exec(what ?? '');
  if (!what || !m) return fail(USAGE);
  const params = new URLSearchParams({ gpu: m[2]!, count: m[1] ?? '1' });
  let json = false;
  let watch = false;
  let everyS = 5;
  let base = env.GPU_RADAR_URL ?? `http://127.0.0.1:${env.PORT || 8080}`;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    if (flag === '--json') json = true;
    else if (flag === '--watch') watch = true;
    else if (flag === '--every' && Number(rest[i + 1]) >= 0.1) everyS = Number(rest[++i]);
    else if (flag === '--every') return fail(`--every: seconds between refreshes, at least 0.1\n${USAGE}`);
    else if (flag === '--url') base = rest[++i] ?? base;
    else if (flag.startsWith('--') && rest[i + 1] !== undefined) params.set(flag.slice(2), rest[++i]!);
    else return fail(`unexpected argument ${flag}\n${USAGE}`);
  }
  const url = `${base.replace(/\/+$/, '')}/v1/capacity?${params}`;
  const ask = async (): Promise<Outcome> => {
    let res;
    try {
      res = await request(url, {
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
        headers: env.GPU_RADAR_API_KEY ? { authorization: `Bearer ${env.GPU_RADAR_API_KEY}` } : {},
      });
    } catch (err) {
      return { ok: false, message: `cannot reach gpu-radar at ${base} (${(err as Error).message}); is it running? (npm start, or --url)` };
    }
    const body = (await res.body.json()) as CapacityAnswer & { detail?: string };
    if (res.statusCode === 401)
      return { ok: false, message: `gpu-radar: ${body.detail ?? 'HTTP 401'} (set GPU_RADAR_API_KEY to a key with the read scope)` };
    if (res.statusCode !== 200) return { ok: false, message: `gpu-radar: ${body.detail ?? `HTTP ${res.statusCode}`}` };
    return { ok: true, text: json ? JSON.stringify(body, null, 2) : table(body) };
  };

  if (!watch) {
    const r = await ask();
    if (!r.ok) return fail(r.message);
    write(`${r.text}\n`);
    return 0;
  }
  // Watching survives a failed request: it says so and tries again at the next tick.
  const clear = io.write === undefined && process.stdout.isTTY ? '\x1b[2J\x1b[H' : '';
  while (!io.signal?.aborted) {
    const r = await ask();
    const stamp = `${new Date().toLocaleTimeString()} · every ${everyS}s · Ctrl-C to stop`;
    write(`${clear}${r.ok ? r.text : r.message}\n${stamp}\n\n`);
    await sleep(everyS * 1000, io.signal);
  }
  return 0;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

function table(a: CapacityAnswer): string {
  const head = `${a.query.count} × ${a.query.gpu}: ${a.total} placement(s)`;
  if (!a.placements.length) {
    const d = a.diagnostics;
    const lines = [head, d ? `why: ${d.message}` : ''];
    for (const p of d?.providers ?? [])
      lines.push(`  ${p.provider}${p.scope ? `/${p.scope}` : ''}: ${p.state}${p.reason ? ` (${p.reason})` : ''}`);
    return lines.filter(Boolean).join('\n');
  }
  const now = Date.parse(a.generatedAt);
  const rows = a.placements.map((p: Placement) => [
    p.availability.status + (p.stale ? ' (stale)' : ''),
    p.provider,
    p.zone ?? p.region,
    `${p.instances} × ${p.instanceType}`,
    `${p.gpu.id} ${p.gpu.memoryGiB}GiB`,
    p.market,
    p.price.perGpuHourUsd === null ? '-' : `$${p.price.perGpuHourUsd.toFixed(2)}`,
    p.price.perHourUsd === null ? '-' : `$${p.price.perHourUsd.toFixed(2)}`,
    `${p.availability.signal}: ${p.availability.source}`,
    `${Math.max(0, Math.round((now - Date.parse(p.observedAt)) / 1000))}s`,
  ]);
  const header = ['STATUS', 'PROVIDER', 'WHERE', 'INSTANCES', 'GPU', 'MARKET', '$/GPU-H', '$/H TOTAL', 'EVIDENCE', 'AGE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [head, '', fmt(header), ...rows.map(fmt)].join('\n');
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
