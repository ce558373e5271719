import { startFakeServer, type FakeRequest } from '../../fake-kit/server.js';
import { DEFAULT_TYPES, defaultRegions, type FakeInstanceType, type FakeRegion } from './data.js';
import { runAction, type FakeBlock, type FakeState } from './ec2.js';
import { FakePriceList } from './price-list.js';
import { QueryParams, errorBody, newRequestId, parseSigV4, signatureValid, successBody, xmlReply } from './protocol.js';

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

export interface AwsFake {
  /** EC2 endpoint (AWS_ENDPOINT_URL_EC2). */
  url: string;
  /** Price list base (GPU_RADAR_AWS_PRICING_URL), with the prefix if any. */
  pricingUrl: string;
  accessKeyId: string;
  secretAccessKey: string;
  regions(): string[];
  requests: AwsFakeRequest[];
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
  close(): Promise<void>;
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
  const authFailure = ['AuthFailure', 'AWS was not able to validate the provided access credentials'] as const;

  const serveEc2 = (req: FakeRequest, requestId: string) => {
    const params = new URLSearchParams(req.text);
    const action = params.get('Action') ?? '';
    const sig = parseSigV4(req.headers.authorization);
    const fail = (status: number, code: string, message: string) => xmlReply(status, errorBody(code, message, requestId), requestId);
    if (!sig || sig.accessKeyId !== accessKeyId || !signatureValid(sig, secretAccessKey, req.headers, req.rawPath + req.search, req.body))
      return fail(401, ...authFailure);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      return fail(400, 'InvalidParameterValue', 'Unsupported content type');
    if (params.get('Version') !== '2016-11-15') return fail(400, 'InvalidParameterValue', `Unsupported Version ${params.get('Version')}`);
    if (!state.regions[sig.region])
      return fail(401, 'OptInRequired', 'You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.');
    if (denied.has(action)) {
      const user = 'User: arn:aws:iam::123456789012:user/gpu-radar';
      return fail(
        403,
        'UnauthorizedOperation',
        `You are not authorized to perform this operation. ${user} is not authorized to perform: ec2:${action}`,
      );
    }
    const q = new QueryParams(params);
    const result = runAction(state, sig.region, action, q);
    if ('error' in result) return fail(result.error.status, result.error.code, result.error.message);
    if ('members' in result) return xmlReply(200, successBody(action, result.members, requestId), requestId);

    const max = q.int('MaxResults');
    if (max !== undefined && result.range && (max < result.range[0] || max > result.range[1])) {
      const [lo, hi] = result.range;
      return fail(
        400,
        'InvalidParameterValue',
        `Value ( ${max} ) for parameter maxResults is invalid. Expecting a value between ${lo} and ${hi}.`,
      );
    }
    const token = q.get('NextToken');
    let offset = 0;
    if (token) {
      const m = /^(\w+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
      if (!m || m[1] !== action) return fail(400, 'InvalidParameterValue', 'The token is not valid');
      offset = Number(m[2]);
    }
    const size = Math.min(max ?? 1000, opts.pageSize ?? Infinity);
    const page = result.items.slice(offset, offset + size);
    const next = offset + size < result.items.length ? Buffer.from(`${action}:${offset + size}`).toString('base64url') : undefined;
    return xmlReply(200, successBody(action, { [result.list]: page, ...(next ? { nextToken: next } : {}) }, requestId), requestId);
  };

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
    route: (req) => serveEc2(req, newRequestId()),
  });
  const url = server.url;
  const region = (r: string) => {
    if (!state.regions[r]) throw new Error(`aws fake: unknown region ${r}`);
    return state.regions[r]!;
  };

  return {
    url,
    requests: server.requests,
    close: server.close,
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
