import { startFakeServer, type FakeRequest, type FakeServer } from '../../fake-kit/server.js';
import { DEFAULT_TYPES, defaultRegions, type FakeInstanceType, type FakeRegion } from './data.js';
import type { FakeBlock, FakeState } from './ec2.js';
import { answerEc2 } from './ec2-request.js';
import { FakePriceList } from './price-list.js';
import { errorBody, newRequestId, parseSigV4, xmlReply } from './protocol.js';

export * from './data.js';
export type { FakeBlock } from './ec2.js';
export { offerFileJson } from './pricing.js';

// A loopback AWS: the EC2 Query API (POST /, SigV4-signed, XML) and the public bulk price list
// (GET /offers/...), as shared/provider-apis/aws.md describes them. One endpoint serves every
// region: the region comes from the SigV4 credential scope. Tests and the demo drive it here.

export type AwsFault = { code: string; status: number; message?: string } | 'hang' | 'garbage';

export interface AwsFakeOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  host?: string;
  port?: number;
  types?: FakeInstanceType[];
  regions?: Record<string, FakeRegion>;
  /** Cap on items per page whatever MaxResults asks, to force pagination. */
  pageSize?: number;
  /** Price list served under this path, as behind a mirror, e.g. `/mirror`. */
  pricingPrefix?: string;
  now?: () => Date;
}

export interface AwsFakeRequest {
  action: string;
  region?: string;
  accessKeyId?: string;
  params: Record<string, string>;
}

/** `url` is the EC2 endpoint (AWS_ENDPOINT_URL_EC2). */
export interface AwsFake extends Omit<FakeServer<AwsFakeRequest>, 'failNext'> {
  /** Price list base (GPU_RADAR_AWS_PRICING_URL), with the prefix if any. */
  pricingUrl: string;
  accessKeyId: string;
  secretAccessKey: string;
  regions(): string[];
  pricingRequests: string[];
  /** Score for a type in a region; narrowed to one zone id and/or one TargetCapacity (instances). */
  setPlacementScore(region: string, instanceType: string, score: number, where?: { zoneId?: string; instances?: number }): void;
  clearPlacementScores(): void;
  setCapacityBlocks(region: string, blocks: FakeBlock[]): void;
  /** A negative price removes it (no spot price for that zone). */
  setSpotPrice(region: string, instanceType: string, zone: string, usd: number): void;
  setOffered(region: string, instanceType: string, zones: string[]): void;
  /** Publishes a new price list version for the region; `undefined` drops the type from it. */
  setOnDemandPrice(region: string, instanceType: string, usd: number | undefined): void;
  /** Publishes a new version whose file is cut off half way through the download. */
  cutOffPriceFile(region: string): void;
  priceVersion(region: string): string;
  /** While down, every price list request answers 503. */
  setPricingDown(down: boolean): void;
  /** Answers the next `times` EC2 requests (optionally of one action) with this fault. */
  failNext(fault: AwsFault, times?: number, action?: string): void;
  /** IAM denies this action: UnauthorizedOperation. */
  deny(action: string): void;
}

/** The next 11:30 UTC at least `days` days after `now`: AWS starts Capacity Blocks at 11:30 UTC. */
export function blockStart(now: Date, days = 0): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 11, 30));
  if (d.getTime() <= now.getTime()) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCDate(d.getUTCDate() + days);
  return d;
}

export function defaultBlocks(now: Date): Record<string, FakeBlock[]> {
  return {
    'us-east-1': [{ instanceType: 'p5.48xlarge', zone: 'us-east-1a', maxInstances: 8, start: blockStart(now), usdPerInstanceHour: 31.464 }],
    'us-west-2': [
      { instanceType: 'p4d.24xlarge', zone: 'us-west-2b', maxInstances: 4, start: blockStart(now, 3), usdPerInstanceHour: 11.79 },
    ],
  };
}

export async function startAwsFake(opts: AwsFakeOptions = {}): Promise<AwsFake> {
  const accessKeyId = opts.accessKeyId ?? 'AKIAFAKEGPURADAR0001';
  const secretAccessKey = opts.secretAccessKey ?? 'fake/Secret/Key/gpu-radar/0123456789abcdef';
  const now = opts.now ?? (() => new Date());
  const state: FakeState = {
    types: structuredClone(opts.types ?? DEFAULT_TYPES),
    regions: structuredClone(opts.regions ?? defaultRegions()),
    scores: new Map(),
    spot: new Map(),
    blocks: defaultBlocks(now()),
    now,
  };
  const pricePrefix = (opts.pricingPrefix ?? '').replace(/\/+$/, '');
  const priceList = new FakePriceList(state.regions, state.types, pricePrefix, now);
  const denied = new Set<string>();
  const actionOf = (req: FakeRequest) => new URLSearchParams(req.text).get('Action') ?? '';

  const server = await startFakeServer<AwsFakeRequest>({
    host: opts.host,
    port: opts.port,
    contentType: 'text/xml;charset=UTF-8',
    errorReply: (status) => {
      const id = newRequestId();
      return xmlReply(status, errorBody('InternalError', 'An internal error has occurred', id), id);
    },
    early: (req) => {
      if (req.method === 'GET') return priceList.serve(req.rawPath);
      if (req.method !== 'POST' || req.rawPath !== '/') return { status: 404, headers: { 'content-type': 'text/plain' } };
    },
    log(req) {
      const params = new URLSearchParams(req.text);
      const sig = parseSigV4(req.headers.authorization);
      return { action: params.get('Action') ?? '', region: sig?.region, accessKeyId: sig?.accessKeyId, params: Object.fromEntries(params) };
    },
    route: (req) => answerEc2({ state, accessKeyId, secretAccessKey, denied, pageSize: opts.pageSize }, req, newRequestId()),
  });
  const url = server.url;
  const region = (r: string) => {
    if (!state.regions[r]) throw new Error(`aws fake: unknown region ${r}`);
    return state.regions[r]!;
  };

  return {
    ...server,
    pricingUrl: `${url}${pricePrefix}`,
    accessKeyId,
    secretAccessKey,
    regions: () => Object.keys(state.regions),
    pricingRequests: priceList.requests,
    setPlacementScore(r, type, score, where = {}) {
      region(r);
      state.scores.set(`${r}|${type}|${where.zoneId ?? '*'}|${where.instances ?? '*'}`, score);
    },
    clearPlacementScores: () => state.scores.clear(),
    setCapacityBlocks(r, blocks) {
      region(r);
      state.blocks[r] = blocks.map((b) => ({ ...b }));
    },
    setSpotPrice(r, type, zone, usd) {
      region(r);
      state.spot.set(`${r}|${type}|${zone}`, usd);
    },
    setOffered(r, type, zones) {
      region(r).offered[type] = [...zones];
    },
    setOnDemandPrice(r, type, usd) {
      region(r);
      priceList.setPrice(r, type, usd);
    },
    cutOffPriceFile(r) {
      region(r);
      priceList.publishCutOff(r);
    },
    priceVersion: (r) => priceList.version(r),
    setPricingDown: (down) => void (priceList.down = down),
    failNext(fault, times = 1, action) {
      const when = (req: FakeRequest) => !action || actionOf(req) === action;
      for (let n = 0; n < times; n++) {
        const id = newRequestId();
        const reply =
          typeof fault === 'object' ? xmlReply(fault.status, errorBody(fault.code, fault.message ?? fault.code, id), id) : fault;
        server.failNext(reply, 1, when);
      }
    },
    deny: (action) => void denied.add(action),
  };
}
