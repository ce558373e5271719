import type { Reply } from '../../fake-kit/server.js';
import { pageOffset } from './compute.js';
import type { FakeSku } from './data.js';

// The Cloud Billing Catalog's SKU list for Compute Engine (gcp.md §5): pageToken/pageSize paging,
// tiered rates as proto3 JSON (units + nanos), geoTaxonomy.

export const BILLING_SKUS_PATH = '/v1/services/6F81-5844-456A/skus';

export function billingPage(skus: FakeSku[], q: URLSearchParams): Reply {
  const offset = pageOffset(q.get('pageToken')) ?? 0;
  const size = Math.min(Number(q.get('pageSize') || 5000), 5000);
  const page = skus.slice(offset, offset + size).map((s, i) => skuJson(s, offset + i));
  const next = offset + size < skus.length ? Buffer.from(`offset:${offset + size}`).toString('base64url') : '';
  return { status: 200, body: JSON.stringify({ skus: page, nextPageToken: next }) };
}

function skuJson(s: FakeSku, i: number): Record<string, unknown> {
  const id = `${(0xa000 + i).toString(16).toUpperCase()}-FAKE-${String(i).padStart(4, '0')}`;
  const units = Math.floor(s.usd);
  return {
    name: `services/6F81-5844-456A/skus/${id}`,
    skuId: id,
    description: s.description,
    category: { serviceDisplayName: 'Compute Engine', resourceFamily: 'Compute', resourceGroup: s.resourceGroup, usageType: s.usageType },
    serviceRegions: s.regions,
    pricingInfo: [
      {
        summary: '',
        pricingExpression: {
          usageUnit: s.unit,
          displayQuantity: 1,
          // proto3 JSON omits a zero startUsageAmount.
          tieredRates: [{ unitPrice: { currencyCode: 'USD', units: String(units), nanos: Math.round((s.usd - units) * 1e9) } }],
          usageUnitDescription: s.unit === 'h' ? 'hour' : 'gibibyte hour',
          baseUnit: s.unit === 'h' ? 's' : 'By.s',
          baseUnitDescription: s.unit === 'h' ? 'second' : 'byte second',
          baseUnitConversionFactor: s.unit === 'h' ? 3600 : 3865470566400,
        },
        currencyConversionRate: 1,
        effectiveTime: '2025-01-10T20:14:53.401Z',
      },
    ],
    serviceProviderName: 'Google',
    geoTaxonomy: { type: s.regions.length > 1 ? 'MULTI_REGIONAL' : 'REGIONAL', regions: s.regions },
  };
}
