// Kubernetes Node and Pod objects as the API server returns them in lists (no kind/apiVersion
// on items), built from a short description. Tests and the demo describe clusters with these.

export const GPU_RESOURCE = 'nvidia.com/gpu';
export const CLASS_LABEL = 'gpu.nvidia.com/class';
export const REGION_LABEL = 'topology.kubernetes.io/region';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface FakeNodeSpec {
  name: string;
  /** The `gpu.nvidia.com/class` label; null leaves it off. */
  gpuClass: string | null;
  /** Allocatable `nvidia.com/gpu`; 0 means a CPU node without the resource. */
  gpus: number;
  /** null leaves the topology label off. */
  region?: string | null;
  zone?: string | null;
  ready?: boolean;
  unschedulable?: boolean;
}

export interface FakePodSpec {
  name: string;
  /** @defaultValue 'default' */
  namespace?: string;
  /** Unset: not scheduled yet. */
  node?: string;
  gpus: number;
  /** @defaultValue 'Running' */
  phase?: PodPhase;
  /** GPUs requested by an init container (the pod holds the larger of this and `gpus`). */
  initGpus?: number;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };
type Fields<Known> = Known & { [key: string]: Json | undefined };
/** A Kubernetes object as JSON: the fake reads these few fields and passes the rest on as given. */
export interface KubeObject {
  metadata: Fields<{ name: string; namespace?: string; resourceVersion?: string }>;
  spec?: Fields<{ nodeName?: string; unschedulable?: boolean }>;
  status?: Fields<{ phase?: string }>;
  [key: string]: Json | undefined | object;
}

let uid = 0;
const nextUid = () => `00000000-0000-4000-8000-${String(++uid).padStart(12, '0')}`;
const CREATED = '2026-09-01T00:00:00Z';

export function nodeObject(s: FakeNodeSpec): KubeObject {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': s.name, 'kubernetes.io/os': 'linux' };
  if (s.gpuClass) labels[CLASS_LABEL] = s.gpuClass;
  if (s.gpus > 0) labels['gpu.nvidia.com/count'] = String(s.gpus);
  if (s.region !== null) labels[REGION_LABEL] = s.region ?? 'US-EAST-04';
  if (s.zone !== null) labels[ZONE_LABEL] = s.zone ?? `${labels[REGION_LABEL] ?? 'US-EAST-04'}A`;
  const resources: Record<string, string> = { cpu: '128', memory: '2113460Mi', pods: '110', 'ephemeral-storage': '7Ti' };
  if (s.gpus > 0) resources[GPU_RESOURCE] = String(s.gpus);
  const ready = s.ready ?? true;
  return {
    metadata: { name: s.name, uid: nextUid(), resourceVersion: '1', creationTimestamp: CREATED, labels },
    spec: {
      providerID: `coreweave://${s.name}`,
      ...(s.unschedulable
        ? { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: CREATED }] }
        : {}),
    },
    status: {
      capacity: { ...resources },
      allocatable: resources,
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          lastHeartbeatTime: CREATED,
          lastTransitionTime: CREATED,
        },
        {
          type: 'Ready',
          status: ready ? 'True' : 'Unknown',
          reason: ready ? 'KubeletReady' : 'NodeStatusUnknown',
          message: ready ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.',
          lastHeartbeatTime: CREATED,
          lastTransitionTime: CREATED,
        },
      ],
      nodeInfo: { kubeletVersion: 'v1.32.4', architecture: 'amd64', operatingSystem: 'linux' },
    },
  };
}

export function podObject(s: FakePodSpec): KubeObject {
  const gpu = (n: number) =>
    n > 0 ? { requests: { cpu: '4', [GPU_RESOURCE]: String(n) }, limits: { [GPU_RESOURCE]: String(n) } } : { requests: { cpu: '1' } };
  return {
    metadata: { name: s.name, namespace: s.namespace ?? 'default', uid: nextUid(), resourceVersion: '1', creationTimestamp: CREATED },
    spec: {
      ...(s.node ? { nodeName: s.node } : {}),
      ...(s.initGpus ? { initContainers: [{ name: 'warmup', image: 'busybox', resources: gpu(s.initGpus) }] } : {}),
      containers: [{ name: 'main', image: 'ghcr.io/example/train:latest', resources: gpu(s.gpus) }],
      restartPolicy: 'Never',
      schedulerName: 'default-scheduler',
    },
    status: { phase: s.phase ?? 'Running', ...(s.node ? { hostIP: '10.0.0.1' } : {}) },
  };
}

/**
 * The default cluster: two regions; H100 nodes fully free, partly used, full and cordoned;
 * A100 nodes with 8 free GPUs in total but never 8 on one node; an L40S node; a CPU node.
 */
export const DEFAULT_NODES: FakeNodeSpec[] = [
  { name: 'g-h100-a', gpuClass: 'H100_NVLINK_80GB', gpus: 8 },
  { name: 'g-h100-b', gpuClass: 'H100_NVLINK_80GB', gpus: 8 },
  { name: 'g-h100-c', gpuClass: 'H100_NVLINK_80GB', gpus: 8 },
  { name: 'g-h100-d', gpuClass: 'H100_NVLINK_80GB', gpus: 8, unschedulable: true },
  { name: 'g-a100-a', gpuClass: 'A100_NVLINK_80GB', gpus: 8 },
  { name: 'g-a100-b', gpuClass: 'A100_NVLINK_80GB', gpus: 8 },
  { name: 'g-l40s-a', gpuClass: 'L40S', gpus: 8, region: 'US-WEST-04' },
  { name: 'g-h100p-a', gpuClass: 'H100_PCIE', gpus: 8, region: 'US-WEST-04', ready: false },
  { name: 'cpu-a', gpuClass: null, gpus: 0 },
];

export const DEFAULT_PODS: FakePodSpec[] = [
  { name: 'train-b', namespace: 'ml', node: 'g-h100-b', gpus: 3 },
  { name: 'train-c', namespace: 'ml', node: 'g-h100-c', gpus: 8 },
  { name: 'infer-a', namespace: 'serving', node: 'g-a100-a', gpus: 4 },
  { name: 'infer-b', namespace: 'serving', node: 'g-a100-b', gpus: 2, phase: 'Pending', initGpus: 4 },
  { name: 'done', namespace: 'ml', node: 'g-h100-a', gpus: 8, phase: 'Succeeded' },
  { name: 'queued', namespace: 'ml', gpus: 8, phase: 'Pending' },
  { name: 'web', namespace: 'default', node: 'cpu-a', gpus: 0 },
];
