import { describe, expect, it } from 'vitest';
import { nodeObject, podObject, type FakeNodeSpec, type FakePodSpec } from '../../adapters/coreweave/fake/index.js';
import { normalizeCoreweave } from '../../adapters/coreweave/normalize.js';
import { podGpus } from '../../adapters/coreweave/pod-gpus.js';
import { nodeSchema, podSchema, type CoreweaveRaw, type KubePod } from '../../adapters/coreweave/schema.js';
import { COREWEAVE_ON_DEMAND } from '../../adapters/coreweave/prices.js';
import { gpuById } from '../../src/domain/gpu-models.js';
import { StoredOfferSchema } from '../../src/domain/offer.js';

const raw = (nodes: FakeNodeSpec[], pods: FakePodSpec[] = []): CoreweaveRaw => ({
  nodes: nodes.map((n) => nodeSchema.parse(nodeObject(n))),
  pods: pods.map((p) => podSchema.parse(podObject(p))),
  droppedNodes: 0,
  droppedPodNodes: [],
});
const h100 = (name: string, extra: Partial<FakeNodeSpec> = {}): FakeNodeSpec => ({ name, gpuClass: 'H100_NVLINK_80GB', gpus: 8, ...extra });
const availableBySize = (r: ReturnType<typeof normalizeCoreweave>) =>
  Object.fromEntries(r.offers.map((o) => [o.instanceType, o.availability.availableGpus]));

describe('normalizeCoreweave', () => {
  it('counts GPUs per pod size so that N free on one node is what an N-GPU offer needs', () => {
    // 3 + 3 + 2 free: 8 in all, but not even a 4-GPU pod fits twice.
    const r = normalizeCoreweave(
      raw(
        [h100('a'), h100('b'), h100('c')],
        [
          { name: 'p1', node: 'a', gpus: 5 },
          { name: 'p2', node: 'b', gpus: 5 },
          { name: 'p3', node: 'c', gpus: 6 },
        ],
      ),
    );
    expect(availableBySize(r)).toEqual({
      '1x-H100_NVLINK_80GB': 8,
      '2x-H100_NVLINK_80GB': 6,
      '4x-H100_NVLINK_80GB': 0,
      '8x-H100_NVLINK_80GB': 0,
    });
    const status = Object.fromEntries(r.offers.map((o) => [o.gpu.count, o.availability.status]));
    expect(status).toEqual({ 1: 'available', 2: 'available', 4: 'unavailable', 8: 'unavailable' });
    for (const o of r.offers) expect(StoredOfferSchema.parse(o)).toEqual(o);
  });

  it('gives nothing free on cordoned or not-Ready nodes, and clamps over-committed nodes at zero', () => {
    const r = normalizeCoreweave(
      raw([h100('a', { unschedulable: true }), h100('b', { ready: false }), h100('c')], [{ name: 'p', node: 'c', gpus: 9 }]),
    );
    expect(r.offers.every((o) => o.availability.availableGpus === 0 && o.availability.status === 'unavailable')).toBe(true);
    expect(r.offers).toHaveLength(4);
  });

  it('ignores finished pods and pods not bound to a node', () => {
    const r = normalizeCoreweave(
      raw(
        [h100('a')],
        [
          { name: 'done', node: 'a', gpus: 8, phase: 'Succeeded' },
          { name: 'crashed', node: 'a', gpus: 8, phase: 'Failed' },
          { name: 'waiting', gpus: 8, phase: 'Pending' },
          { name: 'lost', node: 'a', gpus: 1, phase: 'Unknown' },
        ],
      ),
    );
    expect(availableBySize(r)['8x-H100_NVLINK_80GB']).toBe(0);
    expect(availableBySize(r)['4x-H100_NVLINK_80GB']).toBe(4);
  });

  it('sizes offers up to the largest node of the group: 1, 2, 4 for a 4-GPU GB200-style node', () => {
    const r = normalizeCoreweave(raw([{ name: 'x', gpuClass: 'L40S', gpus: 4, region: 'US-WEST-04', zone: null }]));
    expect(r.offers.map((o) => o.id)).toEqual([
      'coreweave:US-WEST-04:1x-L40S:on-demand',
      'coreweave:US-WEST-04:2x-L40S:on-demand',
      'coreweave:US-WEST-04:4x-L40S:on-demand',
    ]);
  });

  it('groups by region, zone and class', () => {
    const r = normalizeCoreweave(raw([h100('a'), h100('b', { zone: 'US-EAST-04B' }), h100('c', { region: 'ORD1', zone: null })]));
    expect(new Set(r.offers.map((o) => `${o.region}/${o.zone ?? '-'}`))).toEqual(
      new Set(['US-EAST-04/US-EAST-04A', 'US-EAST-04/US-EAST-04B', 'ORD1/-']),
    );
    expect(r.offers.find((o) => o.region === 'ORD1')?.location).toEqual({ country: 'US', continent: 'north-america', geo: 'us' });
  });

  it('prices from the config table per GPU, marked as such, and says why a price is missing', () => {
    const r = normalizeCoreweave(raw([h100('a'), { name: 'p', gpuClass: 'A100_PCIE_40GB', gpus: 2 }]));
    const four = r.offers.find((o) => o.instanceType === '4x-H100_NVLINK_80GB')!;
    const list = COREWEAVE_ON_DEMAND['H100-SXM']!;
    expect(four.price.perGpuHourUsd).toBeCloseTo(list.perInstanceHourUsd / 8, 10);
    expect(four.price.perHourUsd).toBeCloseTo(list.perInstanceHourUsd / 2, 10);
    expect(four.price.note).toMatch(/from adapters\/coreweave\/prices\.ts .*no price API/);
    const pcie = r.offers.find((o) => o.gpu.id === 'A100-40GB-PCIe')!;
    expect(pcie.price).toEqual({
      perHourUsd: null,
      perGpuHourUsd: null,
      note: expect.stringContaining('no list price for A100-40GB-PCIe'),
    });
  });

  it('reports unlabeled GPU nodes and unknown classes, skips CPU nodes, and counts unplaceable ones', () => {
    const r = normalizeCoreweave(
      raw([
        { name: 'cpu', gpuClass: null, gpus: 0 },
        { name: 'bare', gpuClass: null, gpus: 4 },
        { name: 'odd', gpuClass: 'Quadro_RTX_4000', gpus: 4 },
        { name: 'odd2', gpuClass: 'Quadro_RTX_4000', gpus: 4 },
        h100('nowhere', { region: 'mars-1' }),
        h100('unlabeled', { region: null }),
      ]),
    );
    expect(r).toEqual({ offers: [], unknownGpus: ['node bare: no gpu.nvidia.com/class label', 'Quadro_RTX_4000'], dropped: 2 });
    expect(
      normalizeCoreweave(raw([h100('unlabeled', { region: null, zone: null })]), { defaultRegion: 'US-CENTRAL-07' }).offers[0]?.region,
    ).toBe('US-CENTRAL-07');
  });

  it('excludes nodes whose pods could not be read, counting the pods', () => {
    const r = normalizeCoreweave({ ...raw([h100('a'), h100('b')]), droppedPodNodes: ['a', ''] });
    expect(r.dropped).toBe(2);
    expect(availableBySize(r)['8x-H100_NVLINK_80GB']).toBe(8);
  });

  it('maps every documented class label it knows to the canonical table', () => {
    for (const [label, id] of [
      ['H100_NVLINK_80GB', 'H100-SXM'],
      ['H100_PCIE', 'H100-PCIe'],
      ['A100_NVLINK_80GB', 'A100-80GB-SXM'],
      ['RTX_A6000', 'A6000'],
    ]) {
      const r = normalizeCoreweave(raw([{ name: 'n', gpuClass: label!, gpus: 1 }]));
      expect(r.offers[0]?.gpu.id).toBe(id);
      expect(gpuById(id!)).toBeDefined();
    }
  });
});

describe('podGpus', () => {
  const pod = (spec: Record<string, unknown>): KubePod => podSchema.parse({ metadata: { name: 'p' }, spec: { containers: [], ...spec } });
  const c = (gpus?: string, kind: 'requests' | 'limits' = 'requests', extra = {}) => ({
    name: 'c',
    resources: gpus ? { [kind]: { 'nvidia.com/gpu': gpus } } : {},
    ...extra,
  });

  it('sums containers; a request defaults to its limit', () => {
    expect(podGpus(pod({ containers: [c('2'), c('1', 'limits'), c()] }))).toBe(3);
  });

  it('takes the larger of the containers and the biggest init step, plus sidecars and overhead', () => {
    expect(podGpus(pod({ containers: [c('2')], initContainers: [c('4'), c('1')] }))).toBe(4);
    // A restartable init container (sidecar) runs beside everything after it.
    expect(podGpus(pod({ containers: [c('2')], initContainers: [c('1', 'requests', { restartPolicy: 'Always' }), c('4')] }))).toBe(5);
    expect(podGpus(pod({ containers: [c('2')], overhead: { 'nvidia.com/gpu': '1' } }))).toBe(3);
  });

  it('is undefined when a quantity is unreadable', () => {
    expect(podGpus(pod({ containers: [c('two')] }))).toBeUndefined();
    expect(podGpus(pod({ containers: [c('1')], initContainers: [c('x')] }))).toBeUndefined();
  });
});
