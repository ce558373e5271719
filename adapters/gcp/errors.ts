import { AdapterError, kindForStatus } from '../../src/lib/adapter-error.js';
import { retryAfterMs } from '../../src/lib/http.js';

// Google errors → AdapterError kinds. Nothing in gax 5 REST or gaxios retries, so what reaches
// here is final for this poll. Non-2xx answers are GaxiosErrors: Compute puts the raw body in
// `message`, google-auth-library's own requests (token, billing) parse it into `response.data`.
// The error itself is never kept as `cause`: its config holds the signed token request.

interface GoogleBody {
  error?: { code?: number; message?: string; status?: string; errors?: { reason?: string }[]; details?: { reason?: string }[] } | string;
  error_description?: string;
}

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED']);
const OAUTH_ERRORS = new Set([
  'invalid_grant',
  'invalid_client',
  'unauthorized_client',
  'invalid_scope',
  'access_denied',
  'invalid_request',
]);

export function gcpError(where: string, err: unknown): AdapterError {
  if (err instanceof AdapterError) return err;
  const e = err as {
    name?: string;
    code?: string | number;
    status?: number;
    message?: string;
    response?: { status?: number; data?: unknown; headers?: { get?(name: string): string | null } };
  };
  const status = typeof e.status === 'number' ? e.status : e.response?.status;
  const body = googleBody(e.response?.data) ?? googleBody(e.message);
  const apiError = typeof body?.error === 'object' ? body.error : undefined;
  const oauthError = typeof body?.error === 'string' ? body.error : undefined;

  if (oauthError && OAUTH_ERRORS.has(oauthError)) {
    return new AdapterError(
      'auth',
      `gcp ${where}: token exchange refused: ${oauthError}${body?.error_description ? `: ${body.error_description}` : ''}`.slice(0, 400),
      { status },
    );
  }
  if (status !== undefined) {
    const reasons = [...(apiError?.errors ?? []), ...(apiError?.details ?? [])].map((x) => x.reason ?? '');
    const detail = [apiError?.status, apiError?.message ?? (body ? undefined : e.message)].filter(Boolean).join(': ');
    const message = `gcp ${where}: HTTP ${status}${detail ? ` ${detail}` : ''}`.slice(0, 400);
    const throttled = apiError?.status === 'RESOURCE_EXHAUSTED' || reasons.some((r) => RATE_LIMIT_REASONS.has(r));
    const kind = throttled ? 'rate_limit' : kindForStatus(status, 'config');
    if (kind !== 'rate_limit') return new AdapterError(kind, message, { status });
    return new AdapterError(kind, message, { status, retryAfterMs: retryAfterMs(e.response?.headers?.get?.('retry-after') ?? undefined) });
  }
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || code === 'ETIMEDOUT' || /timeout/i.test(e.message ?? '')) {
    return new AdapterError('timeout', `gcp ${where}: timed out`);
  }
  if (code && /^E[A-Z]+$/.test(code)) return new AdapterError('network', `gcp ${where}: ${code}`);
  // A key Node cannot sign with, or an answer the SDK cannot decode.
  return new AdapterError('parse', `gcp ${where}: ${e.name ?? 'Error'} ${(e.message ?? '').slice(0, 200)}`.trim());
}

function googleBody(v: unknown): GoogleBody | undefined {
  if (v && typeof v === 'object') return v as GoogleBody;
  if (typeof v !== 'string' || !v.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(v) as GoogleBody;
  } catch {
    return undefined;
  }
}
