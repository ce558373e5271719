import { loadConfig } from '../../config/env.js';
import { SCOPES, type Scope } from '../domain/api-key.js';
import { mintKey } from '../services/auth/api-keys.js';
import { ApiKeysStore } from '../store/api-keys-store.js';
import { keys as redisKeys } from '../store/keys.js';
import { createRedis } from '../store/redis.js';

const USAGE = `usage: gpu-radar keys create --name NAME --scopes ${SCOPES.join(',')} [--per-minute N]
       gpu-radar keys list
       gpu-radar keys revoke ID`;

export interface KeysIo {
  write?: (text: string) => void;
}

/** `gpu-radar keys`: API keys in this deployment's Redis. The token is printed once, at creation. */
export async function keysCommand(args: string[], env: NodeJS.ProcessEnv, io: KeysIo = {}): Promise<number> {
  const write = io.write ?? ((text: string) => process.stdout.write(text));
  const fail = (message: string) => (write(`${message}\n`), 2);
  const [verb, ...rest] = args;
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a.startsWith('--') && rest[i + 1] !== undefined) flags.set(a.slice(2), rest[++i]!);
    else positional.push(a);
  }

  let create: { name: string; scopes: Scope[]; perMinute?: number } | undefined;
  if (verb === 'create') {
    const name = flags.get('name');
    const scopes = (flags.get('scopes') ?? '').split(',').filter(Boolean);
    const perMinute = flags.has('per-minute') ? Number(flags.get('per-minute')) : undefined;
    if (!name || name.length > 100) return fail(`--name: required, at most 100 characters\n${USAGE}`);
    const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
    if (!scopes.length || bad.length)
      return fail(`--scopes: ${bad.length ? `unknown ${bad.join(', ')}` : 'required'}; one or more of ${SCOPES.join(', ')}\n${USAGE}`);
    if (perMinute !== undefined && !(Number.isInteger(perMinute) && perMinute >= 1))
      return fail(`--per-minute: a whole number of requests, at least 1\n${USAGE}`);
    create = { name, scopes: scopes as Scope[], ...(perMinute ? { perMinute } : {}) };
  } else if (verb === 'revoke' ? positional.length !== 1 : verb !== 'list') {
    return fail(USAGE);
  }

  const config = loadConfig(env);
  const redis = createRedis(config.redisUrl, 'api');
  const store = new ApiKeysStore(redis, redisKeys(config.redisPrefix));
  try {
    if (create) {
      const { record, token } = mintKey(create.name, create.scopes, create.perMinute);
      await store.create(record);
      write(`${token}\n`);
      write(
        `key ${record.id} "${record.name}" (${record.scopes.join(', ')}): ` +
          'keep the token above; it is not stored and cannot be shown again\n',
      );
    } else if (verb === 'list') {
      for (const k of await store.list())
        write(`${k.id}  ${k.name}  ${k.scopes.join(',')}  ${k.perMinute ?? config.rateLimitPerMinute}/min  created ${k.createdAt}\n`);
    } else if (!(await store.revoke(positional[0]!))) {
      return fail(`no key ${positional[0]}`);
    } else {
      write(`revoked ${positional[0]}\n`);
    }
    return 0;
  } finally {
    redis.disconnect();
  }
}
