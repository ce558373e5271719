import type { GcpClients } from './client.js';
import { gcpError } from './errors.js';
import type { GcpQuota } from './schema.js';

export interface GcpRegionInfo {
  zones: string[];
  /** null when the region came back without quotas and a `quotaStatusWarning` saying why. */
  quotas: GcpQuota[] | null;
  dropped: number;
}

/** `regions.get`: the region's zones and this project's quotas in it. */
export async function fetchRegion(c: GcpClients, region: string, timeoutMs: number): Promise<GcpRegionInfo> {
  let r;
  try {
    [r] = await c.regions.get({ project: c.project, region }, { timeout: timeoutMs });
  } catch (err) {
    throw gcpError(`regions.get ${region}`, err);
  }
  const zones = (r.zones ?? []).map((z) => z.split('/').pop() ?? '').filter(Boolean);
  // An empty list is "no quotas" only when Google did not say it failed to read them.
  if (r.quotaStatusWarning?.code && !(r.quotas ?? []).length) return { zones, quotas: null, dropped: 0 };
  const quotas: GcpQuota[] = [];
  let dropped = 0;
  for (const q of r.quotas ?? []) {
    const limit = Number(q.limit);
    const usage = Number(q.usage ?? 0);
    if (!q.metric || !Number.isFinite(limit) || !Number.isFinite(usage)) dropped++;
    else quotas.push({ metric: q.metric, limit, usage });
  }
  return { zones, quotas, dropped };
}
