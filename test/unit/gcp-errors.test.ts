import { describe, expect, it } from 'vitest';
import { gcpError } from '../../adapters/gcp/errors.js';

// Error shapes as gax 5 REST and google-auth-library surface them (gcp.md, last section).
const headers = (retryAfter?: string) => ({ get: (n: string) => (n === 'retry-after' ? (retryAfter ?? null) : null) });
const compute = (status: number, body: object, retryAfter?: string) =>
  Object.assign(new Error(JSON.stringify(body)), {
    name: 'GaxiosError',
    status,
    code: status,
    response: { status, headers: headers(retryAfter) },
  });
const body = (code: number, status: string, reason: string, message = 'text') => ({
  error: { code, message, errors: [{ message, domain: 'global', reason }], status },
});

describe('gcpError', () => {
  it.each([
    [compute(429, body(429, 'RESOURCE_EXHAUSTED', 'rateLimitExceeded'), '12'), { kind: 'rate_limit', retryAfterMs: 12_000 }],
    [compute(403, body(403, 'PERMISSION_DENIED', 'rateLimitExceeded'), '2'), { kind: 'rate_limit', retryAfterMs: 2000 }],
    [compute(403, body(403, 'PERMISSION_DENIED', 'userRateLimitExceeded')), { kind: 'rate_limit', retryAfterMs: 30_000 }],
    [compute(403, body(403, 'PERMISSION_DENIED', 'forbidden')), { kind: 'auth', status: 403 }],
    [compute(401, body(401, 'UNAUTHENTICATED', 'authError')), { kind: 'auth', status: 401 }],
    [compute(400, body(400, 'INVALID_ARGUMENT', 'invalid')), { kind: 'config' }],
    [compute(404, body(404, 'NOT_FOUND', 'notFound')), { kind: 'config' }],
    [compute(503, body(503, 'UNAVAILABLE', 'backendError')), { kind: 'http' }],
  ])('classifies a Compute error (%#)', (err, expected) => {
    expect(gcpError('x', err)).toMatchObject(expected);
  });

  it('reads a refused token exchange from response.data as auth, keeping Google’s words', () => {
    const err = Object.assign(new Error('invalid_grant: Invalid JWT Signature.'), {
      status: 400,
      response: { status: 400, data: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }, headers: headers() },
      config: { body: 'assertion=eyJhbGciOiJSUzI1NiJ9.secret.sig' },
    });
    const e = gcpError('regions.get us-central1', err);
    expect(e).toMatchObject({
      kind: 'auth',
      message: 'gcp regions.get us-central1: token exchange refused: invalid_grant: Invalid JWT Signature.',
    });
    expect(e.cause).toBeUndefined();
  });

  it('tells network failures and timeouts apart', () => {
    expect(gcpError('x', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toMatchObject({
      kind: 'network',
      message: 'gcp x: ECONNREFUSED',
    });
    expect(gcpError('x', Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }))).toMatchObject({
      kind: 'timeout',
    });
  });
});
