import { AdapterError, kindForStatus } from '../../src/lib/adapter-error.js';
import { retryAfterMs } from '../../src/lib/http.js';

// Azure SDK errors → AdapterError kinds (azure.md, last section). A refused token surfaces from
// any ARM call as the credential's own error, before anything is sent to ARM; ARM answers are
// RestErrors with the HTTP status and ARM's `error.code`. Entra's messages name the app, never the secret.

const CREDENTIAL_ERRORS = new Set(['AuthenticationRequiredError', 'AuthenticationError', 'CredentialUnavailableError']);
const AUTH_CODES = new Set([
  'AuthenticationFailed',
  'InvalidAuthenticationToken',
  'ExpiredAuthenticationToken',
  'AuthorizationFailed',
  'LinkedAuthorizationFailed',
]);

export function azureError(where: string, err: unknown): AdapterError {
  if (err instanceof AdapterError) return err;
  const e = err as {
    name?: string;
    code?: string;
    statusCode?: number;
    message?: string;
    response?: { headers?: { get?(n: string): string | undefined } };
  };
  const name = e.name ?? 'Error';
  const first = (e.message ?? '').split('\n')[0]!.slice(0, 300);
  if (CREDENTIAL_ERRORS.has(name)) return new AdapterError('auth', `azure ${where}: ${name}: ${first}`);
  const status = e.statusCode;
  if (status !== undefined) {
    const code = e.code ? ` ${e.code}` : '';
    const detail = first && !first.startsWith('Pagination failed') ? `: ${first}` : '';
    const message = `azure ${where}: HTTP ${status}${code}${detail}`.slice(0, 400);
    const kind = e.code && AUTH_CODES.has(e.code) && status !== 429 ? 'auth' : kindForStatus(status, 'config');
    if (kind !== 'rate_limit') return new AdapterError(kind, message, { status });
    return new AdapterError(kind, message, { status, retryAfterMs: retryAfterMs(e.response?.headers?.get?.('retry-after')) });
  }
  if (name === 'AbortError' || name === 'TimeoutError') return new AdapterError('timeout', `azure ${where}: timed out`);
  if (e.code && /^(E[A-Z]+|REQUEST_SEND_ERROR|UND_ERR\w*)$/.test(e.code))
    return new AdapterError('network', `azure ${where}: ${e.code} ${first}`.trim());
  return new AdapterError('parse', `azure ${where}: ${name} ${first}`.trim());
}

/** A `@azure-rest/core-client` response that came back (4xx are returned, not thrown) as a RestError-like error. */
export function restResponseError(where: string, status: number, body: unknown, retryAfter: string | undefined): AdapterError {
  const code = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return azureError(where, {
    name: 'RestError',
    statusCode: status,
    code: code?.code,
    message: code?.message ?? '',
    response: { headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } },
  });
}
