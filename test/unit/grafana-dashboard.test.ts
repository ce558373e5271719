import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRIC_LABELS } from '../../src/services/metrics.js';

const dashboard = JSON.parse(readFileSync('dashboards/grafana-gpu-radar.json', 'utf8'));
const exprs: string[] = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
const documented = new Map<string, readonly string[]>(Object.entries(METRIC_LABELS));

// The dashboard in the repo must read only metrics and labels that /metrics exports.
describe('Grafana dashboard', () => {
  it('queries only exported metrics, by documented labels', () => {
    expect(exprs.length).toBeGreaterThan(10);
    for (const expr of exprs) {
      const names = [...expr.matchAll(/\b(gpu_radar_\w+)/g)].map((m) => m[1]!);
      expect(names.length, expr).toBeGreaterThan(0);
      const labels = new Set(names.flatMap((n) => documented.get(n) ?? []));
      for (const n of names) expect(documented.has(n), `${n} in ${expr}`).toBe(true);
      for (const [, list] of expr.matchAll(/\bby \(([^)]*)\)/g))
        for (const l of list!.split(',')) expect(labels.has(l.trim()), `${l} in ${expr}`).toBe(true);
      for (const [, l] of expr.matchAll(/(\w+)=~?"/g)) expect(labels.has(l!), `${l} in ${expr}`).toBe(true);
    }
  });

  it('has a Prometheus datasource variable and gpu, provider, market filters', () => {
    expect(dashboard.templating.list.map((v: any) => v.name)).toEqual(['datasource', 'gpu', 'provider', 'market']);
    expect(dashboard.uid).toBe('gpu-radar');
  });
});
