/** What a change batch touched: canonical GPU id → places (regions and zones, lower-cased). */
export type Touched = Map<string, Set<string>>;

const GLOB = /[*?[\]{}]/;

/**
 * Rules by the GPUs they ask about and, when their query names plain regions, by region: a
 * change in one region then re-evaluates that region's rules and the region-free ones, not
 * every rule on the GPU. A rule with a region glob counts as region-free (matched later).
 */
export class RuleIndex {
  private readonly anywhere = new Map<string, Set<string>>();
  private readonly byPlace = new Map<string, Map<string, Set<string>>>();

  add(id: string, gpuIds: readonly string[], regions: readonly string[] | undefined): void {
    const places = regions && !regions.some((r) => GLOB.test(r)) ? regions.map((r) => r.toLowerCase()) : undefined;
    for (const gpu of gpuIds) {
      if (!places) {
        add(this.anywhere, gpu, id);
        continue;
      }
      let m = this.byPlace.get(gpu);
      if (!m) this.byPlace.set(gpu, (m = new Map()));
      for (const p of places) add(m, p, id);
    }
  }

  /** Every rule that may match an offer the batch touched. */
  candidates(touched: Touched): Set<string> {
    const out = new Set<string>();
    for (const [gpu, places] of touched) {
      for (const id of this.anywhere.get(gpu) ?? []) out.add(id);
      const m = this.byPlace.get(gpu);
      if (m) for (const p of places) for (const id of m.get(p) ?? []) out.add(id);
    }
    return out;
  }
}

function add(m: Map<string, Set<string>>, key: string, id: string): void {
  let set = m.get(key);
  if (!set) m.set(key, (set = new Set()));
  set.add(id);
}
