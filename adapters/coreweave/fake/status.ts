// Error answers as kube-apiserver writes them: a `Status` object for API errors, and the
// plain-text 429 of its max-in-flight and priority-and-fairness filters (http.Error in Go).

export interface FakeResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

const REASONS: Record<number, [reason: string, message: string]> = {
  400: ['BadRequest', 'bad request'],
  401: ['Unauthorized', 'Unauthorized'],
  403: ['Forbidden', 'forbidden'],
  404: ['NotFound', 'the server could not find the requested resource'],
  410: [
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. ' +
      'You can start a new list without the continue parameter.',
  ],
  429: ['TooManyRequests', 'Too many requests: the server has received too many requests and has asked us to try again later'],
  500: ['InternalError', 'Internal error occurred: etcdserver: request timed out'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
};

export function statusResponse(
  code: number,
  message?: string,
  details?: Record<string, unknown>,
  headers: Record<string, string> = {},
): FakeResponse {
  const [reason, fallback] = REASONS[code] ?? ['InternalError', 'an error on the server has prevented the request from succeeding'];
  const body = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: message ?? fallback,
    reason,
    ...(details ? { details } : {}),
    code,
  };
  return { status: code, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
}

export const forbidden = (user: string, resource: string): FakeResponse =>
  statusResponse(403, `${resource} is forbidden: User "${user}" cannot list resource "${resource}" in API group "" at the cluster scope`, {
    kind: resource,
  });

/** What kube-apiserver's flow control answers: text/plain, with Retry-After. */
export const throttled = (retryAfterSeconds = 1): FakeResponse => ({
  status: 429,
  body: 'Too many requests, please try again later.\n',
  headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'retry-after': String(retryAfterSeconds) },
});

/** A 429 `Status` (NewTooManyRequests), which carries details.retryAfterSeconds as well. */
export const throttledStatus = (retryAfterSeconds = 1): FakeResponse =>
  statusResponse(429, undefined, { retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
