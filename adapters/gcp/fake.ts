import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { FakeTokenIssuer, generateServiceAccount, serviceAccountFile, type FakeServiceAccount } from './fake-auth.js';
import { ERRORS, acceleratorItem, aggregatedPage, machineTypeItem, nameFilter, pageOffset, regionBody, type Item } from './fake-compute.js';
import { MACHINE_TYPES, MAX_CARDS, QUOTAS, SKUS, ZONES, type FakeQuota, type FakeSku, type FakeZone } from './fake-data.js';
import { listenOnLoopback, readBody } from '../../src/lib/loopback-server.js';

// A loopback Google Cloud: the OAuth token endpoint (JWT bearer grant), Compute Engine v1 REST
// (aggregated accelerator and machine types, regions with quotas) and the Cloud Billing Catalog
// (Compute Engine SKUs), in the wire formats of shared/provider-apis/gcp.md. Every API call needs
// a token the fake issued. Tests and the demo market drive it through the returned controls.

export type GcpFault =
  | { kind: 'rate-limit-429'; retryAfterSeconds?: number }
  | { kind: 'rate-limit-403'; retryAfterSeconds?: number }
  | { kind: 'forbidden' }
  | { kind: 'unavailable' };

export interface GcpFakeOptions {
  project?: string;
  host?: string;
  port?: number;
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

export interface GcpFake {
  /** Compute origin (GPU_RADAR_GCP_URL). */
  url: string;
  /** Billing Catalog base (GPU_RADAR_GCP_BILLING_URL), with the prefix if any. */
  billingUrl: string;
  tokenUrl: string;
  project: string;
  serviceAccount: FakeServiceAccount;
  /** Writes the key file GOOGLE_APPLICATION_CREDENTIALS names (token_uri → this fake). */
  writeCredentials(path: string): string;
  regions(): string[];
  requests: GcpFakeRequest[];
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
  close(): Promise<void>;
}

export async function startGcpFake(opts: GcpFakeOptions = {}): Promise<GcpFake> {
  const project = opts.project ?? 'gpu-radar-fake';
  const sa = opts.serviceAccount ?? generateServiceAccount();
  const zones = structuredClone(opts.zones ?? ZONES);
  const quotas: Record<string, FakeQuota[]> = structuredClone(opts.quotas ?? QUOTAS);
  const unavailableQuotas = new Set<string>();
  let skus = structuredClone(opts.skus ?? SKUS);
  const billingPrefix = (opts.billingPrefix ?? '').replace(/\/+$/, '');
  const requests: GcpFakeRequest[] = [];
  const faults: { fault: GcpFault; pathPart?: string }[] = [];
  let origin = '';
  const tokens = new FakeTokenIssuer(new Map([[sa.email, sa.publicKeyPem]]), () => `${origin}/token`, opts.tokenTtlSeconds);

  const aggregated = (kind: 'acceleratorTypes' | 'machineTypes', q: URLSearchParams): [number, string] => {
    const match = nameFilter(q.get('filter'));
    if (!match) return [400, ERRORS.badFilter(q.get('filter') ?? '')];
    const offset = pageOffset(q.get('pageToken'));
    if (offset === undefined)
      return [
        400,
        JSON.stringify({
          error: {
            code: 400,
            message: 'Invalid page token.',
            errors: [{ message: 'Invalid page token.', domain: 'global', reason: 'invalid' }],
            status: 'INVALID_ARGUMENT',
          },
        }),
      ];
    const entries: [string, Item][] = [];
    for (const z of zones) {
      const items =
        kind === 'acceleratorTypes'
          ? z.accelerators.map((a) => acceleratorItem(project, z.name, a, MAX_CARDS[a] ?? 8))
          : z.machineTypes.map((name) =>
              machineTypeItem(
                project,
                z.name,
                MACHINE_TYPES.find((m) => m.name === name)!,
              ),
            );
      for (const item of items.filter((i) => match(i.name))) entries.push([`zones/${z.name}`, item]);
    }
    const max = Math.min(Number(q.get('maxResults') || 500), opts.pageSize ?? 500);
    return [200, JSON.stringify(aggregatedPage(kind, project, zones, entries, offset, max))];
  };

  const billing = (q: URLSearchParams): [number, string] => {
    const offset = pageOffset(q.get('pageToken')) ?? 0;
    const size = Math.min(Number(q.get('pageSize') || 5000), 5000);
    const page = skus.slice(offset, offset + size).map((s, i) => skuJson(s, offset + i));
    const next = offset + size < skus.length ? Buffer.from(`offset:${offset + size}`).toString('base64url') : '';
    return [200, JSON.stringify({ skus: page, nextPageToken: next })];
  };

  const route = (method: string, path: string, q: URLSearchParams): [number, string] => {
    if (billingPrefix + `/v1/services/6F81-5844-456A/skus` === path && method === 'GET') return billing(q);
    const m = /^\/compute\/v1\/projects\/([^/]+)\/(.+)$/.exec(path);
    if (!m || method !== 'GET') return [404, ERRORS.notFound(path)];
    const [, p, rest] = m as unknown as [string, string, string];
    if (p !== project) return [404, ERRORS.notFound(`projects/${p}`)];
    if (rest === 'aggregated/acceleratorTypes') return aggregated('acceleratorTypes', q);
    if (rest === 'aggregated/machineTypes') return aggregated('machineTypes', q);
    const r = /^regions\/([^/]+)$/.exec(rest);
    if (r && quotas[r[1]!] !== undefined) {
      const region = r[1]!;
      return [200, JSON.stringify(regionBody(project, region, zones, unavailableQuotas.has(region) ? 'unavailable' : quotas[region]!))];
    }
    return [404, ERRORS.notFound(`projects/${project}/${rest}`)];
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() =>
      send(res, 500, JSON.stringify({ error: { code: 500, message: 'Internal error', status: 'INTERNAL' } })),
    );
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    if (req.method === 'POST' && url.pathname === '/token') {
      const [status, json] = tokens.exchange(new URLSearchParams(body));
      return send(res, status, JSON.stringify(json));
    }
    const authorized = tokens.valid(req.headers.authorization);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), authorized });
    if (!authorized) return send(res, 401, ERRORS.unauthenticated(), { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' });
    const i = faults.findIndex((f) => !f.pathPart || url.pathname.includes(f.pathPart));
    if (i >= 0) {
      const [{ fault }] = faults.splice(i, 1) as [{ fault: GcpFault }];
      const retry: Record<string, string> =
        'retryAfterSeconds' in fault && fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      if (fault.kind === 'rate-limit-429') return send(res, 429, ERRORS.rateLimited429(), retry);
      if (fault.kind === 'rate-limit-403') return send(res, 403, ERRORS.rateLimited403(), retry);
      if (fault.kind === 'forbidden') return send(res, 403, ERRORS.forbidden(project));
      return send(res, 503, ERRORS.unavailable());
    }
    const [status, json] = route(req.method ?? 'GET', url.pathname, url.searchParams);
    send(res, status, json);
  }

  const listening = await listenOnLoopback(server, { host: opts.host, port: opts.port, scheme: 'http' });
  origin = listening.url;

  return {
    url: origin,
    billingUrl: origin + billingPrefix,
    tokenUrl: `${origin}/token`,
    project,
    serviceAccount: sa,
    writeCredentials(path) {
      writeFileSync(path, JSON.stringify(serviceAccountFile(sa, project, `${origin}/token`), null, 2), { mode: 0o600 });
      return path;
    },
    regions: () => Object.keys(quotas),
    requests,
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
    failNext(fault, times = 1, pathPart) {
      for (let i = 0; i < times; i++) faults.push({ fault, pathPart });
    },
    close: listening.close,
  };
}

function skuJson(s: FakeSku, i: number): Record<string, unknown> {
  const id = `${(0xa000 + i).toString(16).toUpperCase()}-FAKE-${String(i).padStart(4, '0')}`;
  const units = Math.floor(s.usd);
  return {
    name: `services/6F81-5844-456A/skus/${id}`,
    skuId: id,
    description: s.description,
    category: { serviceDisplayName: 'Compute Engine', resourceFamily: 'Compute', resourceGroup: s.resourceGroup, usageType: s.usageType },
    serviceRegions: s.regions,
    pricingInfo: [
      {
        summary: '',
        pricingExpression: {
          usageUnit: s.unit,
          displayQuantity: 1,
          // proto3 JSON omits a zero startUsageAmount.
          tieredRates: [{ unitPrice: { currencyCode: 'USD', units: String(units), nanos: Math.round((s.usd - units) * 1e9) } }],
          usageUnitDescription: s.unit === 'h' ? 'hour' : 'gibibyte hour',
          baseUnit: s.unit === 'h' ? 's' : 'By.s',
          baseUnitDescription: s.unit === 'h' ? 'second' : 'byte second',
          baseUnitConversionFactor: s.unit === 'h' ? 3600 : 3865470566400,
        },
        currencyConversionRate: 1,
        effectiveTime: '2025-01-10T20:14:53.401Z',
      },
    ],
    serviceProviderName: 'Google',
    geoTaxonomy: { type: s.regions.length > 1 ? 'MULTI_REGIONAL' : 'REGIONAL', regions: s.regions },
  };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
