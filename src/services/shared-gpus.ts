import type { StoredOffer } from '../domain/offer.js';

// Market variants of one instance type at one place share their GPUs (Vast lists a machine
// on-demand and interruptible, RunPod a pod size in several markets): summed across markets they
// would count twice, so they count once per hardware, at the largest count among its variants.

/** The offer's (provider, region, zone, instanceType): its id without the `:market` suffix. */
export const hardwareOf = (o: StoredOffer): string => o.id.slice(0, o.id.length - o.market.length - 1);

/** Free GPUs counted once per hardware key, however many market variants report them. */
export class SharedGpuTally {
  private readonly most = new Map<string, number>();
  total = 0;

  /** Counts a variant's free GPUs; returns how much the total grew (0 when a variant already counted as many). */
  add(hardwareKey: string, gpus: number): number {
    const before = this.most.get(hardwareKey);
    if (before !== undefined && before >= gpus) return 0;
    this.most.set(hardwareKey, gpus);
    const grew = gpus - (before ?? 0);
    this.total += grew;
    return grew;
  }
}
