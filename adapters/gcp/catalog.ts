import { LastGoodCache } from '../../src/lib/last-good-cache.js';
import type { GcpClients } from './client.js';
import { gcpError } from './errors.js';
import type { GcpAccelerator, GcpMachineType } from './schema.js';

/** The project's GPU catalog: every zone's accelerator types and GPU machine types. */
export interface GcpCatalog {
  accelerators: Record<string, GcpAccelerator[]>;
  machineTypes: Record<string, GcpMachineType[]>;
  /** Zone → items too malformed to use. */
  dropped: Record<string, number>;
}

// Machine families that bundle GPUs (gpu-catalog.md §3.2). The filter keeps the aggregated list
// to a few pages instead of every machine type of every zone; machine types whose `accelerators`
// come back empty are dropped all the same.
export const GPU_MACHINE_FILTER = "name eq '(a2|a3|a4|a4x|g2|g4)-.*'";
const PAGE_SIZE = 500;

interface CallOpts {
  timeoutMs: number;
  signal: AbortSignal;
}

/** Both aggregated lists, every page; a scope (`zones/x`) may come back on several pages. */
export async function fetchCatalog(c: GcpClients, o: CallOpts): Promise<GcpCatalog> {
  const out: GcpCatalog = { accelerators: {}, machineTypes: {}, dropped: {} };
  const call = { timeout: o.timeoutMs, autoPaginate: false };
  const base = { project: c.project, maxResults: PAGE_SIZE, returnPartialSuccess: true };
  try {
    for await (const [scope, list] of c.accelerators.aggregatedListAsync(base, call)) {
      o.signal.throwIfAborted();
      const zone = zoneOf(scope);
      if (!zone) continue;
      for (const t of list.acceleratorTypes ?? []) {
        if (!active(t.deprecated?.state)) continue;
        if (!t.name || !(Number(t.maximumCardsPerInstance) > 0)) {
          out.dropped[zone] = (out.dropped[zone] ?? 0) + 1;
          continue;
        }
        (out.accelerators[zone] ??= []).push({ name: t.name, maxCards: Number(t.maximumCardsPerInstance) });
      }
    }
  } catch (err) {
    throw gcpError('acceleratorTypes.aggregatedList', err);
  }
  try {
    for await (const [scope, list] of c.machineTypes.aggregatedListAsync({ ...base, filter: GPU_MACHINE_FILTER }, call)) {
      o.signal.throwIfAborted();
      const zone = zoneOf(scope);
      if (!zone) continue;
      for (const m of list.machineTypes ?? []) {
        if (!active(m.deprecated?.state)) continue;
        const accelerators = (m.accelerators ?? [])
          .filter((a) => a.guestAcceleratorType && Number(a.guestAcceleratorCount) > 0)
          .map((a) => ({ name: a.guestAcceleratorType!, count: Number(a.guestAcceleratorCount) }));
        if (!accelerators.length) continue;
        if (!m.name || !(Number(m.guestCpus) > 0) || !(Number(m.memoryMb) > 0)) {
          out.dropped[zone] = (out.dropped[zone] ?? 0) + 1;
          continue;
        }
        (out.machineTypes[zone] ??= []).push({ name: m.name, vcpus: Number(m.guestCpus), memoryMb: Number(m.memoryMb), accelerators });
      }
    }
  } catch (err) {
    throw gcpError('machineTypes.aggregatedList', err);
  }
  return out;
}

const zoneOf = (scope: string) => (scope.startsWith('zones/') ? scope.slice('zones/'.length) : undefined);
const active = (state: string | null | undefined) => !state || state === 'ACTIVE';

/**
 * One catalog for every region scope of a poll round: the aggregated lists are project-wide,
 * so they are fetched once per `ttlMs` (concurrent scopes share the request) and a failure is
 * never cached: it fails the polls that waited for it, and the next poll asks again.
 */
export class CatalogCache {
  private readonly cache: LastGoodCache<GcpCatalog>;

  constructor(ttlMs: number, load: (signal: AbortSignal) => Promise<GcpCatalog>) {
    this.cache = new LastGoodCache(load, { ttlMs });
  }

  async get(signal: AbortSignal): Promise<GcpCatalog> {
    const { value, error } = await this.cache.get(signal);
    if (error !== undefined || !value) throw error;
    return value;
  }
}
