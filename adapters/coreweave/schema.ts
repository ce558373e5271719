import { z } from 'zod';

// The parts of Kubernetes Node and Pod objects the adapter reads, as @kubernetes/client-node
// 1.x returns them (quantities stay strings, `unschedulable` is true or absent). Each item
// is checked on its own, so one malformed object is dropped and counted, not fatal.

const quantities = z.record(z.string(), z.string()).optional();
const resources = z.object({ requests: quantities, limits: quantities }).partial().optional();
const container = z.object({ name: z.string(), resources, restartPolicy: z.string().optional() });

export const nodeSchema = z.object({
  metadata: z.object({ name: z.string().min(1), labels: z.record(z.string(), z.string()).optional() }),
  spec: z.object({ unschedulable: z.boolean().optional() }).optional(),
  status: z
    .object({
      allocatable: quantities,
      conditions: z.array(z.object({ type: z.string(), status: z.string() })).optional(),
    })
    .optional(),
});

export const podSchema = z.object({
  metadata: z.object({ name: z.string().min(1), namespace: z.string().optional() }),
  spec: z.object({
    nodeName: z.string().optional(),
    containers: z.array(container),
    initContainers: z.array(container).optional(),
    overhead: quantities,
  }),
  status: z.object({ phase: z.string().optional() }).optional(),
});

export type KubeNode = z.infer<typeof nodeSchema>;
export type KubePod = z.infer<typeof podSchema>;

/** What `fetchRaw` returns and `normalize` reads. */
export interface CoreweaveRaw {
  nodes: KubeNode[];
  pods: KubePod[];
  /** Nodes that failed the schema. */
  droppedNodes: number;
  /** Pods that failed the schema, by the node they sit on (`''` when unreadable). */
  droppedPodNodes: string[];
}

/** Keeps the items that parse (stripped to the fields above) and counts the rest. */
export function parseItems<T>(items: unknown[], schema: z.ZodType<T>): { ok: T[]; bad: unknown[] } {
  const ok: T[] = [];
  const bad: unknown[] = [];
  for (const item of items) {
    const r = schema.safeParse(item);
    if (r.success) ok.push(r.data);
    else bad.push(item);
  }
  return { ok, bad };
}
