import { describe, expect, it } from 'vitest';
import { azureError, restResponseError } from '../../adapters/azure/errors.js';

// Error shapes as @azure/identity and @azure/arm-compute surface them (azure.md, last section).
const rest = (statusCode: number, code: string, retryAfter?: string) =>
  Object.assign(new Error(`Pagination failed with unexpected statusCode ${statusCode}`), {
    name: 'RestError',
    statusCode,
    code,
    response: { headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } },
  });

describe('azureError', () => {
  it.each([
    [
      rest(429, 'OperationNotAllowed', '12'),
      { kind: 'rate_limit', retryAfterMs: 12_000, message: 'azure x: HTTP 429 OperationNotAllowed' },
    ],
    [rest(401, 'ExpiredAuthenticationToken'), { kind: 'auth', status: 401 }],
    [rest(403, 'AuthorizationFailed'), { kind: 'auth', status: 403 }],
    [rest(404, 'SubscriptionNotFound'), { kind: 'config' }],
    [rest(400, 'InvalidApiVersionParameter'), { kind: 'config' }],
    [rest(503, 'ServiceUnavailable'), { kind: 'http' }],
  ])('classifies an ARM error (%#)', (err, expected) => {
    expect(azureError('x', err)).toMatchObject(expected);
  });

  it('reads credential failures as auth, keeping Entra’s first line only', () => {
    const err = Object.assign(
      new Error('invalid_client: Error(s): 7000215 - Description: AADSTS7000215: Invalid client secret provided.\nMore details'),
      { name: 'AuthenticationRequiredError' },
    );
    expect(azureError('usage.list eastus', err)).toMatchObject({
      kind: 'auth',
      message:
        'azure usage.list eastus: AuthenticationRequiredError: invalid_client: ' +
        'Error(s): 7000215 - Description: AADSTS7000215: Invalid client secret provided.',
    });
    expect(azureError('x', Object.assign(new Error('endpoints_resolution_error'), { name: 'CredentialUnavailableError' })).kind).toBe(
      'auth',
    );
  });

  it('classifies a returned (not thrown) REST response like a thrown one', () => {
    expect(restResponseError('scores', 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, '3')).toMatchObject({
      kind: 'rate_limit',
      retryAfterMs: 3000,
    });
    expect(azureError('x', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).kind).toBe('network');
    expect(azureError('x', Object.assign(new Error('aborted'), { name: 'AbortError' })).kind).toBe('timeout');
  });
});
