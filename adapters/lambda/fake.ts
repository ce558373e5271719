import { createServer, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../src/lib/loopback-server.js';

// A loopback Lambda Cloud speaking the documented wire format (shared/provider-apis/lambda.md).
// Tests and the demo market drive it through the returned controls; nothing here is random.

export interface LambdaFakeInstanceType {
  name: string;
  description: string;
  gpu_description: string;
  price_cents_per_hour: number;
  specs: { vcpus: number; memory_gib: number; storage_gib: number; gpus: number };
}
export type LambdaFakeRegion = { name: string; description: string };
export type LambdaFault = { status: number; body?: string; headers?: Record<string, string> } | 'garbage' | 'truncated' | 'hang';

export interface LambdaFakeOptions {
  apiKey?: string;
  /** @defaultValue '127.0.0.1', port 0 (any free port) */
  host?: string;
  port?: number;
  instanceTypes?: LambdaFakeInstanceType[];
  regions?: LambdaFakeRegion[];
  /** Instance-type name → regions with capacity now. */
  capacity?: Record<string, string[]>;
  /** Requests closer than this to the previous one get 429. @defaultValue 0 (off) */
  minIntervalMs?: number;
  /** Serve under this path only, as behind a reverse proxy, e.g. `/proxy`. */
  pathPrefix?: string;
}

export interface LambdaFake {
  /** Origin without path prefix, e.g. `http://127.0.0.1:1234`. */
  url: string;
  apiKey: string;
  requestCount(): number;
  /** Every request, with when it arrived and when its answer was sent (0 until then). */
  requests: { method: string; path: string; authorized: boolean; at: number; answeredAt: number }[];
  setCapacity(instanceType: string, regions: string[]): void;
  capacity(): Record<string, string[]>;
  setPrice(instanceType: string, cents: number): void;
  failNext(fault: LambdaFault, times?: number): void;
  close(): Promise<void>;
}

type Specs = [vcpus: number, memoryGiB: number, storageGiB: number, gpus: number];
const type = (name: string, gpu: string, cents: number, [vcpus, memory_gib, storage_gib, gpus]: Specs): LambdaFakeInstanceType => ({
  name,
  description: `${gpus}x ${gpu}`,
  gpu_description: gpu,
  price_cents_per_hour: cents,
  specs: { vcpus, memory_gib, storage_gib, gpus },
});

export const DEFAULT_INSTANCE_TYPES: LambdaFakeInstanceType[] = [
  type('gpu_1x_a10', 'A10 (24 GB PCIe)', 75, [30, 200, 1400, 1]),
  type('gpu_1x_a100_sxm4', 'A100 (40 GB SXM4)', 129, [30, 200, 512, 1]),
  type('gpu_8x_a100_80gb_sxm4', 'A100 (80 GB SXM4)', 1432, [240, 1800, 19500, 8]),
  type('gpu_1x_h100_pcie', 'H100 (80 GB PCIe)', 249, [26, 200, 1024, 1]),
  type('gpu_1x_h100_sxm5', 'H100 (80 GB SXM5)', 329, [26, 225, 2750, 1]),
  type('gpu_8x_h100_sxm5', 'H100 (80 GB SXM5)', 3592, [208, 1800, 24780, 8]),
  type('gpu_1x_gh200', 'GH200 (96 GB)', 149, [64, 432, 4096, 1]),
  type('gpu_8x_b200_sxm6', 'B200 (180 GB SXM6)', 5352, [208, 2900, 22528, 8]),
  type('gpu_8x_v100', 'Tesla V100 (16 GB)', 440, [92, 448, 5800, 8]),
  type('gpu_1x_a6000', 'A6000 (48 GB)', 80, [14, 46, 512, 1]),
  { ...type('cpu_4x_general', '', 20, [4, 16, 256, 0]), description: '4x CPU (General)' },
];

export const DEFAULT_REGIONS: LambdaFakeRegion[] = [
  ['us-east-1', 'Virginia, USA'],
  ['us-east-2', 'Washington DC, USA'],
  ['us-east-3', 'Georgia, USA'],
  ['us-west-1', 'California, USA'],
  ['us-west-2', 'Arizona, USA'],
  ['us-west-3', 'Utah, USA'],
  ['us-south-1', 'Texas, USA'],
  ['us-south-2', 'Texas, USA'],
  ['us-south-3', 'Texas, USA'],
  ['us-midwest-1', 'Illinois, USA'],
  ['europe-central-1', 'Frankfurt, Germany'],
  ['europe-south-1', 'Milan, Italy'],
  ['asia-northeast-1', 'Tokyo, Japan'],
  ['asia-northeast-2', 'Osaka, Japan'],
  ['asia-south-1', 'Bangalore, India'],
  ['australia-east-1', 'Sydney, Australia'],
  ['me-west-1', 'Tel Aviv, Israel'],
].map(([name, description]) => ({ name: name!, description: description! }));

export const DEFAULT_CAPACITY: Record<string, string[]> = {
  gpu_8x_h100_sxm5: ['us-east-1', 'us-south-2'],
  gpu_1x_a10: ['us-west-1', 'us-east-1'],
  gpu_1x_a100_sxm4: ['us-west-2'],
  gpu_1x_h100_pcie: ['us-west-3'],
  gpu_1x_h100_sxm5: ['us-south-1'],
  gpu_8x_a100_80gb_sxm4: ['us-midwest-1'],
  gpu_1x_a6000: ['europe-central-1', 'asia-northeast-1'],
  cpu_4x_general: ['us-east-1'],
};

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

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export async function startLambdaFake(opts: LambdaFakeOptions = {}): Promise<LambdaFake> {
  const apiKey = opts.apiKey ?? 'secret_gpu-radar-fake_0123456789abcdef';
  const types = (opts.instanceTypes ?? DEFAULT_INSTANCE_TYPES).map((t) => ({ ...t, specs: { ...t.specs } }));
  const regions = (opts.regions ?? DEFAULT_REGIONS).map((r) => ({ ...r }));
  const cap = structuredClone(opts.capacity ?? DEFAULT_CAPACITY);
  const prefix = (opts.pathPrefix ?? '').replace(/\/+$/, '');
  const minIntervalMs = opts.minIntervalMs ?? 0;
  const requests: LambdaFake['requests'] = [];
  const faults: LambdaFault[] = [];
  let lastAt = -Infinity;

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
  const route = (method: string, path: string, ok: boolean): [number, string] => {
    if (!ok) return [401, lambdaErrorBody(401)];
    const p = path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : '';
    if (method === 'GET' && p === '/api/v1/regions') return [200, JSON.stringify({ data: regions })];
    if (method !== 'GET' || p !== '/api/v1/instance-types') return [404, lambdaErrorBody(404)];
    const data = Object.fromEntries(
      types.map((t) => [
        t.name,
        {
          instance_type: t,
          regions_with_capacity_available: (cap[t.name] ?? []).map((name) => ({ name, description: describe(name) })),
        },
      ]),
    );
    return [200, JSON.stringify({ data })];
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const ok = authorized(req.headers.authorization);
    const seen = { method: req.method ?? 'GET', path, authorized: ok, at: Date.now(), answeredAt: 0 };
    requests.push(seen);
    res.once('finish', () => (seen.answeredAt = Date.now()));
    const wait = lastAt + minIntervalMs - Date.now();
    lastAt = Date.now();
    const fault = faults.shift();
    if (fault === 'hang') return; // close() destroys the socket
    if (fault === 'garbage') return send(res, 200, '<html><body>502 Bad Gateway</body></html>', { 'content-type': 'text/html' });
    if (typeof fault === 'object') return send(res, fault.status, fault.body ?? lambdaErrorBody(fault.status), fault.headers);
    if (minIntervalMs > 0 && wait > 0) {
      return send(res, 429, lambdaErrorBody(429), { 'retry-after': String(Math.ceil(wait / 1000)) });
    }
    const [status, body] = route(req.method ?? 'GET', path, ok);
    send(res, status, fault === 'truncated' ? body.slice(0, Math.floor(body.length / 2)) : body);
  });
  const listening = await listenOnLoopback(server, { host: opts.host, port: opts.port, scheme: 'http' });

  return {
    url: listening.url,
    apiKey,
    requestCount: () => requests.length,
    requests,
    setCapacity(name, list) {
      find(name);
      cap[name] = [...list];
    },
    capacity: () => structuredClone(cap),
    setPrice(name, cents) {
      find(name).price_cents_per_hour = cents;
    },
    failNext(fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    close: listening.close,
  };
}
