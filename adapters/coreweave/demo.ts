import { withFakeFiles } from '../fake-files.js';
import { coreweaveFakeEnv, coreweaveFakeFiles } from './fake/env.js';
import { DEFAULT_PODS, type FakeNodeSpec, type FakePodSpec, startKubeFake } from './fake/index.js';
import type { DemoProvider } from '../define.js';

// A CoreWeave Kubernetes cluster whose jobs come and go: the 8-GPU H100 block moves from node
// to node, disappears while a big job runs, and A100 capacity scatters and gathers. Each phase
// is the full set of pods (and node states) at that moment.
interface Phase {
  pods: FakePodSpec[];
  nodes?: Record<string, Partial<FakeNodeSpec>>;
}
const job = (name: string, node: string, gpus: number): FakePodSpec => ({ name, namespace: 'ml', node, gpus });

const PHASES: Phase[] = [
  { pods: DEFAULT_PODS },
  {
    pods: [job('sweep-a', 'g-h100-a', 8), job('train-b', 'g-h100-b', 3), job('eval-c', 'g-h100-c', 2)],
    nodes: { 'g-h100-d': { unschedulable: false }, 'g-h100p-a': { ready: true } },
  },
  {
    // A 32-GPU job fills every H100 node: no H100 anywhere in this phase.
    pods: ['a', 'b', 'c', 'd'].map((n) => job(`llm-${n}`, `g-h100-${n}`, 8)).concat(job('infer-a', 'g-a100-a', 6)),
    nodes: { 'g-h100-d': { unschedulable: false } },
  },
  {
    pods: [job('llm-a', 'g-h100-a', 8), job('infer-a', 'g-a100-a', 1), job('infer-b', 'g-a100-b', 1)],
    nodes: { 'g-l40s-a': { ready: false } },
  },
];
const NODE_DEFAULTS: Record<string, Partial<FakeNodeSpec>> = {
  'g-h100-d': { unschedulable: true },
  'g-h100p-a': { ready: false },
  'g-l40s-a': { ready: true },
};

export async function startCoreweaveDemo(): Promise<DemoProvider> {
  const files = withFakeFiles(await startKubeFake({ token: 'demo-coreweave-token' }), coreweaveFakeFiles);
  const fake = files.fake;
  return {
    env: coreweaveFakeEnv(files),
    phases: PHASES.length,
    setPhase(i) {
      const phase = PHASES[i % PHASES.length]!;
      for (const p of fake.pods()) fake.deletePod(p.metadata.name, p.metadata.namespace);
      phase.pods.forEach((p) => fake.addPod(p));
      for (const [name, patch] of Object.entries({ ...NODE_DEFAULTS, ...phase.nodes })) fake.updateNode(name, patch);
      const usedGpus: Record<string, number> = {};
      for (const p of phase.pods) if (p.node && p.gpus && p.phase !== 'Succeeded') usedGpus[p.node] = (usedGpus[p.node] ?? 0) + p.gpus;
      return usedGpus;
    },
    close: files.close,
  };
}
