import { stockFor, type FakeCloud, type RunpodFakeGpu, type RunpodFakeStock } from './market.js';

// The RunPod fake's v2 catalog: items as `GET /v2/catalog/gpus` lists them, and the spec's
// parameter rules (shared/provider-apis/runpod.md).

/** The catalog item for a GPU type, with availability when asked for. */
export function catalogItem(g: RunpodFakeGpu, stock: RunpodFakeStock[], avail?: { count: number; cloud: FakeCloud; countries?: string[] }) {
  const { spot: _spot, ...item } = g; // spot prices are GraphQL-only
  if (!avail) return item;
  const { availability, dataCenters } = stockFor(stock, g.id, avail.cloud, avail.count, avail.countries);
  if (avail.countries && !dataCenters.length) return undefined;
  return {
    ...item,
    availability,
    ...(dataCenters.length ? { dataCenters } : {}),
    ...(g.manufacturer === 'NVIDIA'
      ? {
          cudaVersions: [
            { version: '12.8', available: availability !== 'NONE' },
            { version: '12.4', available: false },
          ],
        }
      : {}),
  };
}

// Parameter rules from the v2 spec; a string is the 400 (or 422) detail.
export function catalogParams(
  q: URLSearchParams,
): { count: number; cloud: FakeCloud; countries?: string[] } | undefined | [number, string] {
  const include = q.get('include');
  const product = q.get('product');
  if (include !== null && include !== 'AVAILABILITY') return [400, `include: unknown expansion ${JSON.stringify(include)}`];
  if (include && !product) return [400, 'product is required with include=AVAILABILITY'];
  for (const p of ['product', 'count', 'cloud', 'countryCodes'])
    if (!include && q.has(p)) return [400, `${p} is valid only with include=AVAILABILITY`];
  if (q.has('cudaVersions') && q.has('minCudaVersion')) return [400, 'cudaVersions and minCudaVersion are mutually exclusive'];
  if (!include) return undefined;
  if (!['POD', 'CLUSTER', 'SERVERLESS'].includes(product!)) return [400, `product: must be one of POD, CLUSTER, SERVERLESS`];
  const count = Number(q.get('count') ?? '1');
  if (!Number.isInteger(count) || count < 1) return [400, 'count: must be an integer >= 1'];
  const cloud = (q.get('cloud') ?? 'SECURE') as FakeCloud;
  if (cloud !== 'SECURE' && cloud !== 'COMMUNITY') return [400, 'cloud: must be SECURE or COMMUNITY'];
  const countries = q.get('countryCodes')?.split(',');
  if (countries?.some((c) => !/^[A-Z]{2}$/.test(c))) return [422, 'countryCodes: expected uppercase ISO-2 codes'];
  return { count, cloud, countries };
}
