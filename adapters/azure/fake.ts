import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { selfSignedCertificate } from '../../src/lib/self-signed-cert.js';
import { ARM_ERRORS, diskSkuItem, skuItem, usageItem } from './fake-arm.js';
import {
  OFFERINGS,
  PRICES,
  SIZES,
  SPOT_SCORES,
  USAGES,
  type FakeOffering,
  type FakePriceRow,
  type FakeRestriction,
  type FakeUsage,
} from './fake-data.js';
import { FakeEntra, openIdConfiguration } from './fake-entra.js';
import { retailPage } from './fake-prices.js';
import { listenOnLoopback, readBody } from '../../src/lib/loopback-server.js';

// A loopback Azure over HTTPS (the SDK sends bearer tokens over TLS only): Entra ID for a custom
// authority (OpenID document, client credentials grant), Resource Manager (Resource SKUs with
// nextLink paging, usages, Spot Placement Scores) and the public Retail Prices API, in the wire
// formats of shared/provider-apis/azure.md. The certificate is generated at start; clients trust
// it through `caPem` (GPU_RADAR_AZURE_CA_FILE), never by turning TLS checks off.

export type AzureFault = { status: 429; retryAfterSeconds?: number } | { status: 403 } | { status: 503 };

export interface AzureFakeOptions {
  tenant?: string;
  clientId?: string;
  clientSecret?: string;
  subscription?: string;
  host?: string;
  port?: number;
  /** Resource SKUs per page (ARM pages by nextLink). @defaultValue 1000 */
  skuPageSize?: number;
  /** Retail Prices items per page. @defaultValue 1000 */
  pricesPageSize?: number;
  tokenTtlSeconds?: number;
  offerings?: Record<string, FakeOffering[]>;
  usages?: Record<string, FakeUsage[]>;
  prices?: FakePriceRow[];
}

export interface AzureFakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  auth: 'ok' | 'missing' | 'invalid' | 'expired' | 'public';
  body?: unknown;
}

export interface AzureFake {
  /** ARM origin (GPU_RADAR_AZURE_URL). */
  url: string;
  /** AZURE_AUTHORITY_HOST. */
  authorityHost: string;
  /** GPU_RADAR_AZURE_PRICES_URL. */
  pricesUrl: string;
  /** The certificate the fake serves, to trust (GPU_RADAR_AZURE_CA_FILE). */
  caPem: string;
  writeCa(path: string): string;
  tenant: string;
  clientId: string;
  clientSecret: string;
  subscription: string;
  entra: FakeEntra;
  regions(): string[];
  requests: AzureFakeRequest[];
  /** Score for a size in a region, for every VM count or only `instances`. */
  setSpotScore(region: string, size: string, score: string, instances?: number): void;
  setUsage(region: string, name: string, limit: number, current: number): void;
  setRestrictions(region: string, size: string, restrictions: FakeRestriction[]): void;
  removePrices(size: string): void;
  /** Answers the next `times` ARM or price requests (optionally those whose path contains `pathPart`) with the fault. */
  failNext(fault: AzureFault, times?: number, pathPart?: string): void;
  close(): Promise<void>;
}

export async function startAzureFake(opts: AzureFakeOptions = {}): Promise<AzureFake> {
  const tenant = opts.tenant ?? '72f988bf-0000-4000-8000-00000000cafe';
  const subscription = opts.subscription ?? '00000000-0000-4000-8000-0000000000a1';
  const entra = new FakeEntra(
    tenant,
    opts.clientId ?? '3f1e2d4c-0000-4000-8000-0000000000c1',
    opts.clientSecret ?? 'fake~azure~secret~0123456789abcdef',
    opts.tokenTtlSeconds,
  );
  const offerings = structuredClone(opts.offerings ?? OFFERINGS);
  const usages = structuredClone(opts.usages ?? USAGES);
  const scores: Record<string, string> = { ...SPOT_SCORES };
  let prices = structuredClone(opts.prices ?? PRICES);
  const requests: AzureFakeRequest[] = [];
  const faults: { fault: AzureFault; pathPart?: string }[] = [];
  const cert = selfSignedCertificate('gpu-radar azure fake');
  let origin = '';

  const skus = (path: string, q: URLSearchParams): [number, string] => {
    const filter = q.get('$filter');
    const m = filter ? /^\s*location\s+eq\s+'([^']+)'\s*$/i.exec(filter) : null;
    if (filter && !m)
      return [
        400,
        JSON.stringify({ error: { code: 'InvalidFilter', message: `The filter '${filter}' is not supported. Only location eq 'x' is.` } }),
      ];
    const regions = m ? [m[1]!.toLowerCase()] : Object.keys(offerings);
    const items: Record<string, unknown>[] = [];
    for (const region of regions) {
      for (const o of offerings[region] ?? [])
        items.push(
          skuItem(
            region,
            SIZES.find((s) => s.name === o.size)!,
            o,
          ),
        );
      if (offerings[region]) items.push(diskSkuItem(region));
    }
    const skip = Number(Buffer.from(q.get('$skiptoken') ?? '', 'base64url').toString() || 0);
    const size = opts.skuPageSize ?? 1000;
    let nextLink: string | null = null;
    if (skip + size < items.length) {
      const next = new URLSearchParams(q);
      next.set('$skiptoken', Buffer.from(String(skip + size)).toString('base64url'));
      nextLink = `${origin}${path}?${next.toString()}`;
    }
    return [200, JSON.stringify({ value: items.slice(skip, skip + size), nextLink })];
  };

  const spot = (body: any): [number, string] => {
    const locations: string[] = body?.desiredLocations ?? [];
    const sizes: string[] = (body?.desiredSizes ?? []).map((s: { sku: string }) => s.sku);
    const count = Number(body?.desiredCount);
    if (!locations.length || locations.length > 8 || !sizes.length || sizes.length > 5 || !(count > 0)) {
      return [
        400,
        JSON.stringify({
          error: {
            code: 'InvalidParameter',
            message: 'Up to 8 desiredLocations and 5 desiredSizes, and a positive desiredCount, are required.',
            target: 'spotPlacementScoresInput',
          },
        }),
      ];
    }
    const placementScores = locations.flatMap((loc) =>
      sizes.map((sku) => ({
        sku,
        region: loc,
        score: scores[`${loc}/${sku}@${count}`] ?? scores[`${loc}/${sku}`] ?? 'DataNotFoundOrStale',
        isQuotaAvailable: true,
      })),
    );
    return [200, JSON.stringify({ ...body, placementScores })];
  };

  const route = (method: string, path: string, q: URLSearchParams, body: unknown): [number, string] => {
    const m = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Compute\/(.+)$/i.exec(path);
    if (!m) return [404, ARM_ERRORS.notFound(path)];
    if (m[1] !== subscription) return [404, ARM_ERRORS.subscriptionNotFound(m[1]!)];
    if (!q.get('api-version')) return [400, ARM_ERRORS.missingApiVersion()];
    const rest = m[2]!;
    if (method === 'GET' && rest === 'skus') return skus(path, q);
    const u = /^locations\/([^/]+)\/usages$/.exec(rest);
    if (method === 'GET' && u) return [200, JSON.stringify({ value: (usages[u[1]!] ?? []).map(usageItem) })];
    const s = /^locations\/([^/]+)\/placementScores\/spot\/generate$/.exec(rest);
    if (method === 'POST' && s) return spot(body);
    return [404, ARM_ERRORS.notFound(path)];
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://fake');
    const text = await readBody(req);
    const path = url.pathname;
    if (req.method === 'GET' && path === `/${tenant}/v2.0/.well-known/openid-configuration`)
      return send(res, 200, JSON.stringify(openIdConfiguration(origin, tenant)));
    if (/\/v2\.0\/\.well-known\/openid-configuration$/.test(path)) {
      return send(
        res,
        400,
        JSON.stringify({ error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${path.split('/')[1]}' not found.` }),
      );
    }
    if (req.method === 'POST' && path === `/${tenant}/oauth2/v2.0/token`) {
      const [status, json] = entra.token(new URLSearchParams(text));
      return send(res, status, JSON.stringify(json));
    }
    const isPrices = path === '/api/retail/prices';
    const auth = isPrices ? 'public' : entra.check(req.headers.authorization);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    requests.push({
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      auth,
      ...(body === undefined ? {} : { body }),
    });
    const challenge = {
      'www-authenticate': `Bearer authorization_uri="${origin}/${tenant}", error="invalid_token", error_description="The access token is invalid."`,
    };
    if (auth === 'missing') return send(res, 401, ARM_ERRORS.missingToken(), challenge);
    if (auth === 'invalid') return send(res, 401, ARM_ERRORS.invalidToken(), challenge);
    if (auth === 'expired') return send(res, 401, ARM_ERRORS.expiredToken(), challenge);
    const i = faults.findIndex((f) => !f.pathPart || path.includes(f.pathPart));
    if (i >= 0) {
      const [{ fault }] = faults.splice(i, 1) as [{ fault: AzureFault }];
      if (fault.status === 429) {
        const headers: Record<string, string> = {
          'x-ms-ratelimit-remaining-resource': 'Microsoft.Compute/HighCostGet3Min;0,Microsoft.Compute/HighCostGet30Min;0',
        };
        if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
        return send(res, 429, ARM_ERRORS.throttled(), headers);
      }
      if (fault.status === 403) return send(res, 403, ARM_ERRORS.forbidden(subscription));
      return send(res, 503, ARM_ERRORS.unavailable());
    }
    if (isPrices && req.method === 'GET') {
      const [status, json] = retailPage(origin, path, url.searchParams, prices, opts.pricesPageSize ?? 1000);
      return send(res, status, json);
    }
    const [status, json] = route(req.method ?? 'GET', path, url.searchParams, body);
    send(res, status, json);
  }

  const server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    void handle(req, res).catch(() =>
      send(res, 500, JSON.stringify({ error: { code: 'InternalServerError', message: 'Internal error' } })),
    );
  });
  const listening = await listenOnLoopback(server, { host: opts.host, port: opts.port, scheme: 'https' });
  origin = listening.url;

  return {
    url: origin,
    authorityHost: origin,
    pricesUrl: origin,
    caPem: cert.certPem,
    writeCa(path) {
      writeFileSync(path, cert.certPem);
      return path;
    },
    tenant,
    clientId: entra.clientId,
    clientSecret: opts.clientSecret ?? 'fake~azure~secret~0123456789abcdef',
    subscription,
    entra,
    regions: () => Object.keys(offerings),
    requests,
    setSpotScore(region, size, score, instances) {
      scores[instances === undefined ? `${region}/${size}` : `${region}/${size}@${instances}`] = score;
    },
    setUsage(region, name, limit, current) {
      const list = (usages[region] ??= []);
      const u = list.find(([n]) => n === name);
      if (u) [u[1], u[2]] = [limit, current];
      else list.push([name, limit, current]);
    },
    setRestrictions(region, size, restrictions) {
      const o = (offerings[region] ?? []).find((x) => x.size === size);
      if (!o) throw new Error(`azure fake: ${size} is not offered in ${region}`);
      o.restrictions = structuredClone(restrictions);
    },
    removePrices(size) {
      prices = prices.filter((p) => p.size !== size);
    },
    failNext(fault, times = 1, pathPart) {
      for (let i = 0; i < times; i++) faults.push({ fault, pathPart });
    },
    close: listening.close,
  };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-ms-request-id': randomUUID(),
    ...headers,
  });
  res.end(body);
}
