import type { FakeMachineType, FakeQuota, FakeZone } from './data.js';

// Compute Engine v1 REST JSON as gcp.md §1-4 gives it: accelerator and machine type items, name
// filters and page tokens (aggregated.ts pages them), regions with quotas, Google error bodies.

export const API = 'https://www.googleapis.com/compute/v1';
const EPOCH = '1969-12-31T16:00:00.000-08:00';

export type Item = Record<string, unknown> & { name: string };

export function googleError(code: number, status: string, message: string, reason: string, domain = 'global'): string {
  return JSON.stringify({ error: { code, message, errors: [{ message, domain, reason }], status } });
}

export const ERRORS = {
  unauthenticated: () =>
    googleError(
      401,
      'UNAUTHENTICATED',
      'Request had invalid authentication credentials. ' +
        'Expected OAuth 2 access token, login cookie or other valid authentication credential. ' +
        'See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      'authError',
    ),
  notFound: (what: string) => googleError(404, 'NOT_FOUND', `The resource '${what}' was not found`, 'notFound'),
  badFilter: (filter: string) =>
    googleError(400, 'INVALID_ARGUMENT', `Invalid value for field 'filter': '${filter}'. Invalid list filter expression.`, 'invalid'),
  rateLimited429: () =>
    googleError(
      429,
      'RESOURCE_EXHAUSTED',
      "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' " +
        "of service 'compute.googleapis.com' for consumer 'project_number:123456789012'.",
      'rateLimitExceeded',
    ),
  rateLimited403: () =>
    googleError(
      403,
      'PERMISSION_DENIED',
      "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' " +
        "of service 'compute.googleapis.com' for consumer 'project_number:123456789012'.",
      'rateLimitExceeded',
      'usageLimits',
    ),
  forbidden: (project: string) =>
    googleError(403, 'PERMISSION_DENIED', `Required 'compute.regions.get' permission for 'projects/${project}'`, 'forbidden'),
  unavailable: () => googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.', 'backendError'),
};

export function acceleratorItem(project: string, zone: string, name: string, maxCards: number): Item {
  return {
    kind: 'compute#acceleratorType',
    id: String(10_000 + (hash(name) % 90_000)),
    creationTimestamp: EPOCH,
    name,
    description: name.replace(/-/g, ' ').toUpperCase(),
    zone: `${API}/projects/${project}/zones/${zone}`,
    selfLink: `${API}/projects/${project}/zones/${zone}/acceleratorTypes/${name}`,
    maximumCardsPerInstance: maxCards,
  };
}

export function machineTypeItem(project: string, zone: string, m: FakeMachineType): Item {
  return {
    kind: 'compute#machineType',
    id: String(1_000_000 + (hash(m.name) % 900_000)),
    creationTimestamp: EPOCH,
    name: m.name,
    description: `${m.vcpus} vCPUs, ${m.memoryGb} GB RAM${m.gpu ? `, ${m.gpu[1]} accelerator(s)` : ''}`,
    guestCpus: m.vcpus,
    memoryMb: m.memoryGb * 1024,
    imageSpaceGb: 0,
    maximumPersistentDisks: 128,
    maximumPersistentDisksSizeGb: '263168',
    zone,
    selfLink: `${API}/projects/${project}/zones/${zone}/machineTypes/${m.name}`,
    isSharedCpu: false,
    ...(m.gpu ? { accelerators: [{ guestAcceleratorType: m.gpu[0], guestAcceleratorCount: m.gpu[1] }] } : {}),
    architecture: 'X86_64',
  };
}

/** The offset a pageToken stands for; undefined for a token this fake never gave out. */
export function pageOffset(token: string | null): number | undefined {
  if (!token) return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  return m ? Number(m[1]) : undefined;
}

/**
 * The two filter forms Compute takes on names: `name eq 'RE2'` (whole-name match) and
 * `name = "x"`; null for anything else, which the API rejects as an invalid filter.
 */
export function nameFilter(filter: string | null): ((name: string) => boolean) | null {
  if (!filter) return () => true;
  const re = /^\s*name\s+eq\s+'(.*)'\s*$/.exec(filter);
  if (re) {
    const pattern = new RegExp(`^(?:${re[1]})$`);
    return (name) => pattern.test(name);
  }
  const eq = /^\s*name\s*=\s*"(.*)"\s*$/.exec(filter);
  return eq ? (name) => name === eq[1] : null;
}

export function regionBody(
  project: string,
  region: string,
  zones: FakeZone[],
  quotas: FakeQuota[] | 'unavailable',
): Record<string, unknown> {
  return {
    kind: 'compute#region',
    id: String(1000 + (hash(region) % 9000)),
    creationTimestamp: EPOCH,
    name: region,
    description: region,
    status: 'UP',
    zones: zones.filter((z) => z.name.startsWith(`${region}-`)).map((z) => `${API}/projects/${project}/zones/${z.name}`),
    ...(quotas === 'unavailable'
      ? {
          quotas: [],
          quotaStatusWarning: {
            code: 'QUOTA_INFO_UNAVAILABLE',
            message: 'Quota information is not available to client requests.',
            data: [],
          },
        }
      : { quotas: quotas.map(([metric, limit, usage]) => ({ metric, limit, usage })) }),
    selfLink: `${API}/projects/${project}/regions/${region}`,
    supportsPzs: false,
  };
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}
