import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../adapters/registry.js';
import { startLambdaFake } from '../../adapters/lambda/fake.js';
import type { AdapterId } from '../../config/providers.js';
import { StoredOfferSchema, type StoredOffer } from '../../src/domain/offer.js';
import { createLogger } from '../../src/lib/logger.js';
import { providerConfig } from '../helpers/provider-config.js';

// Every registered adapter, polled over HTTP against its own fake's default answer. Typed by
// AdapterId, so a new adapter without an entry here does not compile.
interface RunningFake {
  url: string;
  credentials: Record<string, string>;
  close(): Promise<void>;
}
const FAKES: Record<AdapterId, () => Promise<RunningFake>> = {
  lambda: async () => {
    const f = await startLambdaFake();
    return { url: f.url, credentials: { LAMBDA_API_KEY: f.apiKey }, close: f.close };
  },
};

const ids = Object.keys(ADAPTERS) as AdapterId[];
const adaptersDir = fileURLToPath(new URL('../../adapters/', import.meta.url));

describe('adapter registry', () => {
  it('has one entry per folder under adapters/', () => {
    const folders = readdirSync(adaptersDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect([...ids].sort()).toEqual(folders.sort());
  });
});

describe.each(ids)('adapter %s', (id) => {
  it("normalizes its fake's default answer into valid offers with unique ids", async () => {
    const fake = await FAKES[id]();
    try {
      const adapter = ADAPTERS[id](providerConfig(id, { url: fake.url, credentials: fake.credentials }));
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
