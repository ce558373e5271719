import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { request, type Dispatcher } from 'undici';

// Standard Webhooks (standardwebhooks.com): the signed content is `${id}.${timestamp}.${body}`,
// the key is the base64 part of a `whsec_` secret, and `webhook-signature` lists one
// `v1,<base64>` per secret (two while a rotated secret still signs).

export const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function signatureHeader(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets.map((s) => sign(s, id, timestamp, body)).join(' ');
}

/** What a receiver does: true when one of the header's signatures was made with `secret`. */
export function verify(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string): boolean {
  const expected = Buffer.from(sign(secret, headers.id, Number(headers.timestamp), body));
  return headers.signature.split(' ').some((sig) => {
    const got = Buffer.from(sig);
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

export interface Attempt {
  /** HTTP status, when the receiver answered. */
  status?: number;
  /** Why no answer counts, e.g. a timeout or a refused address. */
  error?: string;
  durationMs: number;
  /** From Retry-After on a 429 or 5xx. */
  retryAfterMs?: number;
  ok: boolean;
}

export interface Outgoing {
  url: string;
  id: string;
  body: string;
  secrets: readonly string[];
  /** Unix seconds; stamped per attempt. */
  timestamp: number;
}

/** One POST: no redirects (a 3xx is a failure), bounded time, the exact signed bytes sent. */
export async function postWebhook(msg: Outgoing, dispatcher: Dispatcher, timeoutMs = 10_000): Promise<Attempt> {
  const started = performance.now();
  const body = Buffer.from(msg.body, 'utf8');
  try {
    const res = await request(msg.url, {
      method: 'POST',
      dispatcher,
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'gpu-radar-webhooks/1',
        'webhook-id': msg.id,
        'webhook-timestamp': String(msg.timestamp),
        'webhook-signature': signatureHeader(msg.secrets, msg.id, msg.timestamp, msg.body),
      },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    const durationMs = Math.round(performance.now() - started);
    const retryAfterMs = res.statusCode === 429 || res.statusCode >= 500 ? parseRetryAfter(res.headers['retry-after']) : undefined;
    return {
      status: res.statusCode,
      ok: res.statusCode >= 200 && res.statusCode < 300,
      durationMs,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  } catch (err) {
    const e = err as Error & { code?: string; cause?: Error };
    const why = e.name === 'SsrfError' ? e.message : e.cause?.name === 'SsrfError' ? e.cause.message : `${e.code ?? e.name}: ${e.message}`;
    return { ok: false, error: why, durationMs: Math.round(performance.now() - started) };
  }
}

function parseRetryAfter(v: string | string[] | undefined): number | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  if (/^\d+$/.test(s.trim())) return Number(s.trim()) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
