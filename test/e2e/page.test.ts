import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.js';
import { startLambdaDemo } from '../../adapters/lambda/demo.js';
import type { DemoProvider } from '../../adapters/define.js';
import { createLogger } from '../../src/lib/logger.js';
import { HistoryStore } from '../../src/store/history-store.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { hasChromium, launchChromium, skippedTitle } from '../helpers/browser.js';
import { REDIS_URL, testRedis, type TestRedis } from '../helpers/redis.js';

const ARTIFACTS = 'test-artifacts';
const title = skippedTitle('built-in page in headless Chromium, over the Lambda demo');

const cell = (gpu: string, col: string) => `#matrix td[data-gpu="${gpu}"][data-col="${col}"]`;
// Runs in the page; typed by hand because this project compiles without the DOM library.
const background = (el: unknown) =>
  (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor;

// The real pipeline on a test prefix: Lambda's demo fake → poll workers → Redis → the API
// listening on loopback → the page in a real browser, refreshing itself.
describe.skipIf(!hasChromium)(title, () => {
  let t: TestRedis;
  let demo: DemoProvider;
  let workers: RunningWorkers;
  let api: TestApi;
  let browser: Browser;
  afterAll(async () => {
    await browser?.close();
    await workers?.close();
    await api?.close();
    await demo?.close();
    await t?.cleanup();
  });

  it('shows the capacity matrix, and a cell turns from available to unavailable when the market loses it', async () => {
    t = await testRedis();
    demo = await startLambdaDemo();
    demo.setPhase(0); // H100 SXM in us-east-1 and us-south-2
    const env = {
      REDIS_URL,
      GPU_RADAR_REDIS_PREFIX: t.prefix,
      GPU_RADAR_PROVIDERS: 'lambda',
      GPU_RADAR_LAMBDA_INTERVAL_MS: '500',
      ...demo.env,
    };
    const config = loadConfig(env);
    const log = createLogger('silent');
    api = await testApi(t, env, { history: new HistoryStore(t.redis, t.prefix, { retentionDays: 1 }) });
    const url = await api.app.listen({ port: 0, host: '127.0.0.1' });
    workers = await startWorkers(config, log);

    browser = await launchChromium();
    const page: Page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    await page.goto(`${url}/?columns=region&refresh=1`);

    const east = cell('H100-SXM', 'us-east-1');
    await page.waitForSelector(`${east}[data-status="available"]`, { timeout: 20_000 });
    expect(await page.locator('#matrix tbody tr').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('#matrix thead th').count()).toBeGreaterThanOrEqual(10);
    expect(await page.locator(east).innerText()).toMatch(/\$4\.49\/GPU-h/);
    expect(await page.locator(cell('H100-SXM', 'us-west-1')).getAttribute('data-status')).toBe('unavailable');
    const before = await page.$eval(east, background);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/page-matrix-before.png`, fullPage: true });

    demo.setPhase(2); // no H100 anywhere
    await page.waitForSelector(`${east}[data-status="unavailable"]`, { timeout: 20_000 });
    const after = await page.$eval(east, background);
    expect(after).not.toBe(before);
    expect(await page.locator('#state').innerText()).toMatch(/updated \d+ s ago/);
    await page.screenshot({ path: `${ARTIFACTS}/page-matrix.png`, fullPage: true });
    expect(problems).toEqual([]);

    // Every poll was sampled: history saw us-east-1 with H100 capacity, then without.
    await eventually(async () => {
      const res = await api.app.inject({ url: '/v1/history?gpu=H100-SXM&region=us-east-1&from=-2m&step=10s' });
      const available = res.json().points.flatMap((p: any) => (p.offers ? [p.offers.available] : []));
      expect(available).toContain(1);
      expect(available.at(-1)).toBe(0);
    }, 15_000);
  }, 90_000);
});
