import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCoreweaveAdapter } from '../../adapters/coreweave/index.js';
import {
  type KubeFake,
  type KubeFakeOptions,
  nodeObject,
  startKubeFake,
  throttled,
  throttledStatus,
} from '../../adapters/coreweave/fake/index.js';
import { loadConfig } from '../../config/env.js';
import { startCoreweaveDemo } from '../../adapters/coreweave/demo.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { REDIS_URL, testRedis, type TestRedis } from '../helpers/redis.js';
import { StoredOfferSchema, type StoredOffer } from '../../src/domain/offer.js';
import { createLogger } from '../../src/lib/logger.js';
import { adapterError } from '../helpers/adapter-error.js';
import { freePort } from '../helpers/free-port.js';

const ctx = () => ({ log: createLogger('silent'), signal: new AbortController().signal });
const dir = mkdtempSync(join(tmpdir(), 'gpu-radar-coreweave-test-'));
let files = 0;
const fakes: KubeFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (env: Record<string, string>) => loadConfig({ GPU_RADAR_PROVIDERS: 'coreweave', ...env }).providers.coreweave;

async function setup(opts: KubeFakeOptions = {}, env: Record<string, string> = {}, kubeToken?: string) {
  const fake = await startKubeFake(opts);
  fakes.push(fake);
  const kubeconfig = fake.writeKubeconfig(join(dir, `kubeconfig-${++files}`), { token: kubeToken });
  const adapter = createCoreweaveAdapter(config({ KUBECONFIG: kubeconfig, ...env }));
  const fetch = () => adapter.fetchRaw('cluster', ctx());
  const poll = async () => adapter.normalize(await fetch(), 'cluster');
  return { fake, adapter, fetch, poll, kubeconfig };
}

const byType = (offers: StoredOffer[], instanceType: string, region = 'US-EAST-04') =>
  offers.find((o) => o.instanceType === instanceType && o.region === region);
const free = (offers: StoredOffer[], instanceType: string, region?: string) =>
  byType(offers, instanceType, region)?.availability.availableGpus;

describe('coreweave adapter against the Kubernetes fake', () => {
  it('counts free GPUs per node group and pod size from the default cluster', async () => {
    const { adapter, poll, fake } = await setup();
    expect(adapter.scopes()).toEqual(['cluster']);
    const { offers, unknownGpus, dropped } = await poll();
    expect(unknownGpus).toEqual([]);
    expect(dropped).toBeUndefined();
    for (const o of offers) expect(StoredOfferSchema.safeParse(o).error?.issues ?? []).toEqual([]);

    // H100: node a fully free (its Succeeded pod holds nothing), b has 5 free, c is full, d is cordoned.
    const h100 = byType(offers, '8x-H100_NVLINK_80GB')!;
    expect(h100).toMatchObject({
      id: 'coreweave:US-EAST-04:US-EAST-04A:8x-H100_NVLINK_80GB:on-demand',
      zone: 'US-EAST-04A',
      location: { country: 'US', continent: 'north-america', geo: 'us' },
      gpu: { id: 'H100-SXM', model: 'H100', variant: 'SXM', count: 8, memoryGiB: 80 },
      market: 'on-demand',
      price: { perHourUsd: 49.24 },
      availability: { status: 'available', signal: 'count', availableGpus: 8 },
      attributes: { largestFreeGpusOnNode: 8, nodes: 4, schedulableNodes: 3 },
    });
    expect(h100.price.note).toContain('adapters/coreweave/prices.ts');
    expect(h100.availability.observedAt).toBeUndefined();
    expect([1, 2, 4, 8].map((k) => free(offers, `${k}x-H100_NVLINK_80GB`))).toEqual([13, 12, 12, 8]);

    // A100: 4 free on each of two nodes, 8 in all, yet no node can host an 8-GPU pod.
    expect(byType(offers, '8x-A100_NVLINK_80GB')?.availability).toMatchObject({ status: 'unavailable', availableGpus: 0 });
    expect(byType(offers, '4x-A100_NVLINK_80GB')?.availability).toMatchObject({ status: 'available', availableGpus: 8 });
    expect(byType(offers, '8x-A100_NVLINK_80GB')?.attributes).toEqual({ largestFreeGpusOnNode: 4, nodes: 2, schedulableNodes: 2 });

    // A not-Ready node counts nothing; a GPU without a list price says why.
    const pcie = byType(offers, '8x-H100_PCIE', 'US-WEST-04')!;
    expect(pcie.availability).toMatchObject({ status: 'unavailable', availableGpus: 0 });
    expect(pcie.price).toMatchObject({ perHourUsd: null, perGpuHourUsd: null });
    expect(pcie.price.note).toContain('no price API');
    expect(free(offers, '8x-L40S', 'US-WEST-04')).toBe(8);
    expect(fake.requests.every((r) => r.authorized)).toBe(true);
  });

  it('pages nodes and pods with limit and continue, and gets the same answer as one page', async () => {
    const { fake, poll } = await setup({}, { GPU_RADAR_COREWEAVE_PAGE_SIZE: '2' });
    const paged = await poll();
    const nodes = fake.requests.filter((r) => r.path === '/api/v1/nodes');
    const pods = fake.requests.filter((r) => r.path === '/api/v1/pods');
    expect(nodes).toHaveLength(5); // 9 nodes, 2 a page
    expect(pods).toHaveLength(3); // 6 pods still holding GPUs
    expect(nodes.every((r) => r.query.limit === '2')).toBe(true);
    expect(nodes[0]!.query.continue).toBeUndefined();
    expect(nodes.slice(1).every((r) => r.query.continue)).toBe(true);
    expect(pods.every((r) => r.query.fieldSelector === 'status.phase!=Succeeded,status.phase!=Failed')).toBe(true);

    const { poll: whole } = await setup();
    expect(paged).toEqual(await whole());
  });

  it('starts a list over when its continue token expires (410), once', async () => {
    const { fake, poll } = await setup({}, { GPU_RADAR_COREWEAVE_PAGE_SIZE: '4' });
    fake.failNext('pass');
    fake.failNext({ status: 410 });
    expect(free((await poll()).offers, '8x-H100_NVLINK_80GB')).toBe(8);
    expect(fake.requests.slice(0, 3).map((r) => r.query.continue === undefined)).toEqual([true, false, true]);
  });

  it('the fake expires continue tokens like the API server when its history is compacted', async () => {
    const { fake } = await setup();
    const get = (q: string) =>
      new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = request(
          `${fake.url}/api/v1/nodes?${q}`,
          { ca: fake.caPem, headers: { authorization: `Bearer ${fake.token}` } },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const first = await get('limit=3');
    expect(first.body).toMatchObject({ kind: 'NodeList', metadata: { remainingItemCount: 6 } });
    expect(first.body.items).toHaveLength(3);
    fake.compact();
    const expired = await get(`limit=3&continue=${first.body.metadata.continue}`);
    expect(expired).toMatchObject({ status: 410, body: { kind: 'Status', reason: 'Expired', code: 410 } });
    expect(await get(`limit=3&resourceVersion=1&continue=${first.body.metadata.continue}`)).toMatchObject({ status: 400 });
    expect(await get('fieldSelector=spec.nodeName%3Dx')).toMatchObject({
      status: 400,
      body: { message: 'field label not supported: spec.nodeName' },
    });
  });

  it('follows pods as they come and go', async () => {
    const { fake, poll } = await setup();
    fake.addPod({ name: 'big', namespace: 'ml', node: 'g-h100-a', gpus: 8, phase: 'Pending' });
    expect(byType((await poll()).offers, '8x-H100_NVLINK_80GB')?.availability).toMatchObject({ status: 'unavailable', availableGpus: 0 });
    fake.setPodPhase('big', 'Succeeded', 'ml');
    fake.setPodPhase('train-c', 'Failed', 'ml');
    expect(free((await poll()).offers, '8x-H100_NVLINK_80GB')).toBe(16);
    fake.addPod({ name: 'unscheduled', gpus: 8, phase: 'Pending' });
    fake.updateNode('g-h100-d', { unschedulable: false });
    expect(free((await poll()).offers, '8x-H100_NVLINK_80GB')).toBe(24);
  });

  it('counts a GPU node without a class label, or with an unknown class, as unknown and keeps the rest', async () => {
    const nodes = [
      { name: 'g-h100-a', gpuClass: 'H100_NVLINK_80GB', gpus: 8 },
      { name: 'g-mystery', gpuClass: null, gpus: 8 },
      { name: 'g-a40', gpuClass: 'A40', gpus: 8 },
    ];
    const { poll } = await setup({ nodes, pods: [] });
    const { offers, unknownGpus } = await poll();
    expect([...unknownGpus].sort()).toEqual(['A40', 'node g-mystery: no gpu.nvidia.com/class label']);
    expect(new Set(offers.map((o) => o.gpu.id))).toEqual(new Set(['H100-SXM']));
    expect(free(offers, '8x-H100_NVLINK_80GB')).toBe(8);
  });

  it('drops and counts a malformed node in the middle of a page, and a node whose pod it cannot read', async () => {
    const broken = nodeObject({ name: 'g-h100-b', gpuClass: 'H100_NVLINK_80GB', gpus: 8 });
    broken.status!.allocatable = { 'nvidia.com/gpu': 8 }; // a number, where Kubernetes always sends a string
    const badPod = {
      metadata: { name: 'odd', namespace: 'ml' },
      spec: { nodeName: 'g-h100-c', containers: [{ name: 'm', resources: { limits: { 'nvidia.com/gpu': 'lots' } } }] },
      status: { phase: 'Running' },
    };
    const nodes = [
      { name: 'g-h100-a', gpuClass: 'H100_NVLINK_80GB', gpus: 8 },
      broken,
      { name: 'g-h100-c', gpuClass: 'H100_NVLINK_80GB', gpus: 8 },
      { name: 'g-h100-d', gpuClass: 'H100_NVLINK_80GB', gpus: 8 },
    ];
    const { poll } = await setup({ nodes, pods: [badPod] }, { GPU_RADAR_COREWEAVE_PAGE_SIZE: '3' });
    const { offers, dropped } = await poll();
    expect(dropped).toBe(2);
    expect(free(offers, '8x-H100_NVLINK_80GB')).toBe(16); // a and d; b malformed, c unknowable
  });

  it('places nodes without a region label in GPU_RADAR_COREWEAVE_REGION, or drops them', async () => {
    const nodes = [{ name: 'g-1', gpuClass: 'L40S', gpus: 8, region: null, zone: null }];
    const { poll } = await setup({ nodes, pods: [] }, { GPU_RADAR_COREWEAVE_REGION: 'EU-SOUTH-03' });
    expect((await poll()).offers.map((o) => [o.id, o.location.geo])).toContainEqual(['coreweave:EU-SOUTH-03:8x-L40S:on-demand', 'eu']);
    const { poll: without } = await setup({ nodes, pods: [] });
    expect(await without()).toEqual({ offers: [], unknownGpus: [], dropped: 1 });
  });
});

describe('coreweave adapter failures', () => {
  it('a wrong token is auth (401) and the error never carries a token', async () => {
    const wrong = 'cw-wrong-token-5f3a9c';
    const { fake, fetch } = await setup({}, {}, wrong);
    const err = await adapterError(fetch());
    expect(err).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(err.message).toContain('rejected the credentials');
    for (const text of [err.message, JSON.stringify(err), String(err.stack)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(fake.token);
    }
  });

  it('a token without RBAC is auth (403) with the Status message', async () => {
    const { fetch } = await setup({ forbiddenToken: 'viewer-token' }, {}, 'viewer-token');
    const err = await adapterError(fetch());
    expect(err).toMatchObject({ kind: 'auth', status: 403 });
    expect(err.message).toContain(
      'Forbidden: nodes is forbidden: User "system:serviceaccount:default:viewer" cannot list resource "nodes"',
    );
  });

  it("429 from the API server's flow control is rate_limit with Retry-After", async () => {
    const { fake, fetch } = await setup();
    fake.failNext(throttled(7));
    const err = await adapterError(fetch());
    expect(err).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 7000 });
    expect(err.message).toContain('Too many requests');
  });

  it('a 429 Status without the header uses details.retryAfterSeconds', async () => {
    const { fake, fetch } = await setup();
    const r = throttledStatus(4);
    fake.failNext('pass');
    fake.failNext({ ...r, headers: { 'content-type': 'application/json' } });
    expect(await adapterError(fetch())).toMatchObject({ kind: 'rate_limit', retryAfterMs: 4000 });
  });

  it('a 500 Status is http, retryable, and names its reason and message', async () => {
    const { fake, fetch } = await setup();
    fake.failNext({ status: 500 });
    const err = await adapterError(fetch());
    expect(err).toMatchObject({ kind: 'http', status: 500, retryable: true });
    expect(err.message).toContain('InternalError: Internal error occurred: etcdserver: request timed out');
  });

  it('a 200 that is not a list is parse; a hung response is timeout', async () => {
    const { fake, fetch } = await setup({}, { GPU_RADAR_COREWEAVE_TIMEOUT_MS: '300' });
    fake.failNext('garbage');
    expect(await adapterError(fetch())).toMatchObject({ kind: 'parse' });
    fake.failNext('hang');
    const started = Date.now();
    expect(await adapterError(fetch())).toMatchObject({ kind: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a missing kubeconfig, a certificate it does not trust, or plain http is config', async () => {
    const missing = createCoreweaveAdapter(config({ KUBECONFIG: join(dir, 'nope') }));
    expect((await adapterError(missing.fetchRaw('cluster', ctx()))).message).toContain('file not found');

    const { fake } = await setup();
    const other = await startKubeFake();
    fakes.push(other);
    const mismatched = other.writeKubeconfig(join(dir, 'kubeconfig-other-ca'));
    const swapped = JSON.parse(readFileSync(mismatched, 'utf8'));
    swapped.clusters[0].cluster.server = fake.url; // other's CA, fake's server
    writeFileSync(mismatched, JSON.stringify(swapped));
    const tls = await adapterError(createCoreweaveAdapter(config({ KUBECONFIG: mismatched })).fetchRaw('cluster', ctx()));
    expect(tls).toMatchObject({ kind: 'config' });
    expect(tls.message).toContain('TLS');

    swapped.clusters[0].cluster.server = fake.url.replace('https:', 'http:');
    writeFileSync(mismatched, JSON.stringify(swapped));
    const plain = await adapterError(createCoreweaveAdapter(config({ KUBECONFIG: mismatched })).fetchRaw('cluster', ctx()));
    expect(plain).toMatchObject({ kind: 'config' });
  });

  it('connection refused is network', async () => {
    const { fake } = await setup();
    const port = await freePort();
    const path = join(dir, 'kubeconfig-refused');
    fake.writeKubeconfig(path);
    const kc = JSON.parse(readFileSync(path, 'utf8'));
    kc.clusters[0].cluster.server = `https://127.0.0.1:${port}`;
    writeFileSync(path, JSON.stringify(kc));
    expect(await adapterError(createCoreweaveAdapter(config({ KUBECONFIG: path })).fetchRaw('cluster', ctx()))).toMatchObject({
      kind: 'network',
    });
  });
});

// The whole path on real Redis: fake cluster → poll worker → store → index → /v1/capacity.
describe('coreweave in /v1/capacity', () => {
  let t: TestRedis;
  let api: TestApi;
  let workers: RunningWorkers;
  afterAll(async () => {
    await workers?.close();
    await api?.close();
    await t?.cleanup();
  });

  it('lists node groups with 8 free GPUs on one node for count=8, with evidence and count', async () => {
    const { fake, kubeconfig } = await setup();
    t = await testRedis();
    const env = {
      REDIS_URL,
      GPU_RADAR_REDIS_PREFIX: t.prefix,
      GPU_RADAR_PROVIDERS: 'coreweave',
      KUBECONFIG: kubeconfig,
      GPU_RADAR_COREWEAVE_INTERVAL_MS: '500',
    };
    api = await testApi(t, env);
    workers = await startWorkers(loadConfig(env), createLogger('silent'));
    const placements = async (q: string) =>
      (await api.app.inject({ url: `/v1/capacity?${q}&provider=coreweave` })).json().placements as any[];
    const oneNode = async (gpu: string) => (await placements(`gpu=${gpu}&count=8`)).filter((p) => p.gpu.count === 8);

    const [h100] = await eventually(async () => {
      const found = await oneNode('H100');
      expect(found).toHaveLength(1);
      return found;
    }, 8_000);
    expect(h100).toMatchObject({
      provider: 'coreweave',
      region: 'US-EAST-04',
      zone: 'US-EAST-04A',
      instanceType: '8x-H100_NVLINK_80GB',
      instances: 1,
      totalGpus: 8,
      price: { perHourUsd: 49.24 },
      availability: { status: 'available', signal: 'count', availableGpus: 8, source: expect.stringContaining('coreweave.kubernetes') },
      stale: false,
    });
    expect(h100.price.note).toContain('adapters/coreweave/prices.ts');
    // 8 A100s are free, 4 on each of two nodes: no 8-GPU placement, two 4-GPU pods instead.
    expect(await oneNode('A100')).toEqual([]);
    expect((await placements('gpu=A100&count=8')).find((p) => p.gpu.count === 4)).toMatchObject({
      instances: 2,
      availability: { status: 'available' },
    });

    // A job takes the free node: the 8-GPU H100 group is no longer available.
    fake.addPod({ name: 'grab', namespace: 'ml', node: 'g-h100-a', gpus: 8 });
    await eventually(async () => expect(await oneNode('H100')).toEqual([]), 8_000);
    const all = await placements('gpu=H100&count=8&availability=available,limited,unknown,unavailable');
    expect(all.find((p) => p.instanceType === '8x-H100_NVLINK_80GB').availability).toMatchObject({
      status: 'unavailable',
      availableGpus: 0,
    });
  });
});

describe('coreweave demo scenario', () => {
  it('moves the free 8-GPU H100 block between nodes and takes it away in phase 3', async () => {
    const demo = await startCoreweaveDemo();
    try {
      const adapter = createCoreweaveAdapter(config(demo.env));
      const h100 = async (phase: number) => {
        demo.setPhase(phase);
        const { offers } = adapter.normalize(await adapter.fetchRaw('cluster', ctx()), 'cluster');
        return offers.filter((o) => o.gpu.model === 'H100' && o.gpu.count === 8).map((o) => [o.instanceType, o.availability.availableGpus]);
      };
      expect(await h100(0)).toEqual([
        ['8x-H100_NVLINK_80GB', 8],
        ['8x-H100_PCIE', 0],
      ]);
      expect(await h100(1)).toEqual([
        ['8x-H100_NVLINK_80GB', 8],
        ['8x-H100_PCIE', 8],
      ]);
      expect(await h100(2)).toEqual([
        ['8x-H100_NVLINK_80GB', 0],
        ['8x-H100_PCIE', 0],
      ]);
      expect(await h100(3)).toEqual([
        ['8x-H100_NVLINK_80GB', 16],
        ['8x-H100_PCIE', 0],
      ]);
      expect(await h100(4)).toEqual(await h100(0));
    } finally {
      await demo.close();
    }
  });
});

describe('coreweave configuration', () => {
  it('is disabled with a clear reason without KUBECONFIG or the in-cluster env', () => {
    const cfg = config({});
    expect(cfg.enabled).toBe(false);
    expect(cfg.disabledReason).toBe('no credentials: set KUBECONFIG, or KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT');
    expect(config({ KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }).enabled).toBe(true);
    expect(config({ KUBECONFIG: '/etc/kube/config' })).toMatchObject({
      enabled: true,
      url: '',
      settings: { GPU_RADAR_COREWEAVE_PAGE_SIZE: 500 },
    });
  });

  it('rejects a bad page size or region at boot, naming the key', () => {
    expect(() => config({ KUBECONFIG: 'x', GPU_RADAR_COREWEAVE_PAGE_SIZE: '0' })).toThrow(/GPU_RADAR_COREWEAVE_PAGE_SIZE/);
    expect(() => config({ KUBECONFIG: 'x', GPU_RADAR_COREWEAVE_REGION: 'us east' })).toThrow(/GPU_RADAR_COREWEAVE_REGION/);
  });
});
