import { request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { AdapterError, kindForStatus } from './adapter-error.js';

// The one place where adapters meet the network: timeouts (body read included), error
// classification and response validation. Adapters only say what to GET and how to parse it.

export interface GetJsonOptions<T> {
  /** Names the provider in error messages. */
  provider: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  schema: z.ZodType<T>;
  dispatcher?: Dispatcher;
  /** @defaultValue 'GET'; POST sends `body` as JSON (search and GraphQL APIs). */
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Sees every response's status and headers (e.g. rate-limit budgets) before it is classified. */
  onHeaders?: (status: number, headers: Dispatcher.ResponseData['headers']) => void;
}

const DEFAULT_RETRY_AFTER_MS = 30_000;

export async function getJson<T>(url: string, opts: GetJsonOptions<T>): Promise<T> {
  const method = opts.method ?? 'GET';
  const where = `${opts.provider} ${method} ${new URL(url).pathname}`;
  const signals = [AbortSignal.timeout(opts.timeoutMs), opts.signal].filter((s): s is AbortSignal => !!s);
  let text: string;
  let status: number;
  let headers: Dispatcher.ResponseData['headers'];
  try {
    const res = await request(url, {
      method,
      headers: {
        accept: 'application/json',
        'user-agent': 'gpu-radar',
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...opts.headers,
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.any(signals),
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      dispatcher: opts.dispatcher,
    });
    status = res.statusCode;
    headers = res.headers;
    text = await res.body.text();
  } catch (err) {
    throw transportError(where, err);
  }

  opts.onHeaders?.(status, headers);
  if (status >= 300) throw statusError(where, status, headers, text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AdapterError('parse', `${where}: response is not valid JSON (${text.length} bytes)`, { status });
  }
  const parsed = opts.schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || '(root)';
    throw new AdapterError('parse', `${where}: unexpected response shape at ${path}: ${issue?.message}`, { status });
  }
  return parsed.data;
}

function transportError(where: string, err: unknown): AdapterError {
  const e = err as { name?: string; code?: string; message?: string };
  const timedOut =
    e.name === 'TimeoutError' ||
    e.name === 'AbortError' ||
    e.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e.code === 'UND_ERR_BODY_TIMEOUT' ||
    e.code === 'UND_ERR_CONNECT_TIMEOUT';
  if (timedOut) return new AdapterError('timeout', `${where}: timed out`, { cause: err });
  if (e.code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return new AdapterError('parse', `${where}: truncated response body`, { cause: err });
  }
  return new AdapterError('network', `${where}: ${e.code ?? e.name ?? 'error'} ${e.message ?? ''}`.trim(), { cause: err });
}

function statusError(where: string, status: number, headers: Dispatcher.ResponseData['headers'], body: string): AdapterError {
  const detail = providerMessage(body);
  const message = `${where}: HTTP ${status}${detail ? ` ${detail}` : ''}`;
  const kind = kindForStatus(status);
  if (kind !== 'rate_limit') return new AdapterError(kind, message, { status });
  const retryAfter = headers['retry-after'] ?? rateLimitResetSeconds(headers.ratelimit);
  return new AdapterError(kind, message, { status, retryAfterMs: retryAfterMs(retryAfter) });
}

/** The provider's own error code and message, if the body has them; never headers or secrets. */
function providerMessage(body: string): string {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const err = (typeof j.error === 'object' && j.error) || j;
    const { code, message, detail, title, msg } = err as Record<string, unknown>;
    // Some APIs put a string code in `error` and the text in `msg` (Vast.ai).
    const parts = [code ?? (typeof j.error === 'string' ? j.error : undefined), message ?? detail ?? msg ?? title].filter(
      (p) => typeof p === 'string' && p,
    );
    return parts.join(': ').slice(0, 300);
  } catch {
    return '';
  }
}

/**
 * Seconds until the exhausted window of an IETF `RateLimit` header resets
 * (`"minute";r=0;t=12, "hour";r=2800;t=1812` → `12`), or undefined when none is exhausted.
 */
export function rateLimitResetSeconds(header: string | string[] | undefined): string | undefined {
  const v = Array.isArray(header) ? header.join(',') : header;
  let reset: number | undefined;
  for (const item of (v ?? '').split(',')) {
    const r = /;\s*r=(\d+)/.exec(item)?.[1];
    const t = /;\s*t=(\d+)/.exec(item)?.[1];
    if (r === '0' && t !== undefined) reset = Math.max(reset ?? 0, Number(t));
  }
  return reset === undefined ? undefined : String(reset);
}

export function retryAfterMs(header: string | string[] | undefined): number {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(v);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : DEFAULT_RETRY_AFTER_MS;
}
