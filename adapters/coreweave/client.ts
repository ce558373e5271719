import { delimiter } from 'node:path';
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  Observable,
  type ConfigurationOptions,
  type ObservableMiddleware,
} from '@kubernetes/client-node';
import { AdapterError, kindForStatus } from '../../src/lib/adapter-error.js';
import { retryAfterMs } from '../../src/lib/http.js';

// The Kubernetes side of the adapter: a KubeConfig from KUBECONFIG (the same file list
// kubectl merges) or the in-cluster service account, chunked lists, and every failure of
// @kubernetes/client-node turned into an AdapterError that never carries the token.

export interface ListPage {
  items: unknown[];
  metadata?: { _continue?: string };
}

/** Reads the kubeconfig on every poll, so a rotated token or a fixed file is picked up. */
export function kubeApi(kubeconfig: string | undefined): CoreV1Api {
  const kc = new KubeConfig();
  const files = (kubeconfig ?? '').split(delimiter).filter(Boolean);
  try {
    if (!files.length) kc.loadFromCluster();
    files.forEach((file, i) => {
      if (i === 0) return kc.loadFromFile(file);
      const more = new KubeConfig();
      more.loadFromFile(file);
      kc.mergeConfig(more);
    });
    return kc.makeApiClient(CoreV1Api);
  } catch (err) {
    const e = err as { code?: string; reason?: string; message?: string };
    // js-yaml errors quote the file around the fault, which may hold the token: keep only `reason`.
    const why = e.code === 'ENOENT' ? 'file not found' : (e.code ?? e.reason ?? (e.message?.split('\n')[0] || 'unreadable'));
    const what = files.length ? `kubeconfig ${files.join(delimiter)}` : 'in-cluster service account';
    throw new AdapterError('config', `coreweave: cannot load ${what}: ${why}`);
  }
}

type Lister = (p: { limit: number; _continue?: string }, signal: AbortSignal) => Promise<ListPage>;

/**
 * Every item of a chunked list. A 410 (the continue token outlived the server's history)
 * starts the list over once, as the API asks; a token seen twice is a server bug, not a loop.
 */
export async function listAll(what: string, list: Lister, pageSize: number, timeoutMs: number, signal: AbortSignal): Promise<unknown[]> {
  for (let attempt = 0; ; attempt++) {
    const items: unknown[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    try {
      do {
        const page = await list(
          { limit: pageSize, ...(token ? { _continue: token } : {}) },
          AbortSignal.any([AbortSignal.timeout(timeoutMs), signal]),
        );
        if (!Array.isArray(page?.items)) throw new AdapterError('parse', `coreweave list ${what}: response has no items array`);
        items.push(...page.items);
        token = page.metadata?._continue || undefined;
        if (token && seen.has(token)) throw new AdapterError('parse', `coreweave list ${what}: the server repeated a continue token`);
        if (token) seen.add(token);
      } while (token);
      return items;
    } catch (err) {
      if (attempt === 0 && err instanceof ApiException && err.code === 410) continue;
      throw kubeError(`coreweave list ${what}`, err);
    }
  }
}

/** A per-call deadline: client-node 1.x has none, and its per-call middleware speaks Observable. */
export function withSignal(signal: AbortSignal): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (ctx) => (ctx.setSignal(signal), new Observable(Promise.resolve(ctx))),
    post: (res) => new Observable(Promise.resolve(res)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

export function kubeError(where: string, err: unknown): AdapterError {
  if (err instanceof AdapterError) return err;
  if (err instanceof ApiException) {
    const code = err.code as number;
    const headers = (err.headers ?? {}) as Record<string, string>;
    const status = readStatus(err.body);
    // client-node drops the body of a 401, so say what it means.
    const detail = status.message ?? (code === 401 ? 'the API server rejected the credentials in the kubeconfig' : undefined);
    const message = `${where}: HTTP ${code}${status.reason ? ` ${status.reason}` : ''}${detail ? `: ${detail}` : ''}`;
    // 410: a continue token expired twice in a row; the next poll starts over. Any other 4xx means
    // this server refuses what we ask (a path, a selector): retrying won't help.
    const kind = code === 410 ? 'http' : kindForStatus(code, 'config');
    if (kind !== 'rate_limit') return new AdapterError(kind, message, { status: code });
    const header = headers['retry-after'] ?? (status.retryAfterSeconds !== undefined ? String(status.retryAfterSeconds) : undefined);
    return new AdapterError(kind, message, { status: code, retryAfterMs: retryAfterMs(header) });
  }
  const e = err as { name?: string; type?: string; code?: string; message?: string };
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.type === 'aborted')
    return new AdapterError('timeout', `${where}: timed out`);
  if (e.type === 'system' && e.code && /CERT|SELF_SIGNED|UNABLE_TO|ALTNAME|TLS/.test(e.code)) {
    return new AdapterError('config', `${where}: TLS: ${e.code} (check the kubeconfig's certificate-authority)`);
  }
  // In-cluster: the service-account token or CA file the client reads is missing or unreadable.
  if (e.code === 'ENOENT' || e.code === 'EACCES')
    return new AdapterError('config', `${where}: ${e.code} ${e.message?.split('\n')[0] ?? ''}`.trim());
  if (e.type === 'system') return new AdapterError('network', `${where}: ${e.code ?? 'error'} ${e.message ?? ''}`.trim());
  if (/HTTP protocol is not allowed/.test(e.message ?? '')) {
    return new AdapterError('config', `${where}: the kubeconfig's server is plain http; gpu-radar only talks TLS to Kubernetes`);
  }
  return new AdapterError('parse', `${where}: ${e.message?.split('\n')[0] ?? String(err)}`);
}

// The fields of a Kubernetes Status this reads; anything may be missing or mistyped.
interface KubeStatus {
  kind?: unknown;
  reason?: string;
  message?: unknown;
  details?: { retryAfterSeconds?: number };
}

// client-node hands over the raw body text; a Kubernetes Status names the reason and message.
function readStatus(body: unknown): { reason?: string; message?: string; retryAfterSeconds?: number } {
  try {
    const s = (typeof body === 'string' ? JSON.parse(body) : body) as KubeStatus | undefined;
    if (s?.kind !== 'Status') return typeof body === 'string' && body.trim() ? { message: body.trim().slice(0, 200) } : {};
    return { reason: s.reason, message: String(s.message ?? '').slice(0, 300), retryAfterSeconds: s.details?.retryAfterSeconds };
  } catch {
    return typeof body === 'string' && body.trim() ? { message: body.trim().slice(0, 200) } : {};
  }
}
