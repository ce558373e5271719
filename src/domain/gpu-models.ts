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
}

type Row = Omit<GpuModel, 'id'>;

const rows: Row[] = [
  { model: 'B300', vendor: 'nvidia', memoryGiB: 288, interconnect: 'nvlink' },
  { model: 'GB300', vendor: 'nvidia', memoryGiB: 288, interconnect: 'nvlink' },
  { model: 'B200', vendor: 'nvidia', memoryGiB: 180, interconnect: 'nvlink' },
  { model: 'GB200', vendor: 'nvidia', memoryGiB: 186, interconnect: 'nvlink' },
  { model: 'H200', vendor: 'nvidia', memoryGiB: 141, interconnect: 'nvlink' },
  { model: 'H100', variant: 'SXM', vendor: 'nvidia', memoryGiB: 80, interconnect: 'nvlink' },
  { model: 'H100', variant: 'PCIe', vendor: 'nvidia', memoryGiB: 80, interconnect: 'pcie' },
  { model: 'H100', variant: 'NVL', vendor: 'nvidia', memoryGiB: 94, interconnect: 'nvlink' },
  { model: 'GH200', vendor: 'nvidia', memoryGiB: 96, interconnect: 'nvlink' },
  { model: 'A100', variant: '40GB-SXM', vendor: 'nvidia', memoryGiB: 40, interconnect: 'nvlink' },
  { model: 'A100', variant: '40GB-PCIe', vendor: 'nvidia', memoryGiB: 40, interconnect: 'pcie' },
  { model: 'A100', variant: '80GB-SXM', vendor: 'nvidia', memoryGiB: 80, interconnect: 'nvlink' },
  { model: 'A100', variant: '80GB-PCIe', vendor: 'nvidia', memoryGiB: 80, interconnect: 'pcie' },
  { model: 'L40S', vendor: 'nvidia', memoryGiB: 48, interconnect: 'pcie' },
  { model: 'L40', vendor: 'nvidia', memoryGiB: 48, interconnect: 'pcie' },
  { model: 'L4', vendor: 'nvidia', memoryGiB: 24, interconnect: 'pcie' },
  { model: 'A10', vendor: 'nvidia', memoryGiB: 24, interconnect: 'pcie' },
  { model: 'A10G', vendor: 'nvidia', memoryGiB: 24, interconnect: 'pcie' },
  { model: 'A6000', vendor: 'nvidia', memoryGiB: 48, interconnect: 'pcie' },
  { model: 'RTX6000-Ada', vendor: 'nvidia', memoryGiB: 48, interconnect: 'pcie' },
  { model: 'RTX4090', vendor: 'nvidia', memoryGiB: 24, interconnect: 'pcie' },
  { model: 'RTX5090', vendor: 'nvidia', memoryGiB: 32, interconnect: 'pcie' },
  { model: 'RTXPRO6000', vendor: 'nvidia', memoryGiB: 96, interconnect: 'pcie' },
  { model: 'V100', variant: '16GB', vendor: 'nvidia', memoryGiB: 16, interconnect: 'nvlink' },
  { model: 'V100', variant: '32GB', vendor: 'nvidia', memoryGiB: 32, interconnect: 'nvlink' },
  { model: 'T4', vendor: 'nvidia', memoryGiB: 16, interconnect: 'pcie' },
  { model: 'P100', vendor: 'nvidia', memoryGiB: 16, interconnect: 'pcie' },
  { model: 'P4', vendor: 'nvidia', memoryGiB: 8, interconnect: 'pcie' },
  { model: 'M60', vendor: 'nvidia', memoryGiB: 8, interconnect: 'pcie' },
  { model: 'MI300X', vendor: 'amd', memoryGiB: 192, interconnect: 'infiniband' },
];

export const GPU_MODELS: readonly GpuModel[] = rows.map((r) => ({ ...r, id: r.variant ? `${r.model}-${r.variant}` : r.model }));

export function aliasKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

const byId = new Map(GPU_MODELS.map((g) => [g.id.toLowerCase(), g]));

export function gpuById(id: string): GpuModel | undefined {
  return byId.get(id.toLowerCase());
}

/** One provider's GPU names (its `adapters/<id>/aliases.ts`) and the lookup its normalize uses. */
export interface GpuAliases {
  readonly provider: string;
  /** Provider-native names by canonical id, compared after `aliasKey` (case and spacing ignored). */
  readonly table: Readonly<Record<string, readonly string[]>>;
  /** The canonical GPU behind a provider's own name, or undefined when we do not know it. */
  resolve(name: string): GpuModel | undefined;
}

/** Builds a provider's alias lookup; an alias for a GPU the table lacks is a typo and throws at import. */
export function gpuAliases(provider: string, table: Record<string, readonly string[]>): GpuAliases {
  const byAlias = new Map<string, GpuModel>();
  for (const [id, names] of Object.entries(table)) {
    const gpu = GPU_MODELS.find((g) => g.id === id);
    if (!gpu) throw new Error(`adapters/${provider}/aliases.ts: unknown canonical GPU id ${id}`);
    for (const name of names) byAlias.set(aliasKey(name), gpu);
  }
  return { provider, table, resolve: (name) => byAlias.get(aliasKey(name)) };
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
