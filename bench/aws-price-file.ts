import { parseOfferFile } from '../adapters/aws/price-file.js';

// Memory bound of the AWS offer-file parser: streams a synthetic regional file of the given
// size (default 500 MB, shaped like us-east-1's: products, then OnDemand and Reserved terms)
// through parseOfferFile, generated on the fly so only the parser holds memory, and reports
// peak RSS. Exits 1 above the limit. Usage: npx tsx bench/aws-price-file.ts [MB] [limitMB]

const targetMb = Number(process.argv[2] ?? 500);
const limitMb = Number(process.argv[3] ?? 300);
const FAMILIES = [
  'p5.48xlarge',
  'p5en.48xlarge',
  'p4d.24xlarge',
  'g6e.xlarge',
  'g6.12xlarge',
  'g5.48xlarge',
  'm7i.large',
  'c7g.xlarge',
  'r6i.2xlarge',
  't3.micro',
];
const OS = [
  ['Linux', 'Shared', 'NA'],
  ['Windows', 'Shared', 'NA'],
  ['Linux', 'Dedicated', 'NA'],
  ['Linux', 'Shared', 'SQL Std'],
  ['RHEL', 'Shared', 'NA'],
];

const skuOf = (i: number) => `SKU${i.toString(36).toUpperCase().padStart(13, '0')}`;
const typeOf = (i: number) => `${FAMILIES[i % FAMILIES.length]!.replace('.', `${Math.floor(i / 50) % 80}.`)}`;

function product(i: number): string {
  const [os, tenancy, sw] = OS[Math.floor(i / FAMILIES.length) % OS.length]!;
  const sku = skuOf(i);
  return `    "${sku}" : {
      "sku" : "${sku}",
      "productFamily" : "Compute Instance",
      "attributes" : {
        "servicecode" : "AmazonEC2", "location" : "US East (N. Virginia)", "locationType" : "AWS Region",
        "instanceType" : "${typeOf(i)}", "currentGeneration" : "Yes", "instanceFamily" : "GPU instance",
        "vcpu" : "192", "memory" : "2048 GiB", "storage" : "8 x 3800 SSD", "networkPerformance" : "3200 Gigabit",
        "processorArchitecture" : "64-bit", "tenancy" : "${tenancy}", "operatingSystem" : "${os}",
        "licenseModel" : "No License required", "usagetype" : "BoxUsage:${typeOf(i)}", "operation" : "RunInstances",
        "availabilityzone" : "NA", "capacitystatus" : "Used", "gpu" : "8", "gpuMemory" : "NA",
        "marketoption" : "OnDemand", "preInstalledSw" : "${sw}", "regionCode" : "us-east-1",
        "servicename" : "Amazon Elastic Compute Cloud"
      }
    }`;
}

function term(i: number, code: string, usd: string, attrs: string): string {
  const sku = skuOf(i);
  return `"${sku}.${code}" : {
        "offerTermCode" : "${code}", "sku" : "${sku}", "effectiveDate" : "2025-01-01T00:00:00Z",
        "priceDimensions" : {
          "${sku}.${code}.6YS6EN2CT7" : {
            "rateCode" : "${sku}.${code}.6YS6EN2CT7", "description" : "$${usd} per On Demand Linux Instance Hour",
            "beginRange" : "0", "endRange" : "Inf", "unit" : "Hrs", "pricePerUnit" : { "USD" : "${usd}" }, "appliesTo" : [ ]
          }
        },
        "termAttributes" : { ${attrs} }
      }`;
}

const perSku =
  product(1).length +
  term(1, 'JRTCKXETXF', '1.0000000000', '').length +
  3 * term(1, '4NA7Y494T4', '1.0000000000', '"LeaseContractLength" : "1yr"').length +
  60;
const skus = Math.max(1, Math.floor((targetMb * 1024 * 1024) / perSku));

async function* file(): AsyncGenerator<string> {
  yield `{\n  "formatVersion" : "v1.0",\n  "offerCode" : "AmazonEC2",\n  "version" : "20250110192616",\n  "products" : {\n`;
  let buf = '';
  const flush = function* (force = false) {
    if (buf.length > 1 << 20 || (force && buf)) {
      yield buf;
      buf = '';
    }
  };
  for (let i = 0; i < skus; i++) {
    buf += (i ? ',\n' : '') + product(i);
    yield* flush();
  }
  buf += '\n  },\n  "terms" : {\n    "OnDemand" : {\n';
  for (let i = 0; i < skus; i++) {
    buf += `${i ? ',\n' : ''}      "${skuOf(i)}" : { ${term(i, 'JRTCKXETXF', (1 + (i % 97) / 10).toFixed(10), '')} }`;
    yield* flush();
  }
  buf += '\n    },\n    "Reserved" : {\n';
  for (let i = 0; i < skus; i++) {
    const r = ['4NA7Y494T4', '38NPMPTW36', 'R5XV2EPZQZ'].map((c) =>
      term(i, c, '0.6000000000', '"LeaseContractLength" : "1yr", "PurchaseOption" : "No Upfront"'),
    );
    buf += `${i ? ',\n' : ''}      "${skuOf(i)}" : { ${r.join(', ')} }`;
    yield* flush();
  }
  buf += '\n    }\n  }\n}\n';
  yield* flush(true);
}

let peak = 0;
let bytes = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const timer = setInterval(sample, 50);
async function* counted(): AsyncGenerator<string> {
  for await (const chunk of file()) {
    bytes += chunk.length;
    yield chunk;
  }
}
const started = Date.now();
const result = await parseOfferFile(counted());
clearInterval(timer);
sample();
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
console.log(
  `aws offer file: ${mb(bytes)} MB, ${skus} SKUs, ${Object.keys(result.prices).length} priced types, ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s, peak RSS ${mb(peak)} MB (limit ${limitMb} MB)`,
);
process.exit(peak > limitMb * 1024 * 1024 ? 1 : 0);
