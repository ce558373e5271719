import type { Reply } from '../../fake-kit/server.js';
import { DEFAULT_ON_DEMAND, REGION_NAMES, REGION_PRICE_FACTOR, type FakeInstanceType, type FakeRegion } from './data.js';
import { offerFileJson, regionIndexJson } from './pricing.js';

// The fake's bulk price list: per-region prices and versions, served as the region index and
// offer files; a version may be published cut off half way, and the whole list may be down.
export class FakePriceList {
  readonly requests: string[] = [];
  down = false;
  private readonly prices: Record<string, Record<string, number>> = {};
  private readonly versions: Record<string, number> = {};
  private readonly cutOff = new Set<string>();
  private readonly files = new Map<string, string>();

  constructor(
    regions: Record<string, FakeRegion>,
    private readonly types: FakeInstanceType[],
    private readonly prefix: string,
    private readonly now: () => Date,
  ) {
    for (const [r, region] of Object.entries(regions)) {
      const factor = REGION_PRICE_FACTOR[r] ?? 1;
      const offered = Object.entries(DEFAULT_ON_DEMAND).filter(([t]) => region.offered[t]);
      this.prices[r] = Object.fromEntries(offered.map(([t, usd]) => [t, Math.round(usd * factor * 1e6) / 1e6]));
      this.versions[r] = 0;
    }
  }

  version(r: string): string {
    return String(20250110190000 + this.versions[r]!);
  }

  setPrice(r: string, type: string, usd: number | undefined): void {
    if (usd === undefined) delete this.prices[r]![type];
    else this.prices[r]![type] = usd;
    this.versions[r]!++;
  }

  publishCutOff(r: string): void {
    this.versions[r]!++;
    this.cutOff.add(`${r}|${this.version(r)}`);
  }

  serve(path: string): Reply {
    this.requests.push(path);
    if (this.down) return { status: 503, body: 'Service Unavailable', headers: { 'content-type': 'text/plain' } };
    const p = path.startsWith(`${this.prefix}/`) ? path.slice(this.prefix.length) : '';
    if (p === '/offers/v1.0/aws/AmazonEC2/current/region_index.json') {
      const versions = Object.fromEntries(Object.keys(this.prices).map((r) => [r, this.version(r)]));
      return { status: 200, body: regionIndexJson(versions, `${this.now().toISOString().slice(0, 19)}Z`) };
    }
    const m = /^\/offers\/v1\.0\/aws\/AmazonEC2\/(\w+)\/([a-z0-9-]+)\/index\.json$/.exec(p);
    const r = m?.[2];
    if (!m || !r || !this.prices[r] || (m[1] !== 'current' && m[1] !== this.version(r)))
      return { status: 404, body: '<Error><Code>NoSuchKey</Code></Error>', headers: { 'content-type': 'application/xml' } };
    // A cut-off version: headers promise the whole file; the connection drops half way.
    return { status: 200, body: this.offerFile(r), cutOff: this.cutOff.has(`${r}|${this.version(r)}`) };
  }

  private offerFile(r: string): string {
    const key = `${r}|${this.version(r)}`;
    let body = this.files.get(key);
    if (!body) {
      const gpus = Object.fromEntries(this.types.map((t) => [t.instanceType, t.gpu?.count ?? 0]));
      body = offerFileJson(r, REGION_NAMES[r] ?? r, this.version(r), this.prices[r]!, gpus);
      this.files.set(key, body);
    }
    return body;
  }
}
