import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { selfSignedCertificate } from '../../fake-kit/self-signed-cert.js';
import { startFakeServer, type Fault, type FakeServer, type FakeServerOptions, type Reply } from '../../fake-kit/server.js';
import { ARM_ERRORS } from './arm.js';
import {
  OFFERINGS,
  PRICES,
  SPOT_SCORES,
  USAGES,
  type FakeOffering,
  type FakePriceRow,
  type FakeRestriction,
  type FakeUsage,
} from './data.js';
import { FakeEntra, openIdConfiguration } from './entra.js';
import { retailPage } from './prices.js';
import { armRoute, type ArmState } from './routes.js';

// A loopback Azure over HTTPS (the SDK sends bearer tokens over TLS only): Entra ID for a custom
// authority (OpenID document, client credentials grant), Resource Manager (Resource SKUs with
// nextLink paging, usages, Spot Placement Scores) and the public Retail Prices API, in the wire
// formats of shared/provider-apis/azure.md. The certificate is generated at start; clients trust
// it through `caPem` (GPU_RADAR_AZURE_CA_FILE), never by turning TLS checks off.

export type AzureFault = { status: 429; retryAfterSeconds?: number } | { status: 403 } | { status: 503 } | Extract<Fault, string>;

export interface AzureFakeOptions extends Pick<FakeServerOptions, 'host' | 'port'> {
  tenant?: string;
  clientId?: string;
  clientSecret?: string;
  subscription?: string;
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

/** ARM origin (GPU_RADAR_AZURE_URL) in `url`. */
export interface AzureFake extends Omit<FakeServer<AzureFakeRequest>, 'failNext'> {
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
  /** Score for a size in a region, for every VM count or only `instances`. */
  setSpotScore(region: string, size: string, score: string, instances?: number): void;
  setUsage(region: string, name: string, limit: number, current: number): void;
  setRestrictions(region: string, size: string, restrictions: FakeRestriction[]): void;
  removePrices(size: string): void;
  /** Answers the next `times` ARM or price requests (optionally those whose path contains `pathPart`) with the fault. */
  failNext(fault: AzureFault, times?: number, pathPart?: string): void;
}

export async function startAzureFake(opts: AzureFakeOptions = {}): Promise<AzureFake> {
  const tenant = opts.tenant ?? '72f988bf-0000-4000-8000-00000000cafe';
  const clientSecret = opts.clientSecret ?? 'fake~azure~secret~0123456789abcdef';
  const entra = new FakeEntra(tenant, opts.clientId ?? '3f1e2d4c-0000-4000-8000-0000000000c1', clientSecret, opts.tokenTtlSeconds);
  const arm: ArmState = {
    origin: '',
    subscription: opts.subscription ?? '00000000-0000-4000-8000-0000000000a1',
    skuPageSize: opts.skuPageSize ?? 1000,
    offerings: structuredClone(opts.offerings ?? OFFERINGS),
    usages: structuredClone(opts.usages ?? USAGES),
    scores: { ...SPOT_SCORES },
  };
  let prices = structuredClone(opts.prices ?? PRICES);
  const cert = selfSignedCertificate('gpu-radar azure fake');
  const json = (status: number, body: unknown): Reply => ({ status, body: JSON.stringify(body) });
  const parse = (text: string): unknown => {
    try {
      return text ? JSON.parse(text) : undefined;
    } catch {
      return text;
    }
  };
  const UNAUTHORIZED = { missing: ARM_ERRORS.missingToken, invalid: ARM_ERRORS.invalidToken, expired: ARM_ERRORS.expiredToken };

  const server = await startFakeServer<AzureFakeRequest>({
    host: opts.host,
    port: opts.port,
    tls: cert,
    contentType: 'application/json; charset=utf-8',
    headers: () => ({ 'x-ms-request-id': randomUUID() }),
    errorReply: (status) => json(status, { error: { code: 'InternalServerError', message: 'Internal error' } }),
    early({ method, rawPath: path, text }) {
      if (method === 'GET' && path === `/${tenant}/v2.0/.well-known/openid-configuration`)
        return json(200, openIdConfiguration(arm.origin, tenant));
      if (/\/v2\.0\/\.well-known\/openid-configuration$/.test(path)) {
        const tenantNotFound = `AADSTS90002: Tenant '${path.split('/')[1]}' not found.`;
        return json(400, { error: 'invalid_tenant', error_description: tenantNotFound });
      }
      if (method === 'POST' && path === `/${tenant}/oauth2/v2.0/token`) return json(...entra.token(new URLSearchParams(text)));
    },
    log(req) {
      const auth = req.rawPath === '/api/retail/prices' ? 'public' : entra.check(req.headers.authorization);
      const body = parse(req.text);
      return { method: req.method, path: req.rawPath, query: Object.fromEntries(req.query), auth, ...(body === undefined ? {} : { body }) };
    },
    gate(_req, { auth }) {
      if (auth === 'ok' || auth === 'public') return undefined;
      const invalid = 'error="invalid_token", error_description="The access token is invalid."';
      const challenge = `Bearer authorization_uri="${arm.origin}/${tenant}", ${invalid}`;
      return { status: 401, body: UNAUTHORIZED[auth](), headers: { 'www-authenticate': challenge } };
    },
    route(req, entry) {
      if (entry.auth === 'public' && req.method === 'GET') {
        const [status, body] = retailPage(arm.origin, req.rawPath, req.query, prices, opts.pricesPageSize ?? 1000);
        return { status, body };
      }
      return armRoute(arm, req.method, req.rawPath, req.query, entry.body);
    },
  });
  arm.origin = server.url;
  const faultReply = (fault: AzureFault): Fault => {
    if (typeof fault === 'string') return fault;
    if (fault.status === 403) return { status: 403, body: ARM_ERRORS.forbidden(arm.subscription) };
    if (fault.status === 503) return { status: 503, body: ARM_ERRORS.unavailable() };
    const limits = 'Microsoft.Compute/HighCostGet3Min;0,Microsoft.Compute/HighCostGet30Min;0';
    const retry: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
    return { status: 429, body: ARM_ERRORS.throttled(), headers: { 'x-ms-ratelimit-remaining-resource': limits, ...retry } };
  };

  return {
    ...server,
    authorityHost: server.url,
    pricesUrl: server.url,
    caPem: cert.certPem,
    writeCa(path) {
      writeFileSync(path, cert.certPem);
      return path;
    },
    tenant,
    clientId: entra.clientId,
    clientSecret,
    subscription: arm.subscription,
    entra,
    regions: () => Object.keys(arm.offerings),
    setSpotScore(region, size, score, instances) {
      arm.scores[instances === undefined ? `${region}/${size}` : `${region}/${size}@${instances}`] = score;
    },
    setUsage(region, name, limit, current) {
      const list = (arm.usages[region] ??= []);
      const u = list.find(([n]) => n === name);
      if (u) [u[1], u[2]] = [limit, current];
      else list.push([name, limit, current]);
    },
    setRestrictions(region, size, restrictions) {
      const o = (arm.offerings[region] ?? []).find((x) => x.size === size);
      if (!o) throw new Error(`azure fake: ${size} is not offered in ${region}`);
      o.restrictions = structuredClone(restrictions);
    },
    removePrices(size) {
      prices = prices.filter((p) => p.size !== size);
    },
    failNext(fault, times, pathPart) {
      server.failNext(faultReply(fault), times, (req) => !pathPart || req.rawPath.includes(pathPart));
    },
  };
}
