// Every provider failure carries a kind, so the worker decides in one place what to do:
// auth/config/parse stop retrying, rate_limit slows only that provider's queue, the rest retry.

export const ADAPTER_ERROR_KINDS = ['auth', 'config', 'rate_limit', 'timeout', 'network', 'http', 'parse'] as const;
export type AdapterErrorKind = (typeof ADAPTER_ERROR_KINDS)[number];

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

/** Anything thrown while polling, as an AdapterError (a bug in our code counts as `parse`). */
export function asAdapterError(err: unknown): AdapterError {
  if (err instanceof AdapterError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AdapterError('parse', `unexpected: ${message}`, { cause: err });
}
