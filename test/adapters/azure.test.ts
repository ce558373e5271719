import { afterEach, describe, expect, it } from 'vitest';
import { StoredOfferSchema, type StoredOffer } from '../../src/domain/offer.js';
import { azureEnv, azureSetup, type AzureTestFake } from '../helpers/azure.js';
import { adapterError } from '../helpers/adapter-error.js';

// The real @azure/identity (ClientSecretCredential through MSAL) and @azure/arm-compute against
// the Azure fake over HTTPS on loopback, trusting the fake's certificate through
// GPU_RADAR_AZURE_CA_FILE; undici against the fake Retail Prices API.
const fakes: AzureTestFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const find = (offers: StoredOffer[], size: string, market: string) => offers.find((o) => o.instanceType === size && o.market === market);
const H100 = 'Standard_ND96isr_H100_v5';

describe('azure adapter against the fake', () => {
  it('gets a token from the configured authority and polls a region into GPU VM offers with their evidence', async () => {
    const { fake, adapter, poll } = await azureSetup(fakes);
    expect(adapter.scopes()).toEqual(['eastus', 'southcentralus', 'westeurope', 'swedencentral']);
    const { offers, unknownGpus, dropped } = await poll('eastus');
    expect(unknownGpus).toEqual([]);
    expect(dropped).toBe(0);
    for (const o of offers) expect(StoredOfferSchema.safeParse(o).error?.issues ?? [], o.id).toEqual([]);

    // Client credentials at the fake's Entra ID, for ARM; every ARM call carried that token.
    expect(fake.entra.grants).toEqual([
      { clientId: fake.clientId, scope: 'https://management.azure.com/.default', grantType: 'client_credentials' },
    ]);
    expect(fake.requests.filter((r) => r.auth !== 'public').every((r) => r.auth === 'ok')).toBe(true);

    expect(find(offers, H100, 'on-demand')).toMatchObject({
      id: `azure:eastus:${H100}:on-demand`,
      location: { country: 'US', continent: 'north-america', geo: 'us' },
      gpu: { id: 'H100-SXM', count: 8, memoryGiB: 80 },
      vcpus: 96,
      memoryGiB: 1900,
      // Linux pay-as-you-go, not the Windows, Low Priority or Dev/Test rows.
      price: { perHourUsd: 98.32, perGpuHourUsd: 12.29 },
      // 96 free family vCPUs: one ND96 VM.
      availability: { status: 'unknown', signal: 'quota', source: 'azure.usages', quotaHeadroomGpus: 8 },
    });
    expect(find(offers, H100, 'spot')).toMatchObject({
      price: { perHourUsd: 18.169536 },
      availability: {
        status: 'available',
        signal: 'level',
        source: 'azure.spotPlacementScores',
        score: 'High',
        availableGpus: 8,
        quotaHeadroomGpus: 16,
      },
    });
    // Offered in eastus, blocked for this subscription.
    expect(find(offers, 'Standard_ND96isr_H200_v5', 'on-demand')).toMatchObject({
      availability: { status: 'unavailable', signal: 'catalog', source: 'azure.skus.restrictions' },
      attributes: { restriction: 'NotAvailableForSubscription in eastus' },
    });
    // NC H100 v5 is H100 NVL; zero family quota rules ND A100 v4 out.
    expect(find(offers, 'Standard_NC40ads_H100_v5', 'on-demand')?.gpu).toMatchObject({ id: 'H100-NVL', memoryGiB: 94, count: 1 });
    expect(find(offers, 'Standard_ND96amsr_A100_v4', 'on-demand')?.availability).toEqual({
      status: 'unavailable',
      signal: 'quota',
      source: 'azure.usages',
      quotaHeadroomGpus: 0,
    });
    // GPU partitions, FPGA and CPU sizes are never offers.
    expect(offers.some((o) => ['Standard_NV6ads_A10_v5', 'Standard_NP10s', 'Standard_D4s_v5'].includes(o.instanceType))).toBe(false);
    expect(find(offers, 'Standard_NV36ads_A10_v5', 'on-demand')?.gpu).toMatchObject({ id: 'A10', count: 1 });
    // Resource SKUs asked for this region only; scores asked for the largest size of each GPU.
    expect(fake.requests.find((r) => r.path.endsWith('/skus'))?.query.$filter).toBe("location eq 'eastus'");
    const scored = fake.requests
      .filter((r) => r.path.endsWith('/generate'))
      .flatMap((r) => (r.body as any).desiredSizes.map((s: any) => s.sku));
    expect(new Set(scored)).toEqual(
      new Set([
        H100,
        'Standard_NC80adis_H100_v5',
        'Standard_ND96amsr_A100_v4',
        'Standard_NC96ads_A100_v4',
        'Standard_NC64as_T4_v3',
        'Standard_NV36ads_A10_v5',
      ]),
    );
  });

  it('reads restrictions by zone: every listed zone blocked is unavailable, some blocked leaves the rest', async () => {
    const { poll } = await azureSetup(fakes);
    const south = (await poll('southcentralus')).offers;
    expect(find(south, H100, 'on-demand')).toMatchObject({
      availability: { status: 'unavailable', signal: 'catalog', source: 'azure.skus.restrictions' },
      attributes: { restriction: 'NotAvailableForSubscription in zones 1, 2, 3 of southcentralus' },
    });
    const west = (await poll('westeurope')).offers;
    expect(find(west, 'Standard_NC40ads_H100_v5', 'on-demand')).toMatchObject({
      availability: { status: 'unknown' },
      attributes: { zones: '2' },
    });
    // No Spot vCPU quota in westeurope: every spot offer there is out for this subscription.
    expect(
      west
        .filter((o) => o.market === 'spot')
        .every((o) => o.availability.status === 'unavailable' && o.availability.quotaHeadroomGpus === 0),
    ).toBe(true);
  });

  it('keeps the raw spot score: Low is unavailable, DataNotFoundOrStale unknown, and a High for 8 GPUs alone proves 8', async () => {
    const { fake, poll } = await azureSetup(fakes);
    let spot = find((await poll('swedencentral')).offers, 'Standard_ND96isr_H200_v5', 'spot')!;
    expect(spot.availability).toMatchObject({ status: 'unknown', signal: 'level', score: 'DataNotFoundOrStale' });
    fake.setSpotScore('eastus', H100, 'Low', 1);
    spot = find((await poll('eastus')).offers, H100, 'spot')!;
    expect(spot.availability).toMatchObject({ status: 'unavailable', signal: 'level', score: 'Low' });
    fake.setSpotScore('eastus', H100, 'High', 1);
    fake.setSpotScore('eastus', H100, 'High', 8);
    spot = find((await poll('eastus')).offers, H100, 'spot')!;
    expect(spot.availability).toMatchObject({ status: 'available', score: 'High', availableGpus: 64 });
  });

  it('follows nextLink and NextPageLink over 3+ pages to the same offers', async () => {
    const whole = await (await azureSetup(fakes)).poll('eastus');
    const { fake, poll } = await azureSetup(fakes, { skuPageSize: 3, pricesPageSize: 5 });
    const paged = await poll('eastus');
    expect(fake.requests.filter((r) => r.path.endsWith('/skus')).length).toBeGreaterThanOrEqual(3);
    expect(fake.requests.filter((r) => r.path === '/api/retail/prices').length).toBeGreaterThanOrEqual(3);
    expect(
      fake.requests
        .filter((r) => r.path === '/api/retail/prices')
        .slice(1)
        .every((r) => Number(r.query.$skip) > 0 && r.query.$filter?.includes("armRegionName eq 'eastus'")),
    ).toBe(true);
    expect(paged.offers.map((o) => JSON.stringify(o)).sort()).toEqual(whole.offers.map((o) => JSON.stringify(o)).sort());
  });

  it('keeps an offer without a price, null and saying why, also when the Retail Prices API throttles', async () => {
    const { fake, poll } = await azureSetup(fakes);
    let { offers } = await poll('eastus');
    expect(find(offers, 'Standard_NC80adis_H100_v5', 'on-demand')!.price).toEqual({
      perHourUsd: null,
      perGpuHourUsd: null,
      note: 'no on-demand price: the Retail Prices API lists no Linux pay-as-you-go price for Standard_NC80adis_H100_v5 in eastus',
    });

    fake.failNext({ status: 429, retryAfterSeconds: 0 }, 1, '/api/retail/prices');
    ({ offers } = await poll('westeurope'));
    expect(offers.length).toBeGreaterThan(0);
    expect(find(offers, 'Standard_NC40ads_H100_v5', 'on-demand')!.price.note).toMatch(
      /^no on-demand price: Retail Prices API unavailable \(azure GET \/api\/retail\/prices: HTTP 429/,
    );
    ({ offers } = await poll('westeurope'));
    expect(find(offers, 'Standard_NC40ads_H100_v5', 'on-demand')!.price.perHourUsd).toBe(7.7);
  });

  it('turns ARM throttling into rate_limit with Retry-After, without retrying inside the poll', async () => {
    const { fake, poll } = await azureSetup(fakes);
    await poll('eastus');
    fake.failNext({ status: 429, retryAfterSeconds: 7 }, 1, '/skus');
    const before = fake.requests.length;
    const err = await adapterError(poll('eastus'));
    expect(err).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 7000 });
    expect(err.message).toMatch(/resourceSkus\.list eastus: HTTP 429 OperationNotAllowed/);
    expect(fake.requests.length - before).toBe(1);

    fake.failNext({ status: 403 }, 1, '/usages');
    expect(await adapterError(poll('eastus'))).toMatchObject({ kind: 'auth', status: 403 });
    fake.failNext({ status: 503 }, 1, '/skus');
    expect((await adapterError(poll('eastus'))).retryable).toBe(true);
  });

  it('keeps polling when spot scores are not permitted: spot offers fall back to quota evidence', async () => {
    const { fake, poll } = await azureSetup(fakes);
    fake.failNext({ status: 403 }, 10, '/generate');
    const { offers } = await poll('eastus');
    expect(find(offers, H100, 'spot')?.availability).toEqual({
      status: 'unknown',
      signal: 'quota',
      source: 'azure.usages',
      quotaHeadroomGpus: 16,
    });
  });

  it('fails with auth when Entra refuses the secret or the client, never showing the secret', async () => {
    const { fake, poll } = await azureSetup(fakes, {}, {}, (t) => ({ ...azureEnv(t), AZURE_CLIENT_SECRET: 'wrong-secret-value-123' }));
    const err = await adapterError(poll('eastus'));
    expect(err.kind).toBe('auth');
    expect(err.message).toMatch(/AuthenticationRequiredError: invalid_client.*AADSTS7000215/);
    expect(err.message).not.toContain('wrong-secret-value-123');
    expect(err.message).not.toContain(fake.clientSecret);
    expect(fake.requests).toHaveLength(0);

    const other = await azureSetup(fakes, {}, {}, (t) => ({ ...azureEnv(t), AZURE_CLIENT_ID: '00000000-0000-0000-0000-00000000dead' }));
    expect(await adapterError(other.poll('eastus'))).toMatchObject({
      kind: 'auth',
      message: expect.stringMatching(/unauthorized_client.*AADSTS700016/),
    });
  });

  it('recovers from a token ARM stops honouring: that poll fails with auth, the next gets a new token', async () => {
    const { fake, poll } = await azureSetup(fakes);
    await poll('eastus');
    fake.entra.expireAll();
    expect(await adapterError(poll('eastus'))).toMatchObject({
      kind: 'auth',
      status: 401,
      message: expect.stringMatching(/ExpiredAuthenticationToken/),
    });
    expect((await poll('eastus')).offers.length).toBeGreaterThan(0);
    expect(fake.entra.grants).toHaveLength(2);
  });

  it('trusts the fake only through GPU_RADAR_AZURE_CA_FILE: without it TLS fails, a bad file is a config error', async () => {
    const without = await azureSetup(fakes, {}, {}, (t) => {
      const { GPU_RADAR_AZURE_CA_FILE: _, ...env } = azureEnv(t);
      return env;
    });
    const err = await adapterError(without.poll('eastus'));
    expect(err.kind).toBe('auth');
    expect(without.fake.requests).toHaveLength(0);

    const missing = await azureSetup(fakes, {}, {}, (t) => ({ ...azureEnv(t), GPU_RADAR_AZURE_CA_FILE: `${t.caFile}.missing` }));
    expect(await adapterError(missing.poll('eastus'))).toMatchObject({
      kind: 'config',
      message: expect.stringMatching(/GPU_RADAR_AZURE_CA_FILE: cannot read/),
    });
  });
});
