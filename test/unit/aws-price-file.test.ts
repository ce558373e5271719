import { describe, expect, it } from 'vitest';
import { offerFileJson } from '../../adapters/aws/fake/index.js';
import { parseOfferFile } from '../../adapters/aws/price-file.js';

async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const file = offerFileJson(
  'us-east-2',
  'US East (Ohio)',
  '20250110192616',
  { 'p5.48xlarge': 55.04, 'g6.xlarge': 0.8048 },
  { 'p5.48xlarge': 8, 'g6.xlarge': 1 },
);

describe('AWS offer file streaming parser', () => {
  it('keeps the Linux / Shared / no software / Used SKU per type, whatever the chunk size', async () => {
    for (const size of [1, 7, 4096, file.length]) {
      expect(await parseOfferFile(chunks(file, size))).toEqual({
        version: '20250110192616',
        prices: { 'p5.48xlarge': 55.04, 'g6.xlarge': 0.8048 },
      });
    }
  });

  it('joins terms that come before their products', async () => {
    const j = JSON.parse(file);
    const reordered = JSON.stringify({ terms: j.terms, version: j.version, products: j.products });
    expect((await parseOfferFile(chunks(reordered, 1000))).prices).toEqual({ 'p5.48xlarge': 55.04, 'g6.xlarge': 0.8048 });
  });

  it('throws on a file cut off anywhere, on garbage, and on an empty body', async () => {
    for (const at of [10, Math.floor(file.length / 2), file.length - 2]) {
      await expect(parseOfferFile(chunks(file.slice(0, at), 512))).rejects.toThrow();
    }
    await expect(parseOfferFile(chunks('<html>502</html>', 512))).rejects.toThrow();
    await expect(parseOfferFile(chunks('', 512))).rejects.toThrow();
  });

  it('takes the lowest hourly rate when a SKU lists several, and skips non-hourly units', async () => {
    const doc = {
      version: 'v1',
      products: {
        A: {
          sku: 'A',
          productFamily: 'Compute Instance',
          attributes: {
            instanceType: 'p5.48xlarge',
            operatingSystem: 'Linux',
            tenancy: 'Shared',
            preInstalledSw: 'NA',
            licenseModel: 'No License required',
            capacitystatus: 'Used',
          },
        },
      },
      terms: {
        OnDemand: {
          A: {
            'A.T': {
              priceDimensions: {
                x: { unit: 'Hrs', pricePerUnit: { USD: '56.0' } },
                y: { unit: 'Hrs', pricePerUnit: { USD: '55.5' } },
                z: { unit: 'Quantity', pricePerUnit: { USD: '1.0' } },
              },
            },
          },
        },
      },
    };
    expect((await parseOfferFile(chunks(JSON.stringify(doc), 64))).prices).toEqual({ 'p5.48xlarge': 55.5 });
  });
});
