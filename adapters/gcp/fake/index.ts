import { writeFileSync } from 'node:fs';
import { startFakeServer, type Fault, type FakeServer, type FakeServerOptions, type Reply } from '../../fake-kit/server.js';
import { BILLING_SKUS_PATH, billingPage } from './billing.js';
import { FakeTokenIssuer, generateServiceAccount, serviceAccountFile, type FakeServiceAccount } from './auth.js';
import { ERRORS, regionBody } from './compute.js';
import { aggregatedList } from './aggregated.js';
import { QUOTAS, SKUS, ZONES, type FakeQuota, type FakeSku, type FakeZone } from './data.js';

export * from './auth.js';
export * from './data.js';

// A loopback Google Cloud: the OAuth token endpoint (JWT bearer grant), Compute Engine v1 REST
// (aggregated accelerator and machine types, regions with quotas) and the Cloud Billing Catalog
// (Compute Engine SKUs), in the wire formats of shared/provider-apis/gcp.md. Every API call needs
// a token the fake issued. Tests and the demo market drive it through the returned controls.

export type GcpFault =
  | { kind: 'rate-limit-429'; retryAfterSeconds?: number }
  | { kind: 'rate-limit-403'; retryAfterSeconds?: number }
  | { kind: 'forbidden' }
  | { kind: 'unavailable' }
  | Fault;

export interface GcpFakeOptions extends Pick<FakeServerOptions, 'host' | 'port'> {
  project?: string;
  /** The key whose public half checks token assertions; generated when absent. */
  serviceAccount?: FakeServiceAccount;
  /** Lifetime of issued access tokens. @defaultValue 3600 s */
  tokenTtlSeconds?: number;
  /** Cap on items per aggregated-list page, whatever maxResults asks, to force pagination. */
  pageSize?: number;
  zones?: FakeZone[];
  quotas?: Record<string, FakeQuota[]>;
  skus?: FakeSku[];
  /** Billing Catalog served under this path, as behind a proxy, e.g. `/billing`. */
  billingPrefix?: string;
}

export interface GcpFakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorized: boolean;
}

/** Compute origin (GPU_RADAR_GCP_URL) in `url`. */
export interface GcpFake extends Omit<FakeServer<GcpFakeRequest>, 'failNext'> {
  /** Billing Catalog base (GPU_RADAR_GCP_BILLING_URL), with the prefix if any. */
  billingUrl: string;
  tokenUrl: string;
  project: string;
  serviceAccount: FakeServiceAccount;
  /** Writes the key file GOOGLE_APPLICATION_CREDENTIALS names (token_uri → this fake). */
  writeCredentials(path: string): string;
  regions(): string[];
  tokens: FakeTokenIssuer;
  setQuota(region: string, metric: string, limit: number, usage: number): void;
  removeQuota(region: string, metric: string): void;
  /** Quotas come back empty with a QUOTA_INFO_UNAVAILABLE warning (or normal again). */
  setQuotasUnavailable(region: string, unavailable: boolean): void;
  /** Replaces what a zone offers (accelerator types and machine types). */
  setZone(zone: string, accelerators: string[], machineTypes: string[]): void;
  /** Drops every SKU whose description contains `text`. */
  removeSkus(text: string): void;
  /** Answers the next `times` API requests (optionally only those whose path contains `pathPart`) with the fault. */
  failNext(fault: GcpFault, times?: number, pathPart?: string): void;
}

export async function startGcpFake(opts: GcpFakeOptions = {}): Promise<GcpFake> {
  const project = opts.project ?? 'gpu-radar-fake';
  const sa = opts.serviceAccount ?? generateServiceAccount();
  const zones = structuredClone(opts.zones ?? ZONES);
  const quotas: Record<string, FakeQuota[]> = structuredClone(opts.quotas ?? QUOTAS);
  const unavailableQuotas = new Set<string>();
  let skus = structuredClone(opts.skus ?? SKUS);
  const billingPrefix = (opts.billingPrefix ?? '').replace(/\/+$/, '');
  let origin = '';
  const tokens = new FakeTokenIssuer(new Map([[sa.email, sa.publicKeyPem]]), () => `${origin}/token`, opts.tokenTtlSeconds);

  const notFound = (what: string): Reply => ({ status: 404, body: ERRORS.notFound(what) });
  const route = (method: string, path: string, q: URLSearchParams): Reply => {
    if (billingPrefix + BILLING_SKUS_PATH === path && method === 'GET') return billingPage(skus, q);
    const m = /^\/compute\/v1\/projects\/([^/]+)\/(.+)$/.exec(path);
    if (!m || method !== 'GET') return notFound(path);
    const [, p, rest] = m as unknown as [string, string, string];
    if (p !== project) return notFound(`projects/${p}`);
    if (rest === 'aggregated/acceleratorTypes') return aggregatedList('acceleratorTypes', project, zones, q, opts.pageSize);
    if (rest === 'aggregated/machineTypes') return aggregatedList('machineTypes', project, zones, q, opts.pageSize);
    const r = /^regions\/([^/]+)$/.exec(rest);
    if (r && quotas[r[1]!] !== undefined) {
      const region = r[1]!;
      const body = regionBody(project, region, zones, unavailableQuotas.has(region) ? 'unavailable' : quotas[region]!);
      return { status: 200, body: JSON.stringify(body) };
    }
    return notFound(`projects/${project}/${rest}`);
  };

  const server = await startFakeServer<GcpFakeRequest>({
    host: opts.host,
    port: opts.port,
    contentType: 'application/json; charset=UTF-8',
    errorReply: (status) => ({ status, body: JSON.stringify({ error: { code: status, message: 'Internal error', status: 'INTERNAL' } }) }),
    early(req) {
      if (req.method !== 'POST' || req.rawPath !== '/token') return undefined;
      const [status, json] = tokens.exchange(new URLSearchParams(req.text));
      return { status, body: JSON.stringify(json) };
    },
    log: (req) => ({
      method: req.method,
      path: req.rawPath,
      query: Object.fromEntries(req.query),
      authorized: tokens.valid(req.headers.authorization),
    }),
    gate: (_req, entry) =>
      entry.authorized
        ? undefined
        : { status: 401, body: ERRORS.unauthenticated(), headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' } },
    route: (req) => route(req.method, req.rawPath, req.query),
  });
  origin = server.url;
  const faultReply = (fault: GcpFault): Fault => {
    if (typeof fault === 'string' || !('kind' in fault)) return fault;
    const retry: Record<string, string> =
      'retryAfterSeconds' in fault && fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    if (fault.kind === 'rate-limit-429') return { status: 429, body: ERRORS.rateLimited429(), headers: retry };
    if (fault.kind === 'rate-limit-403') return { status: 403, body: ERRORS.rateLimited403(), headers: retry };
    if (fault.kind === 'forbidden') return { status: 403, body: ERRORS.forbidden(project) };
    return { status: 503, body: ERRORS.unavailable() };
  };

  return {
    ...server,
    billingUrl: origin + billingPrefix,
    tokenUrl: `${origin}/token`,
    project,
    serviceAccount: sa,
    writeCredentials(path) {
      writeFileSync(path, JSON.stringify(serviceAccountFile(sa, project, `${origin}/token`), null, 2), { mode: 0o600 });
      return path;
    },
    regions: () => Object.keys(quotas),
    tokens,
    setQuota(region, metric, limit, usage) {
      const list = (quotas[region] ??= []);
      const q = list.find(([m]) => m === metric);
      if (q) [q[1], q[2]] = [limit, usage];
      else list.push([metric, limit, usage]);
    },
    removeQuota(region, metric) {
      quotas[region] = (quotas[region] ?? []).filter(([m]) => m !== metric);
    },
    setQuotasUnavailable(region, unavailable) {
      if (unavailable) unavailableQuotas.add(region);
      else unavailableQuotas.delete(region);
    },
    setZone(name, accelerators, machineTypes) {
      const z = zones.find((x) => x.name === name);
      if (!z) throw new Error(`gcp fake: unknown zone ${name}`);
      z.accelerators = [...accelerators];
      z.machineTypes = [...machineTypes];
    },
    removeSkus(text) {
      skus = skus.filter((s) => !s.description.includes(text));
    },
    failNext(fault, times, pathPart) {
      server.failNext(faultReply(fault), times, (req) => !pathPart || req.rawPath.includes(pathPart));
    },
  };
}
