import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../adapters/registry.js';
import { startLambdaFake } from '../../adapters/lambda/fake.js';
import { startAwsFake } from '../../adapters/aws/fake.js';
import { startAzureFake } from '../../adapters/azure/fake.js';
import { startKubeFake } from '../../adapters/coreweave/fake.js';
import { startGcpFake } from '../../adapters/gcp/fake.js';
import { startRunpodFake } from '../../adapters/runpod/fake.js';
import { startVastFake } from '../../adapters/vastai/fake.js';
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
  aws: async () => {
    const f = await startAwsFake();
    const env = {
      AWS_ACCESS_KEY_ID: f.accessKeyId,
      AWS_SECRET_ACCESS_KEY: f.secretAccessKey,
      AWS_ENDPOINT_URL_EC2: f.url,
      GPU_RADAR_AWS_PRICING_URL: f.pricingUrl,
      GPU_RADAR_AWS_REGIONS: f.regions().join(','),
    };
    return { url: f.url, credentials: env, close: f.close };
  },
  lambda: async () => {
    const f = await startLambdaFake();
    return { url: f.url, credentials: { LAMBDA_API_KEY: f.apiKey }, close: f.close };
  },
  vastai: async () => {
    const f = await startVastFake();
    return { url: f.url, credentials: { VASTAI_API_KEY: f.apiKey, GPU_RADAR_VASTAI_REQUEST_GAP_MS: '0' }, close: f.close };
  },
  runpod: async () => {
    const f = await startRunpodFake();
    return { url: f.url, credentials: { RUNPOD_API_KEY: f.apiKey }, close: f.close };
  },
  coreweave: async () => {
    const f = await startKubeFake();
    const dir = mkdtempSync(join(tmpdir(), 'gpu-radar-contract-'));
    const KUBECONFIG = f.writeKubeconfig(join(dir, 'kubeconfig'));
    return { url: f.url, credentials: { KUBECONFIG }, close: async () => (await f.close(), rmSync(dir, { recursive: true })) };
  },
  gcp: async () => {
    const f = await startGcpFake();
    const dir = mkdtempSync(join(tmpdir(), 'gpu-radar-contract-'));
    const GOOGLE_APPLICATION_CREDENTIALS = f.writeCredentials(join(dir, 'key.json'));
    const env = {
      GOOGLE_APPLICATION_CREDENTIALS,
      GCP_PROJECT_ID: f.project,
      GPU_RADAR_GCP_BILLING_URL: f.billingUrl,
      GPU_RADAR_GCP_REGIONS: f.regions().join(','),
    };
    return { url: f.url, credentials: env, close: async () => (await f.close(), rmSync(dir, { recursive: true })) };
  },
  azure: async () => {
    const f = await startAzureFake();
    const dir = mkdtempSync(join(tmpdir(), 'gpu-radar-contract-'));
    const env = {
      AZURE_TENANT_ID: f.tenant,
      AZURE_CLIENT_ID: f.clientId,
      AZURE_CLIENT_SECRET: f.clientSecret,
      AZURE_SUBSCRIPTION_ID: f.subscription,
      AZURE_AUTHORITY_HOST: f.authorityHost,
      GPU_RADAR_AZURE_PRICES_URL: f.pricesUrl,
      GPU_RADAR_AZURE_REGIONS: f.regions().join(','),
      GPU_RADAR_AZURE_CA_FILE: f.writeCa(join(dir, 'ca.pem')),
    };
    return { url: f.url, credentials: env, close: async () => (await f.close(), rmSync(dir, { recursive: true })) };
  },
};

const ids = Object.keys(ADAPTERS) as AdapterId[];
const adaptersDir = fileURLToPath(new URL('../../adapters/', import.meta.url));

describe('adapter registry', () => {
  it('has one entry per folder under adapters/', () => {
    const folders = readdirSync(adaptersDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
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
