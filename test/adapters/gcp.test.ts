import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { generateServiceAccount, serviceAccountFile } from '../../adapters/gcp/fake/index.js';
import { StoredOfferSchema, type StoredOffer } from '../../src/domain/offer.js';
import { ctx, gcpSetup, type GcpTestFake } from '../helpers/gcp.js';
import { adapterError } from '../helpers/adapter-error.js';

// The real @google-cloud/compute (REST transport) and google-auth-library against the GCP fake
// on loopback: the service account's JWT is exchanged at the key file's token_uri, and every
// Compute and Billing call carries the token the fake issued.
const fakes: GcpTestFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const find = (offers: StoredOffer[], zone: string, type: string, market: string) =>
  offers.find((o) => o.zone === zone && o.instanceType === type && o.market === market);

describe('gcp adapter against the fake', () => {
  it('exchanges the service account JWT at token_uri and polls a region into GPU machine offers', async () => {
    const { fake, adapter, poll } = await gcpSetup(fakes);
    expect(adapter.scopes()).toEqual(['us-central1', 'us-east4', 'europe-west4', 'asia-northeast1']);
    const { offers, unknownGpus, dropped } = await poll('us-central1');
    expect(unknownGpus).toEqual([]);
    expect(dropped).toBe(0);
    for (const o of offers) expect(StoredOfferSchema.safeParse(o).error?.issues ?? [], o.id).toEqual([]);
    expect(new Set(offers.map((o) => o.id)).size).toBe(offers.length);

    // One exchange, RS256-signed with the generated key (the fake verified it), for cloud-platform.
    expect(fake.tokens.assertions).toHaveLength(1);
    expect(fake.tokens.assertions[0]).toMatchObject({
      header: { alg: 'RS256' },
      claims: { iss: fake.serviceAccount.email, scope: 'https://www.googleapis.com/auth/cloud-platform' },
    });
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(fake.requests.every((r) => r.authorized)).toBe(true);

    // A3: H100 has no on-demand quota metric in regions.get, so only the catalog speaks; spot has one.
    const a3 = find(offers, 'us-central1-a', 'a3-highgpu-8g', 'on-demand')!;
    expect(a3).toMatchObject({
      id: 'gcp:us-central1:us-central1-a:a3-highgpu-8g:on-demand',
      location: { country: 'US', continent: 'north-america', geo: 'us' },
      gpu: { id: 'H100-SXM', model: 'H100', variant: 'SXM', memoryGiB: 80, count: 8 },
      vcpus: 208,
      memoryGiB: 1872,
      availability: { status: 'unknown', signal: 'catalog', source: 'gcp.machineTypes.aggregatedList' },
    });
    // 208 cores + 1872 GiB RAM of the A3 SKUs plus 8 H100 GPU SKUs, summed.
    expect(a3.price.perHourUsd).toBeCloseTo(208 * 0.029563 + 1872 * 0.002519 + 8 * 9.796550569, 5);
    expect(a3.price.perGpuHourUsd).toBeCloseTo(a3.price.perHourUsd! / 8, 9);
    expect(find(offers, 'us-central1-a', 'a3-highgpu-8g', 'spot')?.availability).toEqual({
      status: 'unknown',
      signal: 'quota',
      source: 'gcp.regions.quotas',
      quotaHeadroomGpus: 8,
    });
    // A3 Mega is the same H100 SXM; a3-highgpu-1g/2g/4g are spot-only.
    expect(find(offers, 'us-central1-a', 'a3-megagpu-8g', 'on-demand')?.gpu.id).toBe('H100-SXM');
    expect(find(offers, 'us-central1-b', 'a3-highgpu-4g', 'on-demand')).toBeUndefined();
    expect(find(offers, 'us-central1-b', 'a3-highgpu-4g', 'spot')?.gpu.count).toBe(4);
    // Zero quota (A100 80GB on-demand) rules the account out; N1 GPUs come in 1, 2, 4 cards.
    expect(find(offers, 'us-central1-b', 'a2-ultragpu-8g', 'on-demand')?.availability).toEqual({
      status: 'unavailable',
      signal: 'quota',
      source: 'gcp.regions.quotas',
      quotaHeadroomGpus: 0,
    });
    expect(
      offers.filter((o) => o.zone === 'us-central1-a' && o.gpu.id === 'T4' && o.market === 'on-demand').map((o) => o.instanceType),
    ).toEqual(['n1+1xnvidia-tesla-t4', 'n1+2xnvidia-tesla-t4', 'n1+4xnvidia-tesla-t4']);
    // us-central1-f has no GPUs (a NO_RESULTS_ON_PAGE warning in both lists); vws GPUs are skipped.
    expect(offers.some((o) => o.zone === 'us-central1-f')).toBe(false);
    expect(offers.some((o) => o.instanceType.includes('vws'))).toBe(false);

    // GPU families only: the machine type list was filtered on the server side.
    const mt = fake.requests.find((r) => r.path.endsWith('/aggregated/machineTypes'))!;
    expect(mt.query).toMatchObject({ filter: "name eq '(a2|a3|a4|a4x|g2|g4)-.*'", returnPartialSuccess: 'true' });
  });

  it('reads every page of both aggregated lists and of the Billing Catalog, with the same result', async () => {
    const whole = await (await gcpSetup(fakes)).poll('us-central1');
    const { fake, poll } = await gcpSetup(fakes, { pageSize: 3 }, { pricing: { pageSize: 7 } });
    const paged = await poll('us-central1');
    const pages = (suffix: string) => fake.requests.filter((r) => r.path.endsWith(suffix));
    expect(pages('/aggregated/acceleratorTypes').length).toBeGreaterThanOrEqual(3);
    expect(pages('/aggregated/machineTypes').length).toBeGreaterThanOrEqual(3);
    expect(pages('/skus').length).toBeGreaterThanOrEqual(3);
    expect(
      pages('/skus')
        .slice(1)
        .every((r) => r.query.pageToken && r.query.pageSize === '7'),
    ).toBe(true);
    expect(paged.offers.map((o) => JSON.stringify(o)).sort()).toEqual(whole.offers.map((o) => JSON.stringify(o)).sort());
  });

  it('shares one catalog between the region scopes of a round', async () => {
    const { fake, poll } = await gcpSetup(fakes, {}, { catalogTtlMs: 60_000 });
    for (const region of ['us-central1', 'us-east4', 'europe-west4']) await poll(region);
    expect(fake.requests.filter((r) => r.path.endsWith('/aggregated/acceleratorTypes'))).toHaveLength(1);
    expect(fake.requests.filter((r) => /\/regions\/[^/]+$/.test(r.path))).toHaveLength(3);
  });

  it('turns quota headroom into evidence: zero or below one instance is unavailable, a missing metric unknown', async () => {
    const { fake, poll } = await gcpSetup(fakes);
    fake.setQuota('us-central1', 'PREEMPTIBLE_NVIDIA_H100_GPUS', 16, 12);
    let { offers } = await poll('us-central1');
    expect(find(offers, 'us-central1-b', 'a3-highgpu-8g', 'spot')?.availability).toMatchObject({
      status: 'unavailable',
      quotaHeadroomGpus: 4,
    });
    expect(find(offers, 'us-central1-b', 'a3-highgpu-4g', 'spot')?.availability).toMatchObject({
      status: 'unknown',
      signal: 'quota',
      quotaHeadroomGpus: 4,
    });

    // europe-west4 does publish NVIDIA_H100_GPUS, used up.
    ({ offers } = await poll('europe-west4'));
    expect(find(offers, 'europe-west4-a', 'a3-highgpu-8g', 'on-demand')?.availability).toEqual({
      status: 'unavailable',
      signal: 'quota',
      source: 'gcp.regions.quotas',
      quotaHeadroomGpus: 0,
    });
    expect(find(offers, 'europe-west4-a', 'a3-highgpu-8g', 'on-demand')?.location).toEqual({
      country: 'NL',
      continent: 'europe',
      geo: 'eu',
    });

    // Quotas Google could not read are unknown, never zero.
    fake.setQuotasUnavailable('europe-west4', true);
    ({ offers } = await poll('europe-west4'));
    expect(offers.every((o) => o.availability.signal === 'catalog' && o.availability.status === 'unknown')).toBe(true);
  });

  it('keeps an offer whose price is missing, with a null price that says why', async () => {
    const { fake, poll } = await gcpSetup(fakes);
    fake.removeSkus('A3 Instance Ram');
    const { offers } = await poll('us-central1');
    const a3 = find(offers, 'us-central1-a', 'a3-highgpu-8g', 'on-demand')!;
    expect(a3.price).toEqual({
      perHourUsd: null,
      perGpuHourUsd: null,
      note: 'no on-demand price: the Cloud Billing catalog has no a3 RAM SKU for us-central1',
    });
    expect(find(offers, 'us-central1-a', 'g2-standard-8', 'on-demand')?.price.perHourUsd).toBeGreaterThan(0);
    // No H200 SKUs at all: a3-ultragpu still shows, unpriced.
    const h200 = (await poll('us-east4')).offers.find((o) => o.instanceType === 'a3-ultragpu-8g')!;
    expect(h200.price.perHourUsd).toBeNull();
    expect(h200.price.note).toMatch(/no nvidia-h200-141gb GPU, a3ultra core, a3ultra RAM SKUs for us-east4/);
  });

  it('never fails a poll on a throttled Billing Catalog: prices stay null with the reason, then load', async () => {
    const { fake, poll } = await gcpSetup(fakes);
    fake.failNext({ kind: 'rate-limit-429', retryAfterSeconds: 0 }, 1, '/skus');
    let { offers } = await poll('us-central1');
    expect(offers.length).toBeGreaterThan(0);
    const note = find(offers, 'us-central1-a', 'a3-highgpu-8g', 'on-demand')!.price.note!;
    expect(note).toMatch(/^no on-demand price: Cloud Billing catalog unavailable \(gcp billing skus: HTTP 429 RESOURCE_EXHAUSTED/);
    ({ offers } = await poll('us-central1'));
    expect(find(offers, 'us-central1-a', 'a3-highgpu-8g', 'on-demand')!.price.perHourUsd).toBeGreaterThan(80);
  });

  it('classifies throttling (429 and 403 rateLimitExceeded) with Retry-After, and other errors', async () => {
    const { fake, adapter, poll } = await gcpSetup(fakes);
    fake.failNext({ kind: 'rate-limit-429', retryAfterSeconds: 7 }, 1, '/regions/');
    const before = fake.requests.length;
    let err = await adapterError(poll('us-central1'));
    // Nothing retries behind our back: the throttled request is the poll's only one.
    expect(fake.requests.length - before).toBe(1);
    expect(err).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 7000 });
    expect(err.message).toMatch(/regions\.get us-central1: HTTP 429 RESOURCE_EXHAUSTED: Quota exceeded/);

    fake.failNext({ kind: 'rate-limit-403', retryAfterSeconds: 3 }, 1, '/aggregated/');
    err = await adapterError(poll('us-central1'));
    expect(err).toMatchObject({ kind: 'rate_limit', status: 403, retryAfterMs: 3000 });

    fake.failNext({ kind: 'forbidden' }, 1, '/regions/');
    expect(await adapterError(poll('us-central1'))).toMatchObject({ kind: 'auth', status: 403 });
    fake.failNext({ kind: 'unavailable' }, 1, '/aggregated/machineTypes');
    expect((await adapterError(poll('us-central1'))).retryable).toBe(true);
    expect(await adapterError(adapter.fetchRaw('us-west9', ctx()))).toMatchObject({ kind: 'config', status: 404 });
  });

  it('fails with auth when the token exchange is refused, without the key in the message', async () => {
    const { fake, keyFile, poll } = await gcpSetup(fakes);
    fake.tokens.refuse = true;
    const err = await adapterError(poll('us-central1'));
    expect(err.kind).toBe('auth');
    expect(err.message).toMatch(/token exchange refused: invalid_grant: Invalid JWT Signature\./);
    const key = JSON.parse(readFileSync(keyFile, 'utf8')).private_key as string;
    expect(err.message).not.toContain(key.split('\n')[1]);
    expect(JSON.stringify(err)).not.toContain('BEGIN PRIVATE KEY');
    expect(err.cause).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
  });

  it('rejects a key the token endpoint does not know, and reads a bad key file as auth', async () => {
    const stranger = generateServiceAccount();
    const { fake, keyFile, poll } = await gcpSetup(fakes);
    writeFileSync(
      keyFile,
      JSON.stringify(serviceAccountFile({ ...stranger, email: fake.serviceAccount.email }, fake.project, fake.tokenUrl)),
    );
    expect(await adapterError(poll('us-central1'))).toMatchObject({
      kind: 'auth',
      message: expect.stringMatching(/Invalid JWT Signature/),
    });

    const broken = await gcpSetup(fakes, {}, {}, (t) => ({
      GPU_RADAR_PROVIDERS: 'gcp',
      GOOGLE_APPLICATION_CREDENTIALS: `${t.keyFile}.missing`,
      GCP_PROJECT_ID: 'p',
      GPU_RADAR_GCP_URL: t.fake.url,
    }));
    const err = await adapterError(broken.poll('us-central1'));
    expect(err).toMatchObject({ kind: 'auth' });
    expect(err.message).toMatch(/GOOGLE_APPLICATION_CREDENTIALS: cannot read .*\.missing.* \(ENOENT\)/);
  });

  it('recovers from a token revoked before its expiry: that poll fails with auth, the next gets a new token', async () => {
    const { fake, poll } = await gcpSetup(fakes);
    await poll('us-central1');
    fake.tokens.revokeAll();
    expect(await adapterError(poll('us-central1'))).toMatchObject({ kind: 'auth', status: 401 });
    const { offers } = await poll('us-central1');
    expect(offers.length).toBeGreaterThan(0);
    expect(fake.tokens.exchangeCount()).toBe(2);
  });
});
