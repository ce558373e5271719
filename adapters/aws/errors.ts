import { AdapterError, kindForStatus } from '../../src/lib/adapter-error.js';

// SDK errors → AdapterError kinds. The SDK has already retried throttling and 5xx (retry mode
// standard); what reaches here is final for this poll.

const RATE_LIMIT = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'SlowDown']);
const AUTH = new Set([
  'AuthFailure',
  'UnauthorizedOperation',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'AccessDenied',
  'Blocked',
]);
const CONFIG = new Set([
  'OptInRequired',
  'InvalidAction',
  'MissingParameter',
  'InvalidFilter',
  'InvalidInstanceType',
  'UnsupportedOperation',
]);

/** Default hold on the AWS queue after throttling outlasted the SDK's retries. */
export const THROTTLE_HOLD_MS = 30_000;

export const NO_CREDENTIALS =
  'no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), ' +
  'or AWS_PROFILE, or run with an instance or task role';

export function awsError(where: string, err: unknown): AdapterError {
  if (err instanceof AdapterError) return err;
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  // The SDK's messages are AWS's own text; they never carry the secret key.
  const message = `aws ${where}: ${name}${e.message && e.message !== name ? ` ${e.message}` : ''}`.slice(0, 400);
  if (name === 'CredentialsProviderError') return new AdapterError('auth', `aws ${where}: ${NO_CREDENTIALS}`, { cause: err });
  if (RATE_LIMIT.has(name)) return new AdapterError('rate_limit', message, { status, retryAfterMs: THROTTLE_HOLD_MS });
  if (AUTH.has(name)) return new AdapterError('auth', message, { status });
  if (name.startsWith('InvalidParameter') || CONFIG.has(name)) return new AdapterError('config', message, { status });
  if (name === 'TimeoutError' || name === 'AbortError' || e.code === 'ETIMEDOUT' || e.code === 'ECONNABORTED') {
    return new AdapterError('timeout', `aws ${where}: timed out`, { cause: err });
  }
  if (e.code && /^(E[A-Z]+|UND_ERR\w*)$/.test(e.code) && status === undefined) {
    return new AdapterError('network', `aws ${where}: ${e.code}`, { cause: err });
  }
  if (status === undefined) return new AdapterError('network', message, { cause: err });
  // A 2xx here is the SDK failing to read an answer (bad XML, HTML from a proxy): parse.
  const kind = kindForStatus(status);
  return new AdapterError(kind, message, { status, ...(kind === 'rate_limit' ? { retryAfterMs: THROTTLE_HOLD_MS } : {}) });
}
