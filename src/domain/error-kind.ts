// Every provider failure carries a kind, so the worker decides in one place what to do:
// auth/config/parse stop retrying, rate_limit slows only that provider's queue, the rest retry.

export const ADAPTER_ERROR_KINDS = ['auth', 'config', 'rate_limit', 'timeout', 'network', 'http', 'parse'] as const;
export type AdapterErrorKind = (typeof ADAPTER_ERROR_KINDS)[number];
