import { describe, expect, it } from 'vitest';
import { awsError } from '../../adapters/aws/errors.js';

// SDK exceptions as the client throws them (name = EC2 error code, HTTP status in $metadata).
const sdk = (name: string, status?: number, message = 'm') =>
  Object.assign(new Error(message), { name, $metadata: status ? { httpStatusCode: status } : {} });

describe('AWS SDK errors → AdapterError kinds', () => {
  it.each([
    ['RequestLimitExceeded', 503, 'rate_limit'],
    ['Throttling', 400, 'rate_limit'],
    ['AuthFailure', 401, 'auth'],
    ['UnauthorizedOperation', 403, 'auth'],
    ['ExpiredToken', 400, 'auth'],
    ['InvalidParameterValue', 400, 'config'],
    ['InvalidParameterCombination', 400, 'config'],
    ['OptInRequired', 401, 'config'],
    ['InternalError', 500, 'http'],
    ['Unavailable', 503, 'http'],
  ])('%s (%i) is %s', (name, status, kind) => {
    expect(awsError('DescribeInstanceTypes us-east-1', sdk(name, status)).kind).toBe(kind);
  });

  it('classifies transport failures and a missing credential chain', () => {
    expect(awsError('x', sdk('TimeoutError')).kind).toBe('timeout');
    expect(awsError('x', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).kind).toBe('network');
    const creds = awsError('x', sdk('CredentialsProviderError', undefined, 'Could not load credentials from any providers'));
    expect(creds.kind).toBe('auth');
    expect(creds.message).toMatch(/AWS_ACCESS_KEY_ID.*AWS_SECRET_ACCESS_KEY/);
  });

  it('gives throttling a hold time for the queue', () => {
    expect(awsError('x', sdk('RequestLimitExceeded', 503)).retryAfterMs).toBeGreaterThan(0);
  });
});
