import { azureGpus } from './aliases.js';
import type { AzureClients } from './client.js';
import { restResponseError, azureError } from './errors.js';
import { spotScoresSchema, type AzureScore, type AzureVmSku } from './schema.js';
import { sizeFacts } from './sizes.js';

export const SPOT_SCORES_API_VERSION = '2025-06-01';
const SIZES_PER_REQUEST = 5;

export interface ScoreTarget {
  size: string;
  gpusPerVm: number;
}

/**
 * The sizes worth a score: per GPU model, its largest spot-capable size not blocked for the
 * subscription. Smaller sizes of that GPU carry catalog or quota evidence only.
 */
export function sizesToScore(skus: AzureVmSku[]): ScoreTarget[] {
  const best = new Map<string, ScoreTarget>();
  for (const s of skus) {
    const facts = sizeFacts(s.name);
    if (facts?.kind !== 'gpu' || !s.spot || s.restrictions.some((r) => r.type === 'Location')) continue;
    const gpu = azureGpus.resolve(facts.series);
    const gpusPerVm = s.gpus ?? facts.gpus;
    if (!gpu || !gpusPerVm || !Number.isInteger(gpusPerVm)) continue;
    const prev = best.get(gpu.id);
    if (!prev || gpusPerVm > prev.gpusPerVm) best.set(gpu.id, { size: s.name, gpusPerVm });
  }
  return [...best.values()].sort((a, b) => a.size.localeCompare(b.size));
}

/** Spot Placement Scores for each target GPU count (as VMs of each size), at most 5 sizes per call. */
export async function fetchSpotScores(
  c: AzureClients,
  region: string,
  sizes: ScoreTarget[],
  targets: number[],
  signal: AbortSignal,
): Promise<AzureScore[]> {
  const out: AzureScore[] = [];
  const where = `placementScores.spot.generate ${region}`;
  for (const target of targets) {
    // One call per VM count: sizes needing the same count for this target go together.
    const byCount = new Map<number, string[]>();
    for (const s of sizes) {
      const n = Math.ceil(target / s.gpusPerVm);
      byCount.set(n, [...(byCount.get(n) ?? []), s.size]);
    }
    for (const [instances, names] of byCount) {
      for (let i = 0; i < names.length; i += SIZES_PER_REQUEST) {
        const chunk = names.slice(i, i + SIZES_PER_REQUEST);
        const body = {
          desiredLocations: [region],
          desiredSizes: chunk.map((sku) => ({ sku })),
          desiredCount: instances,
          availabilityZones: false,
        };
        let res;
        try {
          res = await c.arm
            .path(
              '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/placementScores/spot/generate',
              c.subscription,
              region,
            )
            .post({ queryParameters: { 'api-version': SPOT_SCORES_API_VERSION }, body, abortSignal: signal });
        } catch (err) {
          throw azureError(where, err);
        }
        if (res.status !== '200') throw restResponseError(where, Number(res.status), res.body, res.headers['retry-after']);
        const parsed = spotScoresSchema.safeParse(res.body);
        if (!parsed.success)
          throw azureError(where, { name: 'ParseError', statusCode: 200, message: 'unexpected Spot Placement Scores response' });
        for (const p of parsed.data.placementScores) {
          if (p.region.toLowerCase() === region && chunk.includes(p.sku))
            out.push({ size: p.sku, targetGpus: target, instances, score: p.score });
        }
      }
    }
  }
  return out;
}
