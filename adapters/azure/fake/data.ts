// The Azure fake's default world: GPU VM sizes per region as Resource SKUs lists them (vCPUs,
// MemoryGB, GPUs and quota family from gpu-catalog.md §4), the subscription's usages, spot
// placement scores and Retail Prices rows (98.32 / 18.169536 / 102.736 are public captures).

export interface FakeSize {
  name: string;
  family: string;
  vcpus: number;
  memoryGb: number;
  /** Absent where Azure omits the capability (GB200, ND96is MI300X). */
  gpus?: number;
  spot: boolean;
}

const size = (name: string, family: string, vcpus: number, memoryGb: number, gpus: number | undefined, spot = true): FakeSize => ({
  name,
  family,
  vcpus,
  memoryGb,
  ...(gpus === undefined ? {} : { gpus }),
  spot,
});

export const SIZES: FakeSize[] = [
  size('Standard_ND96isr_H100_v5', 'standardNDSH100v5Family', 96, 1900, 8),
  size('Standard_ND96isr_H200_v5', 'standardNDISRH200V5Family', 96, 1850, 8),
  size('Standard_ND96isr_MI300X_v5', 'standardNDISv5MI300XFamily', 96, 1850, 8),
  size('Standard_NC40ads_H100_v5', 'StandardNCadsH100v5Family', 40, 320, 1),
  size('Standard_NC80adis_H100_v5', 'StandardNCadsH100v5Family', 80, 640, 2),
  size('Standard_ND96amsr_A100_v4', 'standard NDAMSv4_A100Family', 96, 1800, 8),
  size('Standard_ND96asr_v4', 'Standard NDASv4_A100 Family', 96, 900, 8),
  size('Standard_NC24ads_A100_v4', 'StandardNCADSA100v4Family', 24, 220, 1),
  size('Standard_NC96ads_A100_v4', 'StandardNCADSA100v4Family', 96, 880, 4),
  size('Standard_ND128isr_NDR_GB200_v6', 'standardNDISRGB200V6NDRFamily', 128, 864, undefined, false),
  size('Standard_NC4as_T4_v3', 'Standard NCASv3_T4 Family', 4, 28, 1),
  size('Standard_NC64as_T4_v3', 'Standard NCASv3_T4 Family', 64, 440, 4),
  // A partition of an A10 and an FPGA size: both report GPUs, neither is an offer.
  size('Standard_NV6ads_A10_v5', 'StandardNVADSA10v5Family', 6, 55, 1),
  size('Standard_NV36ads_A10_v5', 'StandardNVADSA10v5Family', 36, 440, 1),
  size('Standard_NP10s', 'standardNPSFamily', 10, 168, 1, false),
  // Not a GPU size: never looked at.
  size('Standard_D4s_v5', 'standardDSv5Family', 4, 16, undefined),
];

export interface FakeRestriction {
  type: 'Location' | 'Zone';
  /** Zones blocked (Zone restrictions). */
  zones?: string[];
  reasonCode?: 'NotAvailableForSubscription' | 'QuotaId';
}

export interface FakeOffering {
  size: string;
  zones: string[];
  restrictions?: FakeRestriction[];
}

const offer = (sizeName: string, zones = ['1', '2', '3'], restrictions: FakeRestriction[] = []): FakeOffering => ({
  size: sizeName,
  zones,
  restrictions,
});

export const OFFERINGS: Record<string, FakeOffering[]> = {
  eastus: [
    offer('Standard_ND96isr_H100_v5'),
    // Offered in the region, blocked for this subscription.
    offer('Standard_ND96isr_H200_v5', ['1', '2', '3'], [{ type: 'Location' }, { type: 'Zone', zones: ['1', '2', '3'] }]),
    offer('Standard_NC40ads_H100_v5'),
    offer('Standard_NC80adis_H100_v5'),
    offer('Standard_ND96amsr_A100_v4'),
    offer('Standard_NC24ads_A100_v4'),
    offer('Standard_NC96ads_A100_v4'),
    offer('Standard_NC4as_T4_v3'),
    offer('Standard_NC64as_T4_v3'),
    offer('Standard_NV6ads_A10_v5'),
    offer('Standard_NV36ads_A10_v5'),
    offer('Standard_NP10s', []),
    offer('Standard_D4s_v5'),
  ],
  southcentralus: [
    // The trap of azure.md §2.4: listed in zones 2 and 3, every zone restricted.
    offer('Standard_ND96isr_H100_v5', ['2', '3'], [{ type: 'Zone', zones: ['1', '2', '3'] }]),
    offer('Standard_ND96asr_v4'),
    offer('Standard_NC24ads_A100_v4'),
    offer('Standard_D4s_v5'),
  ],
  westeurope: [
    offer('Standard_NC40ads_H100_v5', ['2', '3'], [{ type: 'Zone', zones: ['3'] }]),
    offer('Standard_ND96amsr_A100_v4'),
    offer('Standard_NC4as_T4_v3'),
  ],
  swedencentral: [
    offer('Standard_ND96isr_H100_v5'),
    offer('Standard_ND96isr_H200_v5'),
    offer('Standard_ND96isr_MI300X_v5'),
    offer('Standard_ND128isr_NDR_GB200_v6', []),
  ],
};

export type FakeUsage = [name: string, limit: number, current: number];

export const USAGES: Record<string, FakeUsage[]> = {
  eastus: [
    ['cores', 350, 12],
    ['lowPriorityCores', 200, 0],
    ['standardNDSH100v5Family', 96, 0],
    ['StandardNCadsH100v5Family', 80, 40],
    ['standard NDAMSv4_A100Family', 0, 0],
    ['StandardNCADSA100v4Family', 96, 0],
    ['Standard NCASv3_T4 Family', 64, 0],
    ['StandardNVADSA10v5Family', 72, 0],
    ['virtualMachines', 25000, 3],
  ],
  southcentralus: [
    ['cores', 100, 0],
    ['lowPriorityCores', 100, 0],
    ['standardNDSH100v5Family', 96, 0],
    ['Standard NDASv4_A100 Family', 0, 0],
  ],
  westeurope: [
    ['cores', 200, 0],
    ['lowPriorityCores', 0, 0],
    ['StandardNCadsH100v5Family', 80, 0],
    ['standard NDAMSv4_A100Family', 96, 0],
  ],
  swedencentral: [
    ['cores', 1000, 0],
    ['lowPriorityCores', 500, 0],
    ['standardNDSH100v5Family', 192, 96],
    ['standardNDISRH200V5Family', 96, 0],
    ['standardNDISv5MI300XFamily', 96, 0],
    ['standardNDISRGB200V6NDRFamily', 0, 0],
  ],
};

/** region/size → spot placement score; `@n` narrows to a VM count. Others score DataNotFoundOrStale. */
export const SPOT_SCORES: Record<string, string> = {
  'eastus/Standard_ND96isr_H100_v5@1': 'High',
  'eastus/Standard_ND96isr_H100_v5@8': 'Low',
  'eastus/Standard_NC96ads_A100_v4': 'Medium',
  'eastus/Standard_NC64as_T4_v3': 'High',
  'swedencentral/Standard_ND96isr_H100_v5': 'Medium',
};

export interface FakePriceRow {
  size: string;
  region: string;
  usd: number;
  /** Meter suffix and product suffix this row carries. */
  kind: 'linux' | 'spot' | 'low-priority' | 'windows' | 'devtest';
}

const rows = (sizeName: string, region: string, linux: number, spot?: number): FakePriceRow[] => [
  { size: sizeName, region, usd: linux, kind: 'linux' },
  ...(spot === undefined ? [] : [{ size: sizeName, region, usd: spot, kind: 'spot' as const }]),
  { size: sizeName, region, usd: linux * 0.8, kind: 'low-priority' },
  { size: sizeName, region, usd: linux * 1.045, kind: 'windows' },
];

// No rows for Standard_NC80adis_H100_v5 anywhere: its offers keep a null price that says why.
export const PRICES: FakePriceRow[] = [
  ...rows('Standard_ND96isr_H100_v5', 'eastus', 98.32, 18.169536),
  ...rows('Standard_ND96isr_H100_v5', 'southcentralus', 98.32, 19.66),
  ...rows('Standard_ND96isr_H100_v5', 'swedencentral', 102.4, 20.48),
  ...rows('Standard_ND96isr_H200_v5', 'eastus', 110.24, 22.05),
  ...rows('Standard_ND96isr_H200_v5', 'swedencentral', 114.1, 22.82),
  ...rows('Standard_ND96isr_MI300X_v5', 'swedencentral', 62.4, 12.48),
  ...rows('Standard_NC40ads_H100_v5', 'eastus', 6.98, 1.396),
  ...rows('Standard_NC40ads_H100_v5', 'westeurope', 7.7, 1.54),
  ...rows('Standard_ND96amsr_A100_v4', 'eastus', 32.77, 6.554),
  ...rows('Standard_ND96amsr_A100_v4', 'westeurope', 36.05, 7.21),
  ...rows('Standard_ND96asr_v4', 'southcentralus', 27.2, 5.44),
  ...rows('Standard_NC24ads_A100_v4', 'eastus', 3.673, 0.7346),
  ...rows('Standard_NC24ads_A100_v4', 'southcentralus', 3.673, 0.7346),
  ...rows('Standard_NC96ads_A100_v4', 'eastus', 14.692, 2.9384),
  ...rows('Standard_NC4as_T4_v3', 'eastus', 0.526, 0.0526),
  ...rows('Standard_NC4as_T4_v3', 'westeurope', 0.584, 0.0584),
  ...rows('Standard_NC64as_T4_v3', 'eastus', 4.352, 0.4352),
  ...rows('Standard_NV36ads_A10_v5', 'eastus', 3.2, 0.64),
  ...rows('Standard_ND128isr_NDR_GB200_v6', 'swedencentral', 108.0),
  ...rows('Standard_D4s_v5', 'eastus', 0.192, 0.0384),
  { size: 'Standard_ND96isr_H100_v5', region: 'eastus', usd: 80.1, kind: 'devtest' },
];
