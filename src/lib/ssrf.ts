import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type Socket } from 'node:net';
import { Agent, buildConnector } from 'undici';

// Webhook destinations are user input: a rule must never make the worker talk to loopback,
// the private network or a cloud metadata service. Every address is checked where the socket
// is made (resolved names and literal IPs alike), so DNS rebinding cannot slip past a check
// done at rule creation. The operator's allowlist (hosts and CIDRs) opens named exceptions.

export class SsrfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SsrfError';
  }
}

const BLOCKED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", incl. the unspecified address
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. 169.254.169.254 metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 can reach any IPv4 address, private ones included
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv6');

/** `::ffff:127.0.0.1` (or `::ffff:7f00:1`) is 127.0.0.1: judge the IPv4 address it carries. */
export function unmapIPv4(ip: string): string {
  const m = /^(?:0{0,4}:){0,5}:?ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip);
  if (!m) return ip;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

const stripBrackets = (host: string) => host.replace(/^\[|\]$/g, '').toLowerCase();

export class AddressPolicy {
  private readonly hosts = new Set<string>();
  private readonly nets = new BlockList();

  /** `allowlist`: hosts (`hooks.internal`), addresses (`127.0.0.1`) and CIDRs (`10.1.0.0/16`). */
  constructor(allowlist: readonly string[] = []) {
    for (const raw of allowlist) {
      const entry = stripBrackets(raw.trim());
      const [addr, bits] = entry.split('/');
      const family = isIP(unmapIPv4(addr!));
      if (!family) this.hosts.add(entry);
      else
        this.nets.addSubnet(
          unmapIPv4(addr!),
          bits === undefined ? (family === 4 ? 32 : 128) : Number(bits),
          family === 4 ? 'ipv4' : 'ipv6',
        );
    }
  }

  /** Why connecting to `ip` for `host` is refused, or undefined when it is allowed. */
  refusal(host: string, ip: string): string | undefined {
    const h = stripBrackets(host);
    const addr = unmapIPv4(stripBrackets(ip));
    if (this.hosts.has(h)) return undefined;
    if (!isIP(addr)) return `${ip} is not an IP address`;
    const family = isIP(addr) === 4 ? 'ipv4' : 'ipv6';
    if (this.nets.check(addr, family)) return undefined;
    if (BLOCKED.check(addr, family))
      return (
        `${h} resolves to ${ip}, a loopback, private, link-local, multicast or reserved address; ` +
        'add it to GPU_RADAR_WEBHOOK_ALLOWLIST to allow it'
      );
    return undefined;
  }

  /** Checks a destination URL where no DNS is needed: scheme, and literal addresses. */
  checkUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new SsrfError('not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new SsrfError(`only http and https destinations are allowed, not ${url.protocol}`);
    if (url.username || url.password) throw new SsrfError('credentials in the URL are not allowed; the signature authenticates the sender');
    const host = stripBrackets(url.hostname);
    const literal = isIP(host) ? host : host === 'localhost' || host.endsWith('.localhost') ? '127.0.0.1' : undefined;
    const why = literal && this.refusal(host, literal);
    if (why) throw new SsrfError(why);
    return url;
  }
}

export type LookupFn = (
  hostname: string,
  options: { all: true },
  cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * An undici Agent that refuses forbidden addresses: names are resolved through a checking
 * lookup (every answer must pass), and the connected socket's peer is checked again, which
 * also covers literal IPs. `lookup` is injectable so tests can make a name resolve anywhere.
 */
export function guardedAgent(policy: AddressPolicy, opts: { timeoutMs?: number; lookup?: LookupFn } = {}): Agent {
  const resolve: LookupFn = opts.lookup ?? ((h, o, cb) => dnsLookup(h, o, cb));
  const lookup = (hostname: string, options: { all?: boolean; family?: number }, cb: (...args: unknown[]) => void) => {
    resolve(hostname, { all: true }, (err, addresses) => {
      if (err) return cb(err);
      const list = addresses.filter((a) => !options.family || a.family === options.family);
      const bad = list.map((a) => policy.refusal(hostname, a.address)).find(Boolean);
      if (bad) return cb(new SsrfError(bad));
      if (!list.length) return cb(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }));
      if (options.all) cb(null, list);
      else cb(null, list[0]!.address, list[0]!.family);
    });
  };
  const connect = buildConnector({ timeout: opts.timeoutMs ?? 10_000, lookup } as buildConnector.BuildOptions);
  return new Agent({
    connect: (options, cb) => {
      const host = stripBrackets(options.hostname);
      const early = isIP(unmapIPv4(host)) ? policy.refusal(host, host) : undefined;
      if (early) return cb(new SsrfError(early), null);
      connect(options, (err, socket) => {
        if (err || !socket) return cb(err, null);
        const peer = (socket as Socket).remoteAddress;
        const why = peer ? policy.refusal(host, peer) : 'the connected address is unknown';
        if (why) {
          socket.destroy();
          return cb(new SsrfError(why), null);
        }
        cb(null, socket);
      });
    },
  });
}
