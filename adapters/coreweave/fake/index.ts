import { writeFileSync } from 'node:fs';
import {
  DEFAULT_NODES,
  DEFAULT_PODS,
  nodeObject,
  podObject,
  type FakeNodeSpec,
  type FakePodSpec,
  type KubeObject,
  type PodPhase,
} from './cluster.js';
import { keyOf, listResponse, type Kind } from './list.js';
import { forbidden, statusResponse, type FakeResponse } from './status.js';
import { selfSignedCertificate } from '../../fake-kit/self-signed-cert.js';
import { startFakeServer, type Fault, type FakeServer } from '../../fake-kit/server.js';

export * from './cluster.js';
export { throttled, throttledStatus } from './status.js';

// A loopback kube-apiserver answering the two list calls the CoreWeave adapter makes
// (GET /api/v1/nodes, GET /api/v1/pods) over HTTPS with bearer-token auth. Tests and the
// demo change the cluster through the returned controls; nothing here is random.

export type KubeFault = Fault;

export interface KubeFakeOptions {
  token?: string;
  /** A token that authenticates but may not list nodes or pods (403). */
  forbiddenToken?: string;
  nodes?: (FakeNodeSpec | KubeObject)[];
  pods?: (FakePodSpec | KubeObject)[];
}

export type KubeFakeRequest = { path: string; query: Record<string, string>; authorized: boolean };

export interface KubeFake extends FakeServer<KubeFakeRequest> {
  token: string;
  caPem: string;
  /** Writes a kubeconfig trusting this fake's certificate; returns `path`. */
  writeKubeconfig(path: string, opts?: { token?: string }): string;
  addNode(n: FakeNodeSpec | KubeObject): void;
  updateNode(name: string, patch: Partial<Omit<FakeNodeSpec, 'name'>>): void;
  removeNode(name: string): void;
  addPod(p: FakePodSpec | KubeObject): void;
  setPodPhase(name: string, phase: PodPhase, namespace?: string): void;
  deletePod(name: string, namespace?: string): void;
  pods(): KubeObject[];
  /** Forgets every list snapshot, so continue tokens issued so far get 410 Expired. */
  compact(): void;
}

const isObject = (x: object): x is KubeObject => 'metadata' in x;

export async function startKubeFake(opts: KubeFakeOptions = {}): Promise<KubeFake> {
  const token = opts.token ?? 'cw-fake-token-0123456789abcdef';
  const tls = selfSignedCertificate();
  const nodeSpecs = new Map<string, FakeNodeSpec>();
  const items: Record<Kind, Map<string, KubeObject>> = { nodes: new Map(), pods: new Map() };
  const snapshots = new Map<number, Record<Kind, KubeObject[]>>();
  let rv = 1;

  const put = (kind: Kind, o: KubeObject) => {
    o.metadata.resourceVersion = String(++rv);
    items[kind].set(keyOf(o), o);
  };
  const addNode = (n: FakeNodeSpec | KubeObject) => {
    if (!isObject(n)) nodeSpecs.set(n.name, { ...n });
    put('nodes', isObject(n) ? structuredClone(n) : nodeObject(n));
  };
  const addPod = (p: FakePodSpec | KubeObject) => put('pods', isObject(p) ? structuredClone(p) : podObject(p));
  const pod = (name: string, ns = 'default') => {
    const p = items.pods.get(`${ns}/${name}`);
    if (!p) throw new Error(`kube fake: no pod ${ns}/${name}`);
    return p;
  };
  (opts.nodes ?? DEFAULT_NODES).forEach(addNode);
  (opts.pods ?? DEFAULT_PODS).forEach(addPod);

  const sorted = (kind: Kind) => [...items[kind].values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const store = {
    current() {
      if (!snapshots.has(rv)) snapshots.set(rv, { nodes: structuredClone(sorted('nodes')), pods: structuredClone(sorted('pods')) });
      for (const old of [...snapshots.keys()].slice(0, -20)) snapshots.delete(old);
      return { rv, items: snapshots.get(rv)! };
    },
    at: (v: number) => snapshots.get(v),
  };

  const respond = (auth: string | undefined, path: string, query: URLSearchParams): FakeResponse => {
    const bearer = /^Bearer (.+)$/i.exec(auth ?? '')?.[1];
    const kind: Kind | undefined = path === '/api/v1/nodes' ? 'nodes' : path === '/api/v1/pods' ? 'pods' : undefined;
    if (bearer === undefined) return forbidden('system:anonymous', kind ?? 'nodes');
    if (bearer === opts.forbiddenToken) return forbidden('system:serviceaccount:default:viewer', kind ?? 'nodes');
    if (bearer !== token) return statusResponse(401);
    return kind ? listResponse(kind, query, store) : statusResponse(404);
  };

  const server = await startFakeServer<KubeFakeRequest>({
    tls,
    errorReply: (status) => statusResponse(status),
    log: (req) => ({
      path: req.rawPath,
      query: Object.fromEntries(req.query),
      authorized: /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] === token,
    }),
    route: (req) =>
      req.method === 'GET' ? respond(req.headers.authorization, req.rawPath, req.query) : statusResponse(405, 'method not allowed'),
  });
  const url = server.url;

  return {
    ...server,
    token,
    caPem: tls.certPem,
    writeKubeconfig(path, o = {}) {
      const kubeconfig = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'fake', cluster: { server: url, 'certificate-authority-data': Buffer.from(tls.certPem).toString('base64') } }],
        users: [{ name: 'gpu-radar', user: { token: o.token ?? token } }],
        contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'gpu-radar' } }],
        'current-context': 'fake',
      };
      writeFileSync(path, JSON.stringify(kubeconfig, null, 2), { mode: 0o600 }); // JSON is YAML too
      return path;
    },
    addNode,
    updateNode(name, patch) {
      const spec = nodeSpecs.get(name);
      if (!spec) throw new Error(`kube fake: no node ${name} described by spec`);
      Object.assign(spec, patch);
      put('nodes', nodeObject(spec));
    },
    removeNode(name) {
      items.nodes.delete(`/${name}`);
      nodeSpecs.delete(name);
      rv++;
    },
    addPod,
    setPodPhase(name, phase, ns) {
      const p = pod(name, ns);
      p.status = { ...p.status, phase };
      put('pods', p);
    },
    deletePod(name, ns = 'default') {
      pod(name, ns);
      items.pods.delete(`${ns}/${name}`);
      rv++;
    },
    pods: () => structuredClone(sorted('pods')),
    compact: () => snapshots.clear(),
  };
}
