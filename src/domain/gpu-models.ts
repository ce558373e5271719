// The canonical GPU table. Form factors stay apart (H100-SXM is not H100-PCIe), and
// provider names resolve only through an exact alias: an unknown name is reported by the
// caller, never guessed from a similar one.

export type GpuVendor = 'nvidia' | 'amd';
export type Interconnect = 'nvlink' | 'pcie' | 'infiniband';

export interface GpuModel {
  /** Canonical id: `model` or `model-variant`, e.g. `H100-SXM`, `A100-80GB-PCIe`. */
  id: string;
  /** The family a query for `H100` or `A100` matches. */
  model: string;
  variant?: string;
  vendor: GpuVendor;
  memoryGiB: number;
  /** How the GPUs of one machine talk to each other when the offer does not say. */
  interconnect: Interconnect;
  /** Provider-native names, compared after `aliasKey` (case and spacing ignored). */
  aliases: Partial<Record<string, string[]>>;
}

type Row = Omit<GpuModel, 'id'>;

const rows: Row[] = [
  { model: 'B300', vendor: 'nvidia', memoryGiB: 288, interconnect: 'nvlink', aliases: {} },
  { model: 'B200', vendor: 'nvidia', memoryGiB: 180, interconnect: 'nvlink', aliases: { lambda: ['B200 (180 GB SXM6)'] } },
  { model: 'GB200', vendor: 'nvidia', memoryGiB: 186, interconnect: 'nvlink', aliases: {} },
  { model: 'H200', vendor: 'nvidia', memoryGiB: 141, interconnect: 'nvlink', aliases: {} },
  { model: 'H100', variant: 'SXM', vendor: 'nvidia', memoryGiB: 80, interconnect: 'nvlink', aliases: { lambda: ['H100 (80 GB SXM5)'] } },
  { model: 'H100', variant: 'PCIe', vendor: 'nvidia', memoryGiB: 80, interconnect: 'pcie', aliases: { lambda: ['H100 (80 GB PCIe)'] } },
  { model: 'H100', variant: 'NVL', vendor: 'nvidia', memoryGiB: 94, interconnect: 'nvlink', aliases: {} },
  { model: 'GH200', vendor: 'nvidia', memoryGiB: 96, interconnect: 'nvlink', aliases: { lambda: ['GH200 (96 GB)'] } },
  { model: 'A100', variant: '40GB-SXM', vendor: 'nvidia', memoryGiB: 40, interconnect: 'nvlink', aliases: { lambda: ['A100 (40 GB SXM4)'] } },
  { model: 'A100', variant: '40GB-PCIe', vendor: 'nvidia', memoryGiB: 40, interconnect: 'pcie', aliases: { lambda: ['A100 (40 GB PCIe)'] } },
  { model: 'A100', variant: '80GB-SXM', vendor: 'nvidia', memoryGiB: 80, interconnect: 'nvlink', aliases: { lambda: ['A100 (80 GB SXM4)'] } },
  { model: 'A100', variant: '80GB-PCIe', vendor: 'nvidia', memoryGiB: 80, interconnect: 'pcie', aliases: {} },
  { model: 'L40S', vendor: 'nvidia', memoryGiB: 48, interconnect: 'pcie', aliases: {} },
  { model: 'L40', vendor: 'nvidia', memoryGiB: 48, interconnect: 'pcie', aliases: {} },
  { model: 'L4', vendor: 'nvidia', memoryGiB: 24, interconnect: 'pcie', aliases: {} },
  { model: 'A10', vendor: 'nvidia', memoryGiB: 24, interconnect: 'pcie', aliases: { lambda: ['A10 (24 GB PCIe)'] } },
  { model: 'A10G', vendor: 'nvidia', memoryGiB: 24, interconnect: 'pcie', aliases: {} },
  { model: 'A6000', vendor: 'nvidia', memoryGiB: 48, interconnect: 'pcie', aliases: { lambda: ['A6000 (48 GB)', 'RTX A6000 (48 GB)'] } },
  { model: 'RTX6000-Ada', vendor: 'nvidia', memoryGiB: 48, interconnect: 'pcie', aliases: {} },
  { model: 'RTX4090', vendor: 'nvidia', memoryGiB: 24, interconnect: 'pcie', aliases: {} },
  { model: 'RTX5090', vendor: 'nvidia', memoryGiB: 32, interconnect: 'pcie', aliases: {} },
  { model: 'V100', variant: '16GB', vendor: 'nvidia', memoryGiB: 16, interconnect: 'nvlink', aliases: { lambda: ['Tesla V100 (16 GB)', 'V100 (16 GB)'] } },
  { model: 'V100', variant: '32GB', vendor: 'nvidia', memoryGiB: 32, interconnect: 'nvlink', aliases: {} },
  { model: 'T4', vendor: 'nvidia', memoryGiB: 16, interconnect: 'pcie', aliases: {} },
  { model: 'MI300X', vendor: 'amd', memoryGiB: 192, interconnect: 'infiniband', aliases: {} },
];

export const GPU_MODELS: readonly GpuModel[] = rows.map((r) => ({
  ...r,
  id: r.variant ? `${r.model}-${r.variant}` : r.model,
}));

export function aliasKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

const byId = new Map(GPU_MODELS.map((g) => [g.id.toLowerCase(), g]));
const byAlias = new Map<string, GpuModel>();
for (const gpu of GPU_MODELS) {
  for (const [provider, names] of Object.entries(gpu.aliases)) {
    for (const name of names ?? []) byAlias.set(`${provider}\u0000${aliasKey(name)}`, gpu);
  }
}

export function gpuById(id: string): GpuModel | undefined {
  return byId.get(id.toLowerCase());
}

/** The canonical GPU behind a provider's own name, or undefined when we do not know it. */
export function resolveGpu(provider: string, name: string): GpuModel | undefined {
  return byAlias.get(`${provider}\u0000${aliasKey(name)}`);
}

/**
 * The canonical ids a query term stands for: a family (`H100`), one variant (`H100-SXM`)
 * or a partial variant (`A100-80GB` matches SXM and PCIe). Empty when the term is unknown.
 */
export function gpuIdsForQuery(term: string): string[] {
  const t = term.trim().toLowerCase();
  if (!t) return [];
  return GPU_MODELS.filter((g) => {
    const id = g.id.toLowerCase();
    return g.model.toLowerCase() === t || id === t || id.startsWith(`${t}-`);
  }).map((g) => g.id);
}
