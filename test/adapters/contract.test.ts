import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../adapters/index.js';
import { loadConfig } from '../../config/env.js';
import { StoredOfferSchema, type StoredOffer } from '../../src/domain/offer.js';
import { createLogger } from '../../src/lib/logger.js';

// Every registered provider, polled over HTTP against its own fake's default answer, with the
// environment its definition says points gpu-radar at that fake.
describe.each(PROVIDERS.map((p) => [p.id, p] as const))('adapter %s', (id, def) => {
  it("normalizes its fake's default answer into valid offers with unique ids", async () => {
    const fake = await def.fake.start();
    try {
      const cfg = loadConfig({ GPU_RADAR_PROVIDERS: id, ...def.fake.env(fake) }).providers[id];
      expect(cfg.enabled).toBe(true);
      const adapter = await def.create(cfg);
      expect(adapter.id).toBe(id);
      const ctx = { log: createLogger('silent'), signal: new AbortController().signal };
      const offers: StoredOffer[] = [];
      for (const scope of adapter.scopes()) {
        const result = adapter.normalize(await adapter.fetchRaw(scope, ctx), scope);
        expect(result.unknownGpus).toEqual([]);
        offers.push(...result.offers);
      }
      expect(offers.length).toBeGreaterThan(0);
      for (const offer of offers) {
        const parsed = StoredOfferSchema.safeParse(offer);
        expect(parsed.error?.issues ?? [], offer.id).toEqual([]);
        expect(offer.provider).toBe(id);
      }
      expect(new Set(offers.map((o) => o.id)).size).toBe(offers.length);
    } finally {
      await fake.close();
    }
  });
});
