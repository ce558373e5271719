import { vastaiFakeEnv } from './fake/env.js';
import { DEFAULT_VAST_OFFERS, startVastFake, type VastFakeOffer, vastOffer } from './fake/index.js';
import type { DemoProvider } from '../define.js';

// Machines get rented and relisted: the 8x H100 in Texas goes, one appears in Finland, then no
// whole 8x H100 machine is left (only smaller slices, so 8 GPUs are `limited`), then Texas is back.
const TEXAS_8X = 24811937;
const FINLAND_8X = vastOffer({
  id: 24813001,
  machine_id: 35120,
  num_gpus: 8,
  gpu_name: 'H100 SXM',
  dph_total: 16.8069,
  min_bid: 10.4,
  geolocation: 'Uusimaa, FI',
  reliability2: 0.9968,
});
const WHOLE_H100 = new Set([24811937, 24811950, 24811961]);

const without = (ids: Set<number>, extra: VastFakeOffer[] = []) => [
  ...DEFAULT_VAST_OFFERS.filter((o) => !ids.has(o.id as number)),
  ...extra,
];
const PHASES: VastFakeOffer[][] = [
  DEFAULT_VAST_OFFERS,
  without(new Set([TEXAS_8X]), [FINLAND_8X]),
  without(WHOLE_H100),
  without(new Set(), [
    { ...DEFAULT_VAST_OFFERS.find((o) => o.id === TEXAS_8X)!, id: 24813050, ask_contract_id: 24813050, dph_total: 16.2069 },
  ]),
].map((offers) => offers.filter((o, i, all) => all.findIndex((x) => x.id === o.id) === i));

export async function startVastaiDemo(): Promise<DemoProvider> {
  const fake = await startVastFake({ apiKey: 'demo-vastai-key' });
  return {
    env: vastaiFakeEnv(fake),
    phases: PHASES.length,
    setPhase(i) {
      const offers = PHASES[i % PHASES.length]!;
      fake.setOffers(offers);
      const h100x8 = offers.filter((o) => o.gpu_name === 'H100 SXM' && o.num_gpus === 8 && o.rentable && !o.rented);
      return { offers: offers.length, 'H100 SXM 8x': h100x8.map((o) => o.geolocation) };
    },
    close: fake.close,
  };
}
