import type { CoreweaveSettings } from './settings.js';
import type { AdapterFactory, ProviderAdapter } from '../types.js';
import { kubeApi, listAll, withSignal, type ListPage } from './client.js';
import { normalizeCoreweave } from './normalize.js';
import { nodeSchema, parseItems, podSchema, type CoreweaveRaw } from './schema.js';

// Pods that still hold their GPUs: the scheduler frees a pod's resources only once it has
// Succeeded or Failed, so Pending (bound) and Unknown pods count as used, like Running ones.
const HOLDING_PODS = 'status.phase!=Succeeded,status.phase!=Failed';

export const createCoreweaveAdapter: AdapterFactory<CoreweaveSettings> = (cfg) => {
  const settings = cfg.settings;
  const adapter: ProviderAdapter<CoreweaveRaw> = {
    id: 'coreweave',
    // One cluster per kubeconfig context; nodes and pods must be read together to subtract.
    scopes: () => ['cluster'],
    async fetchRaw(_scope, ctx) {
      const api = kubeApi(settings.KUBECONFIG);
      const page = settings.GPU_RADAR_COREWEAVE_PAGE_SIZE;
      const nodes = await listAll(
        'nodes',
        (p, signal) => api.listNode(p, withSignal(signal)) as Promise<ListPage>,
        page,
        cfg.timeoutMs,
        ctx.signal,
      );
      const pods = await listAll(
        'pods',
        (p, signal) => api.listPodForAllNamespaces({ ...p, fieldSelector: HOLDING_PODS }, withSignal(signal)) as Promise<ListPage>,
        page,
        cfg.timeoutMs,
        ctx.signal,
      );
      const n = parseItems(nodes, nodeSchema);
      const p = parseItems(pods, podSchema);
      const nodeOf = (pod: unknown) => {
        const name = (pod as { spec?: { nodeName?: unknown } })?.spec?.nodeName;
        return typeof name === 'string' ? name : '';
      };
      return { nodes: n.ok, pods: p.ok, droppedNodes: n.bad.length, droppedPodNodes: p.bad.map(nodeOf) };
    },
    normalize: (raw) => normalizeCoreweave(raw, { defaultRegion: settings.GPU_RADAR_COREWEAVE_REGION }),
  };
  return adapter;
};
