import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { benchAlertLatency } from './alert-latency.js';
import { benchAlerts } from './alerts.js';
import { benchFreshness } from './freshness.js';
import { benchIngest } from './ingest.js';
import { machine, printRows, type ResultRow } from './lib.js';
import { benchMemory } from './memory.js';
import { benchQuery } from './query.js';

// `npm run bench`: every benchmark, one after the other on a quiet machine, then
// bench/RESULTS.md with each figure beside its target (DESIGN section 8).

const started = Date.now();
try {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
} catch {
  console.warn('build failed: the API runs through tsx instead, so its figures include tsx');
}

const sections: [string, () => Promise<ResultRow[]>][] = [
  ['Ingestion', () => benchIngest()],
  ['Queries', () => benchQuery()],
  ['Freshness', () => benchFreshness()],
  ['Memory', () => benchMemory()],
  ['Alerts', () => benchAlerts()],
  ['Alert latency, end to end', () => benchAlertLatency()],
  ['AWS price list', async () => [awsPriceFile()]],
];
const results: [string, ResultRow[]][] = [];
for (const [title, run] of sections) {
  const rows = await run();
  printRows(title, rows);
  results.push([title, rows]);
}

/** Its own process, so that the peak RSS measured is the parser's alone. */
function awsPriceFile(): ResultRow {
  let out = '';
  try {
    out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/aws-price-file.ts', '500', '300'], { encoding: 'utf8' });
  } catch (err) {
    out = String((err as { stdout?: string }).stdout ?? '');
  }
  const peak = Number(/peak RSS ([\d.]+) MB/.exec(out)?.[1] ?? NaN);
  return {
    what: 'parse a synthetic 500 MB AWS regional price file (streamed), peak RSS',
    figure: out.trim() || 'did not run',
    target: '≤ 300 MB',
    ok: peak <= 300,
  };
}

const lines = [
  '# gpu-radar benchmark results',
  '',
  `- Date: ${new Date().toISOString()}`,
  `- Machine: ${machine()}`,
  `- Duration: ${Math.round((Date.now() - started) / 1000)} s (\`npm run bench\`)`,
  '',
  'Each figure comes from one run, beside a baseline measured in the same run where there is one.',
  'Latencies from autocannon have a resolution of 1 ms.',
  '',
  '| | what | measured | target |',
  '|---|---|---|---|',
];
for (const [title, rows] of results) {
  lines.push(`| | **${title}** | | |`);
  for (const r of rows) lines.push(`| ${r.ok === undefined ? '' : r.ok ? '✓' : '✗'} | ${r.what} | ${r.figure} | ${r.target} |`);
}
writeFileSync('bench/RESULTS.md', `${lines.join('\n')}\n`);
console.log(`\nwrote bench/RESULTS.md in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(0);
