import { describe, expect, it } from 'vitest';
import { AdapterError, holdAfter, kindForStatus } from '../../src/lib/adapter-error.js';

describe('kindForStatus', () => {
  it.each([
    [200, 'parse', 'parse'],
    [302, 'http', 'http'],
    [400, 'http', 'config'],
    [401, 'auth', 'auth'],
    [403, 'auth', 'auth'],
    [404, 'config', 'config'],
    [408, 'timeout', 'timeout'],
    [409, 'http', 'config'],
    [429, 'rate_limit', 'rate_limit'],
    [500, 'http', 'http'],
    [503, 'http', 'http'],
  ])('%i is %s, or %s where other 4xx mean config', (status, plain, strict) => {
    expect(kindForStatus(status)).toBe(plain);
    expect(kindForStatus(status, 'config')).toBe(strict);
  });
});

describe('holdAfter', () => {
  it('waits the minimum, or longer when a rate limit said Retry-After', () => {
    const hold = holdAfter(60_000);
    expect(hold(new Error('down'))).toBe(60_000);
    expect(hold(new AdapterError('rate_limit', 'slow', { retryAfterMs: 120_000 }))).toBe(120_000);
    expect(hold(new AdapterError('http', 'busy', { retryAfterMs: 120_000 }))).toBe(60_000);
  });
});
