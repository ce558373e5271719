import { createHash } from 'node:crypto';

// The public bulk price list as AWS serves it (reference §8): a region index keyed by region
// code, and per-region offer files with products keyed by SKU and terms keyed by SKU, then
// `{sku}.{offerTermCode}`, then `{sku}.{offerTermCode}.{rateCode}`; pretty-printed with " : ".

const ON_DEMAND_TERM = 'JRTCKXETXF';
const HOURLY_RATE = '6YS6EN2CT7';
const RESERVED_TERM = '4NA7Y494T4';

export function regionIndexJson(versions: Record<string, string>, publicationDate: string): string {
  const regions = Object.fromEntries(
    Object.entries(versions).map(([r, v]) => [r, { regionCode: r, currentVersionUrl: offerFilePath(r, v) }]),
  );
  return pretty({ formatVersion: 'v1.0', disclaimer: 'This pricing list is for informational purposes only.', publicationDate, regions });
}

export const offerFilePath = (region: string, version: string) => `/offers/v1.0/aws/AmazonEC2/${version}/${region}/index.json`;

const sku = (...parts: string[]) => createHash('sha1').update(parts.join('|')).digest('hex').slice(0, 16).toUpperCase();

interface Variant {
  os: string;
  tenancy: string;
  preInstalledSw: string;
  capacitystatus: string;
  licenseModel: string;
  factor: number;
}

// The one SKU the adapter wants, and the look-alikes it must not pick.
const VARIANTS: Variant[] = [
  { os: 'Linux', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used', licenseModel: 'No License required', factor: 1 },
  { os: 'Windows', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used', licenseModel: 'License Included', factor: 1.18 },
  { os: 'Linux', tenancy: 'Dedicated', preInstalledSw: 'NA', capacitystatus: 'Used', licenseModel: 'No License required', factor: 1.1 },
  {
    os: 'Linux',
    tenancy: 'Shared',
    preInstalledSw: 'NA',
    capacitystatus: 'UnusedCapacityReservation',
    licenseModel: 'No License required',
    factor: 0.99,
  },
  { os: 'Linux', tenancy: 'Shared', preInstalledSw: 'SQL Std', capacitystatus: 'Used', licenseModel: 'No License required', factor: 1.4 },
];

export function offerFileJson(
  region: string,
  regionName: string,
  version: string,
  prices: Record<string, number>,
  gpus: Record<string, number>,
): string {
  const products: Record<string, unknown> = {};
  const onDemand: Record<string, unknown> = {};
  const reserved: Record<string, unknown> = {};
  const prefix = region === 'us-east-1' ? '' : `${region.toUpperCase().replace(/-/g, '').slice(0, 4)}-`;
  for (const [type, usd] of Object.entries(prices)) {
    for (const v of VARIANTS) {
      const id = sku(region, type, v.os, v.tenancy, v.preInstalledSw, v.capacitystatus);
      products[id] = {
        sku: id,
        productFamily: 'Compute Instance',
        attributes: {
          servicecode: 'AmazonEC2',
          location: regionName,
          locationType: 'AWS Region',
          instanceType: type,
          currentGeneration: 'Yes',
          instanceFamily: gpus[type] ? 'GPU instance' : 'General purpose',
          tenancy: v.tenancy,
          operatingSystem: v.os,
          licenseModel: v.licenseModel,
          usagetype: `${prefix}BoxUsage:${type}`,
          operation: v.os === 'Linux' ? 'RunInstances' : 'RunInstances:0002',
          capacitystatus: v.capacitystatus,
          ...(gpus[type] ? { gpu: String(gpus[type]), gpuMemory: 'NA' } : {}),
          marketoption: 'OnDemand',
          preInstalledSw: v.preInstalledSw,
          regionCode: region,
          servicename: 'Amazon Elastic Compute Cloud',
        },
      };
      const hourly = (usd * v.factor).toFixed(10);
      onDemand[id] = {
        [`${id}.${ON_DEMAND_TERM}`]: term(id, ON_DEMAND_TERM, `$${hourly} per On Demand ${v.os} ${type} Instance Hour`, hourly, {}),
      };
      reserved[id] = {
        [`${id}.${RESERVED_TERM}`]: term(id, RESERVED_TERM, `${v.os} ${type} reserved`, (usd * v.factor * 0.6).toFixed(10), {
          LeaseContractLength: '1yr',
          OfferingClass: 'standard',
          PurchaseOption: 'No Upfront',
        }),
      };
    }
  }
  return pretty({
    formatVersion: 'v1.0',
    disclaimer: 'This pricing list is for informational purposes only.',
    offerCode: 'AmazonEC2',
    version,
    publicationDate: versionDate(version),
    products,
    terms: { OnDemand: onDemand, Reserved: reserved },
    attributesList: {},
  });
}

function term(id: string, code: string, description: string, usd: string, termAttributes: Record<string, string>) {
  return {
    offerTermCode: code,
    sku: id,
    effectiveDate: '2025-01-01T00:00:00Z',
    priceDimensions: {
      [`${id}.${code}.${HOURLY_RATE}`]: {
        rateCode: `${id}.${code}.${HOURLY_RATE}`,
        description,
        beginRange: '0',
        endRange: 'Inf',
        unit: 'Hrs',
        pricePerUnit: { USD: usd },
        appliesTo: [],
      },
    },
    termAttributes,
  };
}

/** AWS's layout: two-space indent and spaces around the colon. */
const pretty = (v: unknown) => JSON.stringify(v, null, 2).replace(/^(\s*"(?:[^"\\]|\\.)*"): /gm, '$1 : ');

/** Offer-file versions are UTC timestamps written yyyyMMddHHmmss. */
const versionDate = (v: string) =>
  `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}T${v.slice(8, 10)}:${v.slice(10, 12)}:${v.slice(12, 14)}Z`;
