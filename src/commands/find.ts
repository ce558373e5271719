import { request } from 'undici';
import type { CapacityAnswer } from '../services/capacity.js';
import type { Placement } from '../services/placement.js';

const USAGE = 'usage: gpu-radar find <N>x<GPU> [--json] [--url http://host:8080] [--provider lambda] [--region us-*] [--market spot] [--maxPricePerGpuHour 4] ...';

/** `gpu-radar find 8xH100`: asks a running API and prints a table (or the JSON). */
export async function find(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [what, ...rest] = args;
  const m = /^(?:(\d+)\s*[x×])?\s*(.+)$/i.exec(what ?? '');
  if (!what || !m) return fail(USAGE);
  const params = new URLSearchParams({ gpu: m[2]!, count: m[1] ?? '1' });
  let json = false;
  let base = env.GPU_RADAR_URL ?? `http://127.0.0.1:${env.PORT || 8080}`;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    if (flag === '--json') json = true;
    else if (flag === '--url') base = rest[++i] ?? base;
    else if (flag.startsWith('--') && rest[i + 1] !== undefined) params.set(flag.slice(2), rest[++i]!);
    else return fail(`unexpected argument ${flag}\n${USAGE}`);
  }
  let res;
  try {
    res = await request(`${base.replace(/\/+$/, '')}/v1/capacity?${params}`, { headersTimeout: 10_000, bodyTimeout: 10_000 });
  } catch (err) {
    return fail(`cannot reach gpu-radar at ${base} (${(err as Error).message}); is it running? (npm start, or --url)`);
  }
  const body = (await res.body.json()) as CapacityAnswer & { detail?: string };
  if (res.statusCode !== 200) return fail(`gpu-radar: ${body.detail ?? `HTTP ${res.statusCode}`}`);
  if (json) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${table(body)}\n`);
  return 0;
}

function table(a: CapacityAnswer): string {
  const head = `${a.query.count} × ${a.query.gpu}: ${a.total} placement(s)`;
  if (!a.placements.length) {
    const d = a.diagnostics;
    const lines = [head, d ? `why: ${d.message}` : ''];
    for (const p of d?.providers ?? []) lines.push(`  ${p.provider}${p.scope ? `/${p.scope}` : ''}: ${p.state}${p.reason ? ` (${p.reason})` : ''}`);
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
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [head, '', fmt(header), ...rows.map(fmt)].join('\n');
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
