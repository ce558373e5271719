// CoreWeave publishes no price API, so its list prices live here, transcribed by hand from
// coreweave.com/pricing (shared/provider-apis/coreweave.md, "Prices"). Re-check before relying
// on them; every CoreWeave offer says in price.note that its price comes from this table.

export const COREWEAVE_PRICES_AS_OF = '2026-09-20';

export interface CoreweaveListPrice {
  /** The offering as the pricing page names it. */
  offering: string;
  /** On-demand $/hour for the whole instance, North America. */
  perInstanceHourUsd: number;
  gpusPerInstance: number;
}

/**
 * On-demand list prices by canonical GPU id (src/domain/gpu-models.ts). GPUs CoreWeave prices
 * only through sales (GB300, B300) or that have no canonical row (RTX PRO 6000) are left out,
 * and their offers carry a null price with a note.
 */
export const COREWEAVE_ON_DEMAND: Readonly<Record<string, CoreweaveListPrice>> = {
  GB200: { offering: 'NVIDIA GB200 NVL72', perInstanceHourUsd: 42.0, gpusPerInstance: 4 },
  B200: { offering: 'NVIDIA HGX B200', perInstanceHourUsd: 68.8, gpusPerInstance: 8 },
  H200: { offering: 'NVIDIA HGX H200', perInstanceHourUsd: 50.44, gpusPerInstance: 8 },
  'H100-SXM': { offering: 'NVIDIA HGX H100', perInstanceHourUsd: 49.24, gpusPerInstance: 8 },
  'A100-80GB-SXM': { offering: 'NVIDIA A100', perInstanceHourUsd: 21.6, gpusPerInstance: 8 },
  L40S: { offering: 'NVIDIA L40S', perInstanceHourUsd: 18.0, gpusPerInstance: 8 },
  L40: { offering: 'NVIDIA L40', perInstanceHourUsd: 10.0, gpusPerInstance: 8 },
  GH200: { offering: 'NVIDIA GH200', perInstanceHourUsd: 6.5, gpusPerInstance: 1 },
};
