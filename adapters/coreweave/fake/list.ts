import { statusResponse, type FakeResponse } from './status.js';
import type { KubeObject } from './cluster.js';

// The list semantics of kube-apiserver that the adapter relies on: field selectors with
// =, == and !=, `limit`/`continue` chunking over a consistent snapshot, 410 for a token
// whose snapshot is gone, and 400 for what the server would refuse.

export type Kind = 'nodes' | 'pods';

const FIELDS: Record<Kind, Record<string, (o: KubeObject) => string>> = {
  nodes: {
    'metadata.name': (o) => o.metadata?.name ?? '',
    'spec.unschedulable': (o) => String(o.spec?.unschedulable === true),
  },
  pods: {
    'metadata.name': (o) => o.metadata?.name ?? '',
    'metadata.namespace': (o) => o.metadata?.namespace ?? '',
    'spec.nodeName': (o) => o.spec?.nodeName ?? '',
    'status.phase': (o) => o.status?.phase ?? '',
  },
};

export const keyOf = (o: KubeObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

type Filter = (o: KubeObject) => boolean;

function fieldFilter(kind: Kind, selector: string): Filter | FakeResponse {
  const tests: Filter[] = [];
  for (const term of selector.split(',').filter(Boolean)) {
    const m = /^([\w.]+)\s*(!=|==|=)\s*(.*)$/.exec(term);
    if (!m) return statusResponse(400, `invalid field selector: '${term}'`);
    const [, field = '', op, value = ''] = m;
    const get = FIELDS[kind][field];
    if (!get) return statusResponse(400, `field label not supported: ${field}`);
    tests.push(op === '!=' ? (o) => get(o) !== value : (o) => get(o) === value);
  }
  return (o) => tests.every((t) => t(o));
}

interface Token {
  v: string;
  rv: number;
  start: string;
}

const encode = (t: Token) => Buffer.from(JSON.stringify(t)).toString('base64url');
function decode(s: string): Token | undefined {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString()) as Token;
    return t.v === 'meta.k8s.io/v1' && Number.isInteger(t.rv) && typeof t.start === 'string' ? t : undefined;
  } catch {
    return undefined;
  }
}

export interface Snapshots {
  current(): { rv: number; items: Record<Kind, KubeObject[]> };
  at(rv: number): Record<Kind, KubeObject[]> | undefined;
}

/** One list request against the store; `items` are already sorted by key. */
export function listResponse(kind: Kind, query: URLSearchParams, store: Snapshots): FakeResponse {
  const limitRaw = query.get('limit');
  const limit = limitRaw === null ? 0 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 0) return statusResponse(400, `invalid limit: ${limitRaw}`);
  const cont = query.get('continue');
  if (cont && query.get('resourceVersion')) return statusResponse(400, 'specifying resource version is not allowed when using continue');
  if (query.get('labelSelector')) return statusResponse(400, 'this fake does not implement labelSelector');
  const filter = fieldFilter(kind, query.get('fieldSelector') ?? '');
  if (typeof filter !== 'function') return filter;

  let rv: number;
  let all: KubeObject[];
  let start = '';
  if (cont) {
    const token = decode(cont);
    if (!token) return statusResponse(400, 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
    const snap = store.at(token.rv);
    if (!snap) return statusResponse(410);
    ({ rv, start } = token);
    all = snap[kind];
  } else {
    const now = store.current();
    rv = now.rv;
    all = now.items[kind];
  }
  const matching = all.filter((o) => keyOf(o) >= start && filter(o));
  const page = limit > 0 ? matching.slice(0, limit) : matching;
  const rest = matching.length - page.length;
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (rest > 0) {
    metadata.continue = encode({ v: 'meta.k8s.io/v1', rv, start: `${keyOf(page.at(-1)!)}\u0000` });
    // The server counts the remainder only when no selector narrows the list.
    if (!query.get('fieldSelector')) metadata.remainingItemCount = rest;
  }
  const listKind = kind === 'nodes' ? 'NodeList' : 'PodList';
  return {
    status: 200,
    body: JSON.stringify({ kind: listKind, apiVersion: 'v1', metadata, items: page }),
    headers: { 'content-type': 'application/json' },
  };
}
