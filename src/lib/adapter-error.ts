import type { AdapterErrorKind } from '../domain/error-kind.js';
// The kinds are domain vocabulary (a scope's status carries one); adapters take them from here.

export { ADAPTER_ERROR_KINDS, type AdapterErrorKind } from '../domain/error-kind.js';

export class AdapterError extends Error {
  readonly kind: AdapterErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(kind: AdapterErrorKind, message: string, opts: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'AdapterError';
    this.kind = kind;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }

  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || this.kind === 'http';
  }
}

/**
 * The one reading of an HTTP status; vendor mappers check only their own codes first. A 4xx not
 * named here is `http` (retried), or `config` for APIs whose other 4xx all mean "never like this"
 * (cloud control planes). A 2xx reaching a mapper is an answer the client could not read.
 */
export function kindForStatus(status: number, otherClientErrors: 'http' | 'config' = 'http'): AdapterErrorKind {
  if (status < 300) return 'parse';
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  // A documented path answering 404 means the base URL or a setting is wrong, not a passing fault.
  if (status === 404) return 'config';
  if (status === 408) return 'timeout';
  if (status >= 500 || status < 400) return 'http';
  return otherClientErrors;
}

/** Anything thrown while polling, as an AdapterError (a bug in our code counts as `parse`). */
export function asAdapterError(err: unknown): AdapterError {
  if (err instanceof AdapterError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AdapterError('parse', `unexpected: ${message}`, { cause: err });
}

/** How long to leave a source alone after it failed with `err`: `minMs`, or longer if it said Retry-After. */
export const holdAfter =
  (minMs: number) =>
  (err: unknown): number => {
    const e = asAdapterError(err);
    return Math.max(minMs, e.kind === 'rate_limit' ? (e.retryAfterMs ?? 0) : 0);
  };
