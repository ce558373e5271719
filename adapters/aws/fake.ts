import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { DEFAULT_TYPES, defaultRegions, type FakeInstanceType, type FakeRegion } from './fake-data.js';
import { runAction, type FakeBlock, type FakeState } from './fake-ec2.js';
import { FakePriceList } from './fake-price-list.js';
import { QueryParams, errorBody, newRequestId, parseSigV4, sendXml, signatureValid, successBody } from './fake-protocol.js';
import { listenOnLoopback } from '../../src/lib/loopback-server.js';

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
  const requests: AwsFakeRequest[] = [];
  const faults: { fault: AwsFault; action?: string }[] = [];
  const denied = new Set<string>();

  const serveEc2 = (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const requestId = newRequestId();
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action') ?? '';
    const sig = parseSigV4(req.headers.authorization);
    requests.push({ action, region: sig?.region, accessKeyId: sig?.accessKeyId, params: Object.fromEntries(params) });
    const fail = (status: number, code: string, message: string) => sendXml(res, status, errorBody(code, message, requestId), requestId);

    const i = faults.findIndex((f) => !f.action || f.action === action);
    if (i >= 0) {
      const { fault } = faults.splice(i, 1)[0]!;
      if (fault === 'hang') return;
      if (fault === 'garbage')
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
      return fail(fault.status, fault.code, fault.message ?? fault.code);
    }
    if (!sig) return fail(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
    if (sig.accessKeyId !== accessKeyId || !signatureValid(sig, secretAccessKey, req.headers, req.url ?? '/', body)) {
      return fail(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      return fail(400, 'InvalidParameterValue', 'Unsupported content type');
    if (params.get('Version') !== '2016-11-15') return fail(400, 'InvalidParameterValue', `Unsupported Version ${params.get('Version')}`);
    if (!state.regions[sig.region])
      return fail(401, 'OptInRequired', 'You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.');
    if (denied.has(action)) {
      return fail(
        403,
        'UnauthorizedOperation',
        `You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/gpu-radar is not authorized to perform: ec2:${action}`,
      );
    }
    const q = new QueryParams(params);
    const result = runAction(state, sig.region, action, q);
    if ('error' in result) return fail(result.error.status, result.error.code, result.error.message);
    if ('members' in result) return sendXml(res, 200, successBody(action, result.members, requestId), requestId);

    const max = q.int('MaxResults');
    if (max !== undefined && result.range && (max < result.range[0] || max > result.range[1])) {
      return fail(
        400,
        'InvalidParameterValue',
        `Value ( ${max} ) for parameter maxResults is invalid. Expecting a value between ${result.range[0]} and ${result.range[1]}.`,
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
    sendXml(res, 200, successBody(action, { [result.list]: page, ...(next ? { nextToken: next } : {}) }, requestId), requestId);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (req.method === 'GET') return priceList.serve(path, res);
      if (req.method === 'POST' && path === '/') return serveEc2(req, Buffer.concat(chunks), res);
      res.writeHead(404).end();
    });
  });
  const listening = await listenOnLoopback(server, { host: opts.host, port: opts.port, scheme: 'http' });
  const url = listening.url;
  const region = (r: string) => {
    if (!state.regions[r]) throw new Error(`aws fake: unknown region ${r}`);
    return state.regions[r]!;
  };

  return {
    url,
    pricingUrl: `${url}${pricePrefix}`,
    accessKeyId,
    secretAccessKey,
    regions: () => Object.keys(state.regions),
    requests,
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
      for (let n = 0; n < times; n++) faults.push({ fault, action });
    },
    deny: (action) => void denied.add(action),
    close: listening.close,
  };
}
