import { startFakeServer, type Fault, type FakeServer, type FakeServerOptions, type Reply } from '../../fake-kit/server.js';
import { DEFAULT_CAPACITY, DEFAULT_INSTANCE_TYPES, DEFAULT_REGIONS, type LambdaFakeInstanceType, type LambdaFakeRegion } from './data.js';

export * from './data.js';

// A loopback Lambda Cloud speaking the documented wire format (shared/provider-apis/lambda.md).
// Tests and the demo market drive it through the returned controls; nothing here is random.

export type LambdaFault = Fault;

export interface LambdaFakeOptions extends FakeServerOptions {
  apiKey?: string;
  instanceTypes?: LambdaFakeInstanceType[];
  regions?: LambdaFakeRegion[];
  /** Instance-type name → regions with capacity now. */
  capacity?: Record<string, string[]>;
}

/** A request, with when it arrived and when its answer was sent (0 until then). */
export type LambdaFakeRequest = { method: string; path: string; authorized: boolean; at: number; answeredAt: number };

export interface LambdaFake extends FakeServer<LambdaFakeRequest> {
  apiKey: string;
  setCapacity(instanceType: string, regions: string[]): void;
  capacity(): Record<string, string[]>;
  setPrice(instanceType: string, cents: number): void;
}

const ERRORS: Record<number, [code: string, message: string, suggestion?: string]> = {
  401: ['global/invalid-api-key', 'API key was invalid, expired, or deleted.', 'Check your API key or create a new one, then try again.'],
  403: [
    'global/account-inactive',
    'Your account is inactive.',
    'Make sure you have verified your email address and have a valid payment method. Contact Support if problems continue.',
  ],
  404: ['global/not-found', 'The requested resource was not found.'],
  // Made up: Lambda documents no 429 body, so this code and text are ours.
  429: ['global/rate-limited', 'Too many requests.', 'Wait before retrying.'],
  500: ['global/internal-error', 'Internal error.'],
  503: ['provider/internal-unavailable', 'Provider unavailable', 'Try again shortly'],
};

export function lambdaErrorBody(status: number): string {
  const [code, message, suggestion] = ERRORS[status] ?? ERRORS[500]!;
  return JSON.stringify({ error: { code, message, ...(suggestion ? { suggestion } : {}) } });
}

const json = (status: number, body: unknown): Reply => ({ status, body: JSON.stringify(body) });

export async function startLambdaFake(opts: LambdaFakeOptions = {}): Promise<LambdaFake> {
  const apiKey = opts.apiKey ?? 'secret_gpu-radar-fake_0123456789abcdef';
  const types = (opts.instanceTypes ?? DEFAULT_INSTANCE_TYPES).map((t) => ({ ...t, specs: { ...t.specs } }));
  const regions = (opts.regions ?? DEFAULT_REGIONS).map((r) => ({ ...r }));
  const cap = structuredClone(opts.capacity ?? DEFAULT_CAPACITY);

  const find = (name: string): LambdaFakeInstanceType => {
    const t = types.find((x) => x.name === name);
    if (t) return t;
    throw new Error(`lambda fake: unknown instance type ${name}`);
  };
  const authorized = (h: string | undefined): boolean => {
    const [scheme = '', value = ''] = (h ?? '').split(' ');
    if (scheme.toLowerCase() === 'bearer') return value === apiKey;
    return scheme.toLowerCase() === 'basic' && Buffer.from(value, 'base64').toString() === `${apiKey}:`;
  };
  const describe = (name: string) => regions.find((r) => r.name === name)?.description ?? name;
  const available = (t: LambdaFakeInstanceType) => (cap[t.name] ?? []).map((name) => ({ name, description: describe(name) }));

  const server = await startFakeServer<LambdaFakeRequest>({
    ...opts,
    errorReply: (status) => ({ status, body: lambdaErrorBody(status) }),
    log(req) {
      const entry = { method: req.method, path: req.rawPath, authorized: authorized(req.headers.authorization), at: req.at, answeredAt: 0 };
      req.onAnswered(() => (entry.answeredAt = Date.now()));
      return entry;
    },
    route({ method, path }, entry) {
      if (!entry.authorized) return { status: 401, body: lambdaErrorBody(401) };
      if (method === 'GET' && path === '/api/v1/regions') return json(200, { data: regions });
      if (method !== 'GET' || path !== '/api/v1/instance-types') return { status: 404, body: lambdaErrorBody(404) };
      const data = types.map((t) => [t.name, { instance_type: t, regions_with_capacity_available: available(t) }]);
      return json(200, { data: Object.fromEntries(data) });
    },
  });

  return {
    ...server,
    apiKey,
    setCapacity(name, list) {
      find(name);
      cap[name] = [...list];
    },
    capacity: () => structuredClone(cap),
    setPrice(name, cents) {
      find(name).price_cents_per_hour = cents;
    },
  };
}
