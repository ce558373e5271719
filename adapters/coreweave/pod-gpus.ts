import { parseQuantity } from './quantity.js';
import type { KubePod } from './schema.js';

export const GPU_RESOURCE = 'nvidia.com/gpu';

/**
 * GPUs a pod holds on its node, as the scheduler counts them: the larger of its containers
 * (plus restartable init "sidecars") and its biggest init step, plus pod overhead. A request
 * defaults to the limit. Undefined when a quantity is unreadable.
 */
export function podGpus(pod: KubePod): number | undefined {
  const gpus = (c: KubePod['spec']['containers'][number]) => {
    const q = c.resources?.requests?.[GPU_RESOURCE] ?? c.resources?.limits?.[GPU_RESOURCE];
    return q === undefined ? 0 : parseQuantity(q);
  };
  let regular = 0;
  for (const c of pod.spec.containers) {
    const n = gpus(c);
    if (n === undefined) return undefined;
    regular += n;
  }
  let sidecars = 0;
  let initPeak = 0;
  for (const c of pod.spec.initContainers ?? []) {
    const n = gpus(c);
    if (n === undefined) return undefined;
    if (c.restartPolicy === 'Always') sidecars += n;
    else initPeak = Math.max(initPeak, sidecars + n);
  }
  const overheadRaw = pod.spec.overhead?.[GPU_RESOURCE];
  const overhead = overheadRaw === undefined ? 0 : parseQuantity(overheadRaw);
  if (overhead === undefined) return undefined;
  return Math.max(regular + sidecars, initPeak) + overhead;
}
