import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/env.js';
import { PROVIDER_IDS } from '../../config/providers.js';

const SECRET = 'sk-live-do-not-print-9f8e7d';

/** The ConfigError loadConfig throws for `env`; fails the test when it does not throw one. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

const dir = mkdtempSync(join(tmpdir(), 'gpu-radar-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig defaults', () => {
  const config = loadConfig({});

  it('serves on port 8080 against the local Redis with a hash-tagged prefix', () => {
    expect(config.port).toBe(8080);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.redisPrefix).toBe('{gpu-radar}:');
  });

  it('derives staleAfter and expireAfter as 3× and 10× the poll interval', () => {
    const lambda = config.providers.lambda;
    expect(lambda.staleAfterMs).toBe(3 * lambda.intervalMs);
    expect(lambda.expireAfterMs).toBe(10 * lambda.intervalMs);
  });

  it('follows a configured interval', () => {
    const lambda = loadConfig({ GPU_RADAR_LAMBDA_INTERVAL_MS: '5000' }).providers.lambda;
    expect(lambda.intervalMs).toBe(5000);
    expect(lambda.staleAfterMs).toBe(15_000);
    expect(lambda.expireAfterMs).toBe(50_000);
  });
});

describe('lambda credentials', () => {
  it('is disabled without LAMBDA_API_KEY, and says which variable to set', () => {
    const lambda = loadConfig({}).providers.lambda;
    expect(lambda.enabled).toBe(false);
    expect(lambda.disabledReason).toContain('LAMBDA_API_KEY');
    expect(lambda.credentials).toEqual({});
  });

  it('is enabled with LAMBDA_API_KEY', () => {
    const lambda = loadConfig({ LAMBDA_API_KEY: SECRET }).providers.lambda;
    expect(lambda.enabled).toBe(true);
    expect(lambda.disabledReason).toBeUndefined();
    expect(lambda.credentials.LAMBDA_API_KEY).toBe(SECRET);
  });

  it('reads the key from LAMBDA_API_KEY_FILE, without the trailing newline', () => {
    const file = join(dir, 'lambda-key');
    writeFileSync(file, `${SECRET}\n`);
    const lambda = loadConfig({ LAMBDA_API_KEY_FILE: file }).providers.lambda;
    expect(lambda.enabled).toBe(true);
    expect(lambda.credentials.LAMBDA_API_KEY).toBe(SECRET);
  });

  it('names LAMBDA_API_KEY_FILE when that file cannot be read', () => {
    const err = configError({ LAMBDA_API_KEY_FILE: join(dir, 'missing') });
    expect(err.message).toContain('LAMBDA_API_KEY_FILE');
  });

  it('is enabled when GPU_RADAR_PROVIDERS names it (any case, spaces ignored)', () => {
    const lambda = loadConfig({ GPU_RADAR_PROVIDERS: ' Lambda ', LAMBDA_API_KEY: SECRET }).providers.lambda;
    expect(lambda.enabled).toBe(true);
  });
});

describe('a bad value is named by its key', () => {
  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['REDIS_URL', 'localhost:6379'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['GPU_RADAR_LAMBDA_INTERVAL_MS', 'soon'],
    ['GPU_RADAR_LAMBDA_INTERVAL_MS', '10'],
    ['GPU_RADAR_LAMBDA_URL', 'not a url'],
    ['GPU_RADAR_LAMBDA_URL', 'ftp://cloud.lambda.ai'],
  ])('%s=%s', (key, value) => {
    const err = configError({ [key]: value });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]!.startsWith(`${key}:`)).toBe(true);
    expect(err.message).toContain(key);
  });

  it('names every bad key in one error', () => {
    const err = configError({ PORT: 'x', REDIS_URL: 'nope', GPU_RADAR_LAMBDA_INTERVAL_MS: '-1', GPU_RADAR_LAMBDA_URL: 'nope' });
    for (const key of ['PORT', 'REDIS_URL', 'GPU_RADAR_LAMBDA_INTERVAL_MS', 'GPU_RADAR_LAMBDA_URL']) {
      expect(err.message).toContain(`${key}:`);
    }
    expect(err.problems).toHaveLength(4);
  });

  it('rejects an unknown provider, naming the registered ones', () => {
    const err = configError({ GPU_RADAR_PROVIDERS: 'lambda,foo' });
    expect(err.message).toContain('GPU_RADAR_PROVIDERS');
    expect(err.message).toContain('foo');
    expect(err.message).toContain(`available: ${PROVIDER_IDS.join(', ')}`);
  });
});

describe('GPU_RADAR_LAMBDA_URL', () => {
  it('drops a trailing slash', () => {
    expect(loadConfig({ GPU_RADAR_LAMBDA_URL: 'http://127.0.0.1:9000/' }).providers.lambda.url).toBe('http://127.0.0.1:9000');
  });

  it('keeps a proxy path prefix', () => {
    expect(loadConfig({ GPU_RADAR_LAMBDA_URL: 'https://proxy.internal/lambda/' }).providers.lambda.url).toBe(
      'https://proxy.internal/lambda',
    );
    expect(loadConfig({ GPU_RADAR_LAMBDA_URL: 'https://proxy.internal/a/b' }).providers.lambda.url).toBe('https://proxy.internal/a/b');
  });
});

describe('secrets stay out of errors', () => {
  it('does not print LAMBDA_API_KEY when another key is bad', () => {
    const err = configError({ LAMBDA_API_KEY: SECRET, PORT: 'bad', GPU_RADAR_LAMBDA_URL: 'bad' });
    expect(err.message).not.toContain(SECRET);
    expect(err.problems.join('\n')).not.toContain(SECRET);
  });

  it('does not print a key read from LAMBDA_API_KEY_FILE when another key is bad', () => {
    const file = join(dir, 'lambda-key-2');
    writeFileSync(file, SECRET);
    const err = configError({ LAMBDA_API_KEY_FILE: file, REDIS_URL: 'bad' });
    expect(err.message).not.toContain(SECRET);
  });

  it('does not print the password of a malformed REDIS_URL', () => {
    // A Redis URL routinely carries a password (rediss://default:<password>@host); the
    // error must name the key without echoing the credential to stderr or the log.
    const err = configError({ REDIS_URL: `http://default:${SECRET}@redis.internal:6379` });
    expect(err.message).toContain('REDIS_URL');
    expect(err.message).not.toContain(SECRET);
  });
});
