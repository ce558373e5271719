import { JSONParser } from '@streamparser/json';

// Streams one region's EC2 offer file (hundreds of MB for us-east-1) and keeps only what the
// on-demand price needs: memory stays bounded by the number of SKUs, never the file's size.
// Only `products.*` and `terms.OnDemand.*` are assembled; `terms.Reserved` is tokenized and dropped.

export interface OfferFilePrices {
  version?: string;
  /** USD per instance-hour by instance type (Linux, shared tenancy, no pre-installed software). */
  prices: Record<string, number>;
}

type Attributes = Record<string, string | undefined>;
interface Product {
  productFamily?: string;
  attributes?: Attributes;
}
interface Dimension {
  unit?: string;
  pricePerUnit?: Record<string, string>;
}
type SkuTerms = Record<string, { priceDimensions?: Record<string, Dimension> }>;

/** The single on-demand Linux SKU per instance type (reference §8.4). */
export function isLinuxOnDemand(p: Product): boolean {
  const a = p.attributes ?? {};
  return (
    (p.productFamily === 'Compute Instance' || p.productFamily === 'Compute Instance (bare metal)') &&
    a.operatingSystem === 'Linux' &&
    a.tenancy === 'Shared' &&
    a.preInstalledSw === 'NA' &&
    a.licenseModel === 'No License required' &&
    a.capacitystatus === 'Used' &&
    (a.marketoption === undefined || a.marketoption === 'OnDemand') &&
    typeof a.instanceType === 'string'
  );
}

/** The lowest hourly USD rate among a SKU's on-demand terms; undefined when it has none. */
export function hourlyUsd(terms: SkuTerms): number | undefined {
  let best: number | undefined;
  for (const term of Object.values(terms)) {
    for (const d of Object.values(term.priceDimensions ?? {})) {
      const usd = Number(d.pricePerUnit?.USD);
      if (d.unit !== 'Hrs' || d.pricePerUnit?.USD === undefined || !Number.isFinite(usd) || usd < 0) continue;
      best = best === undefined ? usd : Math.min(best, usd);
    }
  }
  return best;
}

/** Parses a whole offer file; throws when it is cut off or not JSON, so callers keep old prices. */
export async function parseOfferFile(chunks: AsyncIterable<Uint8Array | string>): Promise<OfferFilePrices> {
  const parser = new JSONParser({ paths: ['$.version', '$.products.*', '$.terms.OnDemand.*'], keepStack: false });
  const typeBySku = new Map<string, string>();
  // Terms met before any product (key order is not guaranteed) wait here for their product.
  const early = new Map<string, number>();
  const prices: Record<string, number> = {};
  let version: string | undefined;
  let productsSeen = false;
  const setPrice = (type: string, usd: number) => {
    prices[type] = prices[type] === undefined ? usd : Math.min(prices[type]!, usd);
  };

  parser.onValue = ({ value, key, stack }) => {
    if (stack.length === 1 && key === 'version' && typeof value === 'string') version = value;
    else if (stack.length === 2 && stack[1]?.key === 'products' && typeof key === 'string') {
      productsSeen = true;
      const p = value as Product;
      if (!isLinuxOnDemand(p)) return;
      const type = p.attributes!.instanceType!;
      typeBySku.set(key, type);
      const usd = early.get(key);
      if (usd !== undefined) setPrice(type, usd);
    } else if (stack.length === 3 && stack[2]?.key === 'OnDemand' && typeof key === 'string') {
      const type = typeBySku.get(key);
      if (!type && productsSeen) return;
      const usd = hourlyUsd(value as SkuTerms);
      if (usd === undefined) return;
      if (type) setPrice(type, usd);
      else early.set(key, usd);
    }
  };
  for await (const chunk of chunks) parser.write(chunk);
  // The parser ends itself when the top-level object closes; ending it earlier throws (cut off).
  if (!parser.isEnded) parser.end();
  if (version === undefined && !productsSeen) throw new Error('offer file has no version and no products');
  return { ...(version ? { version } : {}), prices };
}
