import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { mintKey } from '../../src/services/auth/api-keys.js';
import { ApiKeysStore } from '../../src/store/api-keys-store.js';
import { OffersStore } from '../../src/store/offers-store.js';
import { testApi, type TestApi } from '../helpers/api.js';
import { hasChromium, launchChromium, skippedTitle } from '../helpers/browser.js';
import { makeOffer } from '../helpers/offers.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

// With GPU_RADAR_AUTH=keys the page needs a key: without one it says how to give it; opened
// once as /#key=..., it remembers the key and shows the matrix.
describe.skipIf(!hasChromium)(skippedTitle('built-in page with API keys on'), () => {
  let t: TestRedis;
  let api: TestApi;
  let browser: Browser;
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await t?.cleanup();
  });

  it('asks for a key, then uses the one given in the URL fragment', async () => {
    t = await testRedis();
    api = await testApi(t, { GPU_RADAR_AUTH: 'keys' });
    await new OffersStore(t.redis, t.k).apply('lambda', 'all', [makeOffer()], { observedAt: new Date(), unknownGpus: [] });
    const { record, token } = mintKey('page', ['read']);
    await new ApiKeysStore(t.redis, t.k).create(record);
    const url = await api.app.listen({ port: 0, host: '127.0.0.1' });

    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${url}/?refresh=1`);
    await page.waitForFunction(() => (globalThis as any).document.getElementById('state').dataset.error?.includes('#key='), undefined, {
      timeout: 10_000,
    });

    await page.goto(`${url}/?refresh=1#key=${token}`);
    await page.waitForSelector('#matrix td[data-gpu="H100-SXM"][data-status="available"]', { timeout: 10_000 });
    // Remembered: a plain reload still shows the matrix.
    await page.goto(`${url}/?refresh=1`);
    await page.waitForSelector('#matrix td[data-gpu="H100-SXM"][data-status="available"]', { timeout: 10_000 });
    expect(await page.evaluate(() => (globalThis as any).document.getElementById('state').dataset.error)).toBe('');
  }, 60_000);
});
