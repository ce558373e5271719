// Offers for the Vast.ai fake: shaped like real search results (shared/provider-apis/vastai.md),
// with the extra and nullable fields a robust adapter must survive. Values are illustrative.

export type VastFakeOffer = Record<string, unknown>;

export interface VastOfferSpec {
  id: number;
  machine_id: number;
  num_gpus: number;
  gpu_name: string;
  dph_total: number;
  geolocation: string | null;
  gpu_ram?: number;
  min_bid?: number | null;
  reliability2?: number;
  verification?: 'verified' | 'unverified' | 'deverified';
  rentable?: boolean;
  rented?: boolean;
  gpu_frac?: number;
}

const VRAM: Record<string, number> = {
  'H100 SXM': 81559,
  'H100 PCIE': 81559,
  'H100 NVL': 95830,
  H200: 143771,
  B200: 183359,
  'A100 SXM4': 81920,
  'A100 PCIE': 81920,
  L40S: 46068,
  'RTX 6000Ada': 49140,
  'RTX A6000': 49140,
  'RTX 4090': 24564,
  'RTX 5090': 32607,
};

/** A full offer object as Vast returns it, from the few fields a scenario cares about. */
export function vastOffer(s: VastOfferSpec): VastFakeOffer {
  const gpuRam = s.gpu_ram ?? VRAM[s.gpu_name] ?? 24564;
  const frac = s.gpu_frac ?? 1;
  const disk = 0.0069;
  return {
    id: s.id,
    ask_contract_id: s.id,
    bundle_id: null,
    machine_id: s.machine_id,
    host_id: 100_000 + (s.machine_id % 9973),
    num_gpus: s.num_gpus,
    gpu_name: s.gpu_name,
    gpu_ram: gpuRam,
    gpu_total_ram: gpuRam * s.num_gpus,
    gpu_frac: frac,
    gpu_arch: 'nvidia',
    compute_cap: 900,
    cuda_max_good: 12.8,
    driver_version: '570.124.06',
    cpu_name: 'AMD EPYC 9454 48-Core Processor',
    cpu_cores: s.num_gpus >= 4 ? 192 : null,
    cpu_cores_effective: 24 * s.num_gpus,
    cpu_ram: 2063712 * frac,
    cpu_arch: 'amd64',
    disk_space: 1200.5,
    disk_bw: 6210.0,
    inet_up: 8730.2,
    inet_down: 9120.6,
    inet_up_cost: 0.003,
    inet_down_cost: 0.003,
    direct_port_count: 64,
    static_ip: true,
    public_ipaddr: '203.0.113.17',
    dph_base: +(s.dph_total - disk).toFixed(4),
    dph_total: s.dph_total,
    min_bid: s.min_bid ?? null,
    storage_cost: 0.1,
    search: {
      gpuCostPerHour: +(s.dph_total - disk).toFixed(4),
      diskHour: disk,
      totalHour: s.dph_total,
      discountTotalHour: 0,
      discountedTotalPerHour: s.dph_total,
    },
    dlperf: 240.5 * s.num_gpus,
    score: 180.2 * s.num_gpus,
    reliability: s.reliability2 ?? 0.99,
    reliability2: s.reliability2 ?? 0.99,
    rentable: s.rentable ?? true,
    rented: s.rented ?? false,
    is_bid: false,
    verification: s.verification ?? 'verified',
    external: false,
    hosting_type: 1,
    geolocation: s.geolocation,
    geolocode: null,
    duration: 2419200.0,
    resource_type: 'gpu',
    vms_enabled: false,
    logo: '',
    webpage: null,
    time_remaining: null,
    rn: null,
  };
}

const o = (
  id: number,
  machine_id: number,
  num_gpus: number,
  gpu_name: string,
  dph_total: number,
  geolocation: string | null,
  extra: Partial<VastOfferSpec> = {},
) => vastOffer({ id, machine_id, num_gpus, gpu_name, dph_total, geolocation, min_bid: +(dph_total * 0.62).toFixed(4), ...extra });

/** The fake's default market: every default-scope GPU, one machine sliced two ways, edge cases. */
export const DEFAULT_VAST_OFFERS: VastFakeOffer[] = [
  o(24811937, 31455, 8, 'H100 SXM', 17.6069, 'Texas, US', { reliability2: 0.9981 }),
  o(24811950, 31502, 8, 'H100 SXM', 15.9069, 'Quebec, CA', { reliability2: 0.9412, verification: 'unverified', min_bid: null }),
  o(24811961, 33001, 8, 'H100 SXM', 18.4069, 'Hesse, DE', { reliability2: 0.9957 }),
  o(24811962, 33001, 4, 'H100 SXM', 9.6069, 'Hesse, DE', { reliability2: 0.9957, gpu_frac: 0.5 }),
  o(24811975, 31460, 4, 'H100 SXM', 8.9069, 'Oregon, US', { reliability2: 0.9893 }),
  o(24811990, 31470, 1, 'H100 SXM', 2.2069, ', CN', { reliability2: 0.9701 }),
  o(24812001, 28710, 2, 'H100 PCIE', 3.8069, 'Bavaria, DE'),
  o(24812002, 28711, 8, 'H100 PCIE', 14.4069, 'Virginia, US', { reliability2: 0.9921 }),
  o(24812010, 28750, 2, 'H100 NVL', 5.1069, 'Ontario, CA'),
  o(24812020, 41001, 8, 'H200', 27.2069, 'Utah, US', { reliability2: 0.999 }),
  o(24812030, 41101, 8, 'B200', 39.9069, 'Texas, US', { reliability2: 0.9975, min_bid: null }),
  o(24812040, 40112, 8, 'A100 SXM4', 8.8069, 'Utah, US', { gpu_ram: 81920 }),
  o(24812041, 40113, 2, 'A100 SXM4', 1.6069, 'Hokkaido, JP', { gpu_ram: 40960 }),
  o(24812050, 40201, 1, 'A100 PCIE', 0.9069, 'Sweden, SE', { gpu_ram: 81920 }),
  o(24812060, 40301, 4, 'L40S', 3.2069, 'Oslo, NO'),
  o(24812070, 40401, 2, 'RTX 6000Ada', 1.5069, 'Alberta, CA'),
  o(24812080, 40501, 4, 'RTX A6000', 1.8069, 'Prague, CZ', { verification: 'unverified' }),
  o(24810522, 29871, 1, 'RTX 4090', 0.3369, 'Sweden, SE', { reliability2: 0.9912 }),
  o(24810530, 29880, 8, 'RTX 4090', 2.7269, 'Taiwan, TW'),
  o(24810540, 29890, 2, 'RTX 5090', 1.1069, 'California, US'),
  // Listed but not rentable now, and already rented: the search must never return these.
  o(24819001, 39001, 8, 'H100 SXM', 12.0069, 'Texas, US', { rentable: false }),
  o(24819002, 39002, 8, 'H100 SXM', 12.5069, 'Texas, US', { rented: true }),
];
