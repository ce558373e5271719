import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PROVIDERS, PROVIDER_IDS, type AnyProvider, type ProviderConfigs, type ProviderId } from '../adapters/index.js';
import type { ProviderConfig } from '../adapters/types.js';
import { EXPIRE_AFTER_INTERVALS, STALE_AFTER_INTERVALS } from './providers.js';
import { SERVICE_DEFAULTS } from './service.js';

export type { ProviderConfig };

export interface Config {
  port: number;
  host: string;
  redisUrl: string;
  redisPrefix: string;
  logLevel: string;
  webhookAllowlist: string[];
  historyRetentionDays: number;
  /** How long a reported stockout or launch outweighs a provider's weaker evidence. */
  observationWindowMs: number;
  /** `keys`: /v1 and /metrics need an API key with the right scope. */
  auth: 'off' | 'keys';
  rateLimitPerMinute: number;
  /** Browser origins allowed to call the API (CORS), exactly as sent in `Origin`. */
  corsOrigins: string[];
  providers: ProviderConfigs;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

// Plain decimal integers only: `0x50` or `1e3` in a port or interval is a typo, not a value.
const int = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().min(min).max(max));
const port = int(0, 65535);
const positiveMs = int(100, 7 * 24 * 3600_000);
// Exact origins (scheme://host[:port]), as browsers send them; `*` is refused: keys must not leak to any page.
const corsOrigins = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s*]+$/, 'origins such as https://dash.example.com, comma-separated, no paths or *')));
const concurrency = int(1, 64);
const httpUrl = z.url({ protocol: /^https?$/ });
const redisUrl = z.url({ protocol: /^rediss?$/ });
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Parses the environment once, at boot; every bad key is named in one error. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = <T>(key: string, schema: z.ZodType<T>, fallback: T): T => {
    const raw = env[key]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.push(`${key}: ${parsed.error.issues[0]?.message ?? 'invalid'} (got ${JSON.stringify(withoutPassword(raw))})`);
    return fallback;
  };

  const selected = selectProviders(env.GPU_RADAR_PROVIDERS, problems);
  const providers: Record<string, ProviderConfig> = {};
  for (const def of PROVIDERS) {
    const { id, defaults: d } = def;
    const key = `GPU_RADAR_${id.toUpperCase()}`;
    const intervalMs = read(`${key}_INTERVAL_MS`, positiveMs, d.intervalMs);
    const credentials: Record<string, string> = {};
    const missing: string[] = [];
    for (const name of def.credentials) {
      const value = readSecret(env, name, problems);
      if (value) credentials[name] = value;
      else missing.push(name);
    }
    for (const name of def.optionalCredentials ?? []) {
      const value = readSecret(env, name, problems);
      if (value) credentials[name] = value;
    }
    const staleAfterMs = read(`${key}_STALE_AFTER_MS`, positiveMs, intervalMs * STALE_AFTER_INTERVALS);
    const expireAfterMs = read(`${key}_EXPIRE_AFTER_MS`, positiveMs, intervalMs * EXPIRE_AFTER_INTERVALS);
    if (expireAfterMs < staleAfterMs) problems.push(`${key}_EXPIRE_AFTER_MS: must not be shorter than the stale time (${staleAfterMs} ms)`);
    const isSelected = selected.includes(id);
    const unmet =
      def.requiresEnv && !def.requiresEnv.some((set) => set.every((name) => env[name]?.trim()))
        ? def.requiresEnv.map((set) => set.join(' and ')).join(', or ')
        : undefined;
    providers[id] = {
      id,
      enabled: isSelected && missing.length === 0 && !unmet,
      disabledReason: !isSelected
        ? 'not in GPU_RADAR_PROVIDERS'
        : missing.length
          ? `no credentials: set ${missing.join(', ')}`
          : unmet
            ? `no credentials: set ${unmet}`
            : undefined,
      url: d.url === undefined ? '' : read(`${key}_URL`, httpUrl, d.url).replace(/\/+$/, ''),
      intervalMs,
      staleAfterMs,
      expireAfterMs,
      concurrency: read(`${key}_CONCURRENCY`, concurrency, d.concurrency),
      timeoutMs: read(`${key}_TIMEOUT_MS`, positiveMs, d.timeoutMs),
      credentials,
      settings: readSettings(def, env, problems),
      simulated: false,
    };
  }

  const config: Config = {
    port: read('PORT', port, SERVICE_DEFAULTS.port),
    host: read('HOST', z.string().min(1), SERVICE_DEFAULTS.host),
    redisUrl: read('REDIS_URL', redisUrl, SERVICE_DEFAULTS.redisUrl),
    redisPrefix: read(
      'GPU_RADAR_REDIS_PREFIX',
      z.string().regex(/^[\w{}.:-]{1,64}$/, 'letters, digits, {}.:_- only'),
      SERVICE_DEFAULTS.redisPrefix,
    ),
    logLevel: read('LOG_LEVEL', logLevel, SERVICE_DEFAULTS.logLevel),
    webhookAllowlist: (env.GPU_RADAR_WEBHOOK_ALLOWLIST ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    historyRetentionDays: read('GPU_RADAR_HISTORY_RETENTION_DAYS', int(1, 400), SERVICE_DEFAULTS.historyRetentionDays),
    observationWindowMs: read('GPU_RADAR_OBSERVATION_WINDOW_MS', positiveMs, SERVICE_DEFAULTS.observationWindowMs),
    auth: read('GPU_RADAR_AUTH', z.enum(['off', 'keys']), SERVICE_DEFAULTS.auth),
    rateLimitPerMinute: read('GPU_RADAR_RATE_LIMIT_PER_MINUTE', int(1, 1_000_000), SERVICE_DEFAULTS.rateLimitPerMinute),
    corsOrigins: read('GPU_RADAR_CORS_ORIGINS', corsOrigins, []),
    // Each entry's settings were parsed by its own definition's schema just above.
    providers: providers as ProviderConfigs,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function selectProviders(raw: string | undefined, problems: string[]): ProviderId[] {
  const available = `(available: ${PROVIDER_IDS.join(', ')})`;
  if (raw === undefined || raw.trim() === '') return [...PROVIDER_IDS];
  const names = raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (!names.length) problems.push(`GPU_RADAR_PROVIDERS: names no provider ${available}`);
  const out: ProviderId[] = [];
  for (const name of names) {
    const known = PROVIDER_IDS.find((id) => id === name);
    if (known) out.push(known);
    else problems.push(`GPU_RADAR_PROVIDERS: unknown provider ${JSON.stringify(name)} ${available}`);
  }
  return out;
}

function readSettings(d: AnyProvider, env: Env, problems: string[]): unknown {
  if (!d.settings) return {};
  const raw: Record<string, string> = {};
  for (const key of Object.keys(d.settings.shape)) {
    const v = env[key]?.trim();
    if (v) raw[key] = v;
  }
  const parsed = d.settings.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0]);
    problems.push(`${key}: ${issue.message}${raw[key] !== undefined ? ` (got ${JSON.stringify(withoutPassword(raw[key]))})` : ''}`);
  }
  return {};
}

// URLs may carry a password (redis://user:pass@host); error messages show it masked.
function withoutPassword(value: string): string {
  return value.replace(/(\/\/[^/:@\s]*:)[^@/\s]*@/, '$1***@');
}

// A secret comes from NAME or from the file named by NAME_FILE (Docker and Kubernetes secrets).
function readSecret(env: Env, name: string, problems: string[]): string | undefined {
  const direct = env[name]?.trim();
  if (direct) return direct;
  const file = env[`${name}_FILE`];
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    problems.push(`${name}_FILE: cannot read ${JSON.stringify(file)}`);
    return undefined;
  }
}
