import type { AzureClients } from './client.js';
import { azureError } from './errors.js';
import type { AzureRestriction, AzureUsage, AzureVmSku } from './schema.js';
import { looksLikeGpuSize } from './sizes.js';

/** Resource SKUs of one region (every page), reduced to VM sizes that carry GPUs or look like they do. */
export async function fetchVmSkus(c: AzureClients, region: string, signal: AbortSignal): Promise<{ skus: AzureVmSku[]; dropped: number }> {
  const skus: AzureVmSku[] = [];
  let dropped = 0;
  try {
    for await (const s of c.compute.resourceSkus.list({ filter: `location eq '${region}'`, abortSignal: signal })) {
      if (s.resourceType !== 'virtualMachines') continue;
      const caps = new Map((s.capabilities ?? []).map((x) => [x.name ?? '', x.value ?? '']));
      const gpus = caps.has('GPUs') ? Number(caps.get('GPUs')) : undefined;
      if (!s.name || (!(gpus! > 0) && !looksLikeGpuSize(s.name))) {
        if (!s.name) dropped++;
        continue;
      }
      // Locations may differ in case between items (azure.md §2.2).
      const here = (l: string | undefined) => l?.toLowerCase() === region;
      const info = (s.locationInfo ?? []).find((l) => here(l.location));
      const restrictions: AzureRestriction[] = (s.restrictions ?? [])
        .filter((r) => (r.restrictionInfo?.locations ?? r.values ?? []).some(here))
        .map((r) => ({
          type: r.type ?? 'Location',
          reasonCode: r.reasonCode ?? 'NotAvailableForSubscription',
          zones: r.restrictionInfo?.zones ?? [],
        }));
      skus.push({
        name: s.name,
        family: s.family ?? '',
        ...num('vcpus', caps.get('vCPUs')),
        ...num('memoryGb', caps.get('MemoryGB')),
        ...num('gpus', caps.get('GPUs')),
        spot: caps.get('LowPriorityCapable')?.toLowerCase() === 'true',
        zones: info?.zones ?? [],
        restrictions,
      });
    }
  } catch (err) {
    throw azureError(`resourceSkus.list ${region}`, err);
  }
  return { skus, dropped };
}

function num<K extends string>(key: K, v: string | undefined): Partial<Record<K, number>> {
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) && n > 0 ? ({ [key]: n } as Record<K, number>) : {};
}

/** The subscription's vCPU quotas in the region, per family plus `cores` and `lowPriorityCores`. */
export async function fetchUsages(c: AzureClients, region: string, signal: AbortSignal): Promise<AzureUsage[]> {
  const out: AzureUsage[] = [];
  try {
    for await (const u of c.compute.usage.list(region, { abortSignal: signal })) {
      if (u.name?.value && Number.isFinite(u.limit) && Number.isFinite(u.currentValue))
        out.push({ name: u.name.value, limit: Number(u.limit), currentValue: Number(u.currentValue) });
    }
  } catch (err) {
    throw azureError(`usage.list ${region}`, err);
  }
  return out;
}
