import { randomUUID } from 'node:crypto';
import type { FakePriceRow } from './data.js';

// The public Azure Retail Prices API (azure.md §5): `$filter` of `field eq 'value'` clauses
// joined by `and` (`priceType` filters the item field `type`), `$skip` paging through an
// absolute NextPageLink, PascalCase envelope and camelCase items.

export function retailItem(r: FakePriceRow): Record<string, unknown> {
  const short = r.size.replace(/^Standard_/, '').replace(/_/g, ' ');
  const meter = r.kind === 'spot' ? `${short} Spot` : r.kind === 'low-priority' ? `${short} Low Priority` : short;
  const product = `Virtual Machines ${short.replace(/^(\w+?)\d+/, '$1')} Series${r.kind === 'windows' ? ' Windows' : ''}`;
  return {
    currencyCode: 'USD',
    tierMinimumUnits: 0,
    retailPrice: r.usd,
    unitPrice: r.usd,
    armRegionName: r.region,
    location: r.region,
    effectiveStartDate: '2024-04-01T00:00:00Z',
    meterId: randomUUID(),
    meterName: meter,
    productId: 'DZH318Z08M9C',
    skuId: 'DZH318Z08M9C/00BT',
    productName: product,
    skuName: meter,
    serviceName: 'Virtual Machines',
    serviceId: 'DZH313Z7MMC8',
    serviceFamily: 'Compute',
    unitOfMeasure: '1 Hour',
    type: r.kind === 'devtest' ? 'DevTestConsumption' : 'Consumption',
    isPrimaryMeterRegion: true,
    armSkuName: r.size,
  };
}

const FIELD: Record<string, string> = { priceType: 'type' };

/** The items a `$filter` keeps; null for a filter this fake (and our adapter) does not speak. */
export function retailFilter(filter: string | null): ((item: Record<string, unknown>) => boolean) | null {
  if (!filter) return () => true;
  const clauses = filter.split(/\s+and\s+/i).map((c) => /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/.exec(c));
  if (clauses.some((c) => !c)) return null;
  return (item) => clauses.every((c) => item[FIELD[c![1]!] ?? c![1]!] === c![2]);
}

export function retailPage(origin: string, path: string, query: URLSearchParams, rows: FakePriceRow[], pageSize: number): [number, string] {
  const keep = retailFilter(query.get('$filter'));
  if (!keep) return [400, JSON.stringify({ Error: { Code: 'BadRequest', Message: 'Invalid OData parameters supplied' } })];
  const items = rows.map(retailItem).filter(keep);
  const skip = Number(query.get('$skip') ?? 0) || 0;
  const page = items.slice(skip, skip + pageSize);
  let next: string | null = null;
  if (skip + pageSize < items.length) {
    const q = new URLSearchParams(query);
    q.set('$skip', String(skip + pageSize));
    next = `${origin}${path}?${q.toString()}`;
  }
  return [
    200,
    JSON.stringify({
      BillingCurrency: 'USD',
      CustomerEntityId: 'Default',
      CustomerEntityType: 'Retail',
      Items: page,
      NextPageLink: next,
      Count: page.length,
    }),
  ];
}
