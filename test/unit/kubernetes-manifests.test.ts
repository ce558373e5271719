import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../../config/env.js';
import { PROVIDERS } from '../../config/providers.js';
import { SERVICE_DEFAULTS } from '../../config/service.js';

// The manifests are only checked here (no cluster in CI), so this test stands in for the
// mistakes a user would meet at `kubectl apply` or, worse, only in production.

type K8s = Record<string, any>;
type Labels = Record<string, string>;

const DIR = 'deploy/kubernetes';
const files = readdirSync(DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const docs: (K8s & { file: string })[] = files.flatMap((file) =>
  parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((d) => ({ ...(d.toJS() as K8s), file })),
);
const find = (kind: string, name: string): K8s => {
  const doc = docs.find((d) => d.kind === kind && d.metadata?.name === name);
  if (!doc) throw new Error(`no ${kind} ${name} in ${DIR}`);
  return doc;
};
const api = find('Deployment', 'gpu-radar-api');
const worker = find('Deployment', 'gpu-radar-worker');
const redis = find('StatefulSet', 'gpu-radar-redis');
const workloads = [api, worker, redis];
const container = (w: K8s): K8s => w.spec.template.spec.containers[0];
const configMap: Labels = find('ConfigMap', 'gpu-radar-config').data;
const secrets = docs.filter((d) => d.kind === 'Secret');

// Every env name the product reads: service keys and per-provider suffixes from the source of
// config/env.ts, credentials, settings and required env from each provider's definition.
const envSource = readFileSync('config/env.ts', 'utf8');
const suffixes = [...envSource.matchAll(/`\$\{key\}(_[A-Z_]+)`/g)].map((m) => m[1]!);
const providers = PROVIDERS.map((p) => [p.id, p] as const);
const allowedEnv = new Set<string>([
  ...[...envSource.matchAll(/read\(\s*'([A-Z0-9_]+)'|env\.([A-Z0-9_]+)/g)].map((m) => (m[1] ?? m[2])!),
  ...providers.flatMap(([id]) => suffixes.map((s) => `GPU_RADAR_${id.toUpperCase()}${s}`)),
  ...providers.flatMap(([, d]) => [...d.credentials, ...(d.optionalCredentials ?? [])].flatMap((n) => [n, `${n}_FILE`])),
  ...providers.flatMap(([, d]) => [...Object.keys(d.settings?.shape ?? {}), ...(d.requiresEnv ?? []).flat()]),
]);

/** Env names a workload's container sets, with the ConfigMap and Secret each envFrom draws in. */
function envNames(w: K8s): string[] {
  const c = container(w);
  const fromSources = (c.envFrom ?? []).flatMap((src: K8s) =>
    src.configMapRef
      ? Object.keys(find('ConfigMap', src.configMapRef.name).data)
      : Object.keys(find('Secret', src.secretRef.name).stringData),
  );
  return [...(c.env ?? []).map((e: K8s) => e.name), ...fromSources];
}

function selects(selector: K8s | undefined, labels: Labels): boolean {
  const matchLabels: Labels = selector?.matchLabels ?? {};
  const expressions: K8s[] = selector?.matchExpressions ?? [];
  if (!Object.keys(matchLabels).length && !expressions.length) return false;
  return (
    Object.entries(matchLabels).every(([k, v]) => labels[k] === v) &&
    expressions.every((e) => e.operator === 'In' && e.values.includes(labels[e.key]))
  );
}
const podLabels = (w: K8s): Labels => w.spec.template.metadata.labels;
const portNumber = (w: K8s, port: string | number): number | undefined =>
  (container(w).ports ?? []).find((p: K8s) => p.name === port || p.containerPort === port)?.containerPort;

describe('Kubernetes manifests', () => {
  it('are named objects in one namespace, all applied by kustomization.yaml except the Secret examples', () => {
    expect(docs.length).toBeGreaterThan(8);
    const namespace = find('Namespace', 'gpu-radar').metadata.name;
    for (const d of docs) {
      expect([typeof d.apiVersion, typeof d.kind, typeof d.metadata?.name], d.file).toEqual(['string', 'string', 'string']);
      if (!['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(d.kind))
        expect(d.metadata.namespace, `${d.kind} ${d.metadata.name}`).toBe(namespace);
    }
    const kustomization = parse(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8'));
    expect([...kustomization.resources].sort()).toEqual(files.filter((f) => dirname(f) === '.').sort());
    for (const s of secrets) expect(s.file, 'a listed Secret would overwrite real keys on every apply').toMatch(/^examples\//);
  });

  it('run `serve` and `worker` from the same image, with the same settings', () => {
    expect(container(api).args).toEqual(['serve']);
    expect(container(worker).args).toEqual(['worker']);
    expect([container(api).command, container(worker).command]).toEqual([undefined, undefined]);
    expect(container(worker).image).toBe(container(api).image);
    // The API reports each provider's enabled state from its own config: it must match the worker's.
    expect(container(api).envFrom).toEqual(container(worker).envFrom);
    expect(container(api).env).toEqual(container(worker).env);
  });

  it('probe /healthz on the port the API listens on; the worker, which serves no HTTP, has no probe', () => {
    const c = container(api);
    const listens = Number(c.env?.find((e: K8s) => e.name === 'PORT')?.value ?? configMap.PORT ?? SERVICE_DEFAULTS.port);
    expect(portNumber(api, 'http')).toBe(listens);
    // Readiness too: /readyz fails for every replica at once when Redis or the workers are down.
    expect([c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path]).toEqual(['/healthz', '/healthz']);
    for (const probe of [c.startupProbe, c.livenessProbe, c.readinessProbe].filter(Boolean))
      expect(portNumber(api, probe.httpGet.port)).toBe(listens);
    const w = container(worker);
    expect([w.ports, w.livenessProbe, w.readinessProbe, w.startupProbe]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('set only env names the product reads, from sources that exist', () => {
    // Guards the collection above: names it must find, or it collects nothing and checks nothing.
    for (const known of [
      'REDIS_URL',
      'GPU_RADAR_PROVIDERS',
      'GPU_RADAR_AWS_INTERVAL_MS',
      'LAMBDA_API_KEY',
      'GOOGLE_APPLICATION_CREDENTIALS',
    ])
      expect(allowedEnv.has(known), known).toBe(true);
    const used = [
      ...envNames(api),
      ...envNames(worker),
      ...Object.keys(configMap),
      ...secrets.filter((s) => s.metadata.name === 'gpu-radar-credentials').flatMap((s) => Object.keys(s.stringData)),
    ];
    for (const name of used) expect(allowedEnv.has(name), `${name} is read nowhere in config/`).toBe(true);
    for (const v of worker.spec.template.spec.volumes ?? []) if (v.secret) find('Secret', v.secret.secretName);
  });

  it('boot with the ConfigMap: valid values, the in-cluster Redis, and CoreWeave off although the pod sees a cluster', () => {
    const config = loadConfig({ ...configMap, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' });
    expect(config.providers.coreweave.enabled).toBe(false);
    const url = new URL(config.redisUrl);
    const service = find('Service', url.hostname.split('.')[0]!);
    expect(service.spec.ports.map((p: K8s) => p.port)).toContain(Number(url.port || 6379));
    expect(selects({ matchLabels: service.spec.selector }, podLabels(redis))).toBe(true);
  });

  it('mount the GCP key file where GOOGLE_APPLICATION_CREDENTIALS points', () => {
    const path = configMap.GOOGLE_APPLICATION_CREDENTIALS!;
    const mount = container(worker).volumeMounts.find((m: K8s) => path.startsWith(`${m.mountPath}/`));
    const volume = worker.spec.template.spec.volumes.find((v: K8s) => v.name === mount?.name);
    expect(Object.keys(find('Secret', volume.secret.secretName).stringData)).toContain(basename(path));
  });

  it('keep Redis append-only and never evicting, on a persistent volume', () => {
    const args: string[] = container(redis).args;
    const flag = (name: string) => args[args.indexOf(name) + 1];
    expect([flag('--appendonly'), flag('--maxmemory-policy')]).toEqual(['yes', 'noeviction']);
    const claims = redis.spec.volumeClaimTemplates.map((t: K8s) => t.metadata.name);
    expect(
      container(redis)
        .volumeMounts.filter((m: K8s) => claims.includes(m.name))
        .map((m: K8s) => m.mountPath),
    ).toEqual(['/data']);
  });

  it('select the pods they mean: Services and workload selectors, the PDB, the Redis NetworkPolicy', () => {
    for (const w of workloads) expect(selects(w.spec.selector, podLabels(w)), w.metadata.name).toBe(true);
    for (const s of docs.filter((d) => d.kind === 'Service')) {
      const targets = workloads.filter((w) => selects({ matchLabels: s.spec.selector }, podLabels(w)));
      expect(
        targets.map((w) => w.metadata.name),
        s.metadata.name,
      ).toHaveLength(1);
      for (const p of s.spec.ports) expect(portNumber(targets[0]!, p.targetPort ?? p.port), `${s.metadata.name}:${p.port}`).toBeDefined();
    }
    const pdb = find('PodDisruptionBudget', 'gpu-radar-api');
    expect(workloads.filter((w) => selects(pdb.spec.selector, podLabels(w)))).toEqual([api]);
    const policy = find('NetworkPolicy', 'gpu-radar-redis');
    expect(workloads.filter((w) => selects(policy.spec.podSelector, podLabels(w)))).toEqual([redis]);
    const allowed = policy.spec.ingress.flatMap((r: K8s) => r.from.map((f: K8s) => f.podSelector));
    for (const client of [api, worker])
      expect(
        allowed.some((sel: K8s) => selects(sel, podLabels(client))),
        client.metadata.name,
      ).toBe(true);
  });

  it('ship Secrets with placeholders only', () => {
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) {
      expect(s.data, `${s.metadata.name}: base64 data could hide a real value`).toBeUndefined();
      for (const [key, value] of Object.entries(s.stringData)) expect(value, `${s.metadata.name}.${key}`).toBe('replace-me');
    }
  });

  it('run every container as a numeric non-root user, read-only, without privileges', () => {
    for (const w of workloads) {
      const pod = w.spec.template.spec.securityContext ?? {};
      for (const c of w.spec.template.spec.containers) {
        const sc = { ...pod, ...c.securityContext };
        // The image's USER is a name (`node`), which the kubelet cannot check against runAsNonRoot.
        expect([sc.runAsNonRoot, sc.runAsUser > 0], `${w.metadata.name}/${c.name}`).toEqual([true, true]);
        expect([sc.readOnlyRootFilesystem, sc.allowPrivilegeEscalation, sc.capabilities?.drop], `${w.metadata.name}/${c.name}`).toEqual([
          true,
          false,
          ['ALL'],
        ]);
      }
    }
  });

  it('request at least the API memory the benchmark measured at 50,000 offers', () => {
    const measured = /API RSS at 50,000 offers[^|]*\| (\d+) MiB/.exec(readFileSync('bench/RESULTS.md', 'utf8'));
    expect(measured, 'bench/RESULTS.md no longer reports API RSS').not.toBeNull();
    const mib = (q: string) => Number(/^(\d+)Mi$/.exec(q)?.[1] ?? Number(/^(\d+)Gi$/.exec(q)?.[1]) * 1024);
    const { requests, limits } = container(api).resources;
    expect(mib(requests.memory)).toBeGreaterThanOrEqual(Number(measured![1]));
    expect(mib(limits.memory)).toBeGreaterThan(mib(requests.memory));
  });
});
