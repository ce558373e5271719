#!/usr/bin/env node
// Usage: node scripts/dev-env.mjs <cmd> [args...]
// Makes a checkout runnable (dependencies installed, Redis answering), then runs <cmd>.
// Only node: builtins here, because this runs before node_modules exists.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import net from 'node:net';
import { constants, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import tls from 'node:tls';
import { isatty } from 'node:tty';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const log = (msg) => console.error(`dev-env: ${msg}`);
const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  log('usage: node scripts/dev-env.mjs <cmd> [args...]');
  process.exit(2);
}

// (a) npm writes node_modules/.package-lock.json last, so it marks a finished install.
const lock = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.package-lock.json');
const hasLock = existsSync(lock);
if (!existsSync(marker) || (hasLock && statSync(lock).mtimeMs > statSync(marker).mtimeMs)) {
  const npmArgs = hasLock ? ['ci'] : ['install'];
  log(`node_modules is missing or older than package-lock.json; running npm ${npmArgs[0]}`);
  // npm is npm.cmd on Windows, which cannot be spawned without a shell.
  const r = spawnSync('npm', npmArgs, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// (b) Resolves 'PONG', an error reply such as '-WRONGPASS ...', or null when nothing answered.
function ping(url, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const opts = { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 6379) };
    const sock =
      url.protocol === 'rediss:' ? tls.connect({ ...opts, servername: net.isIP(opts.host) ? undefined : opts.host }) : net.connect(opts);
    const done = (result) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    const bulk = (parts) => `*${parts.length}\r\n` + parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('');
    const user = decodeURIComponent(url.username),
      pass = decodeURIComponent(url.password);
    // RESP arrays rather than inline commands, so passwords with spaces or quotes survive.
    if (pass) sock.write(bulk(user ? ['AUTH', user, pass] : ['AUTH', pass]));
    sock.write(bulk(['PING']));
    // Wait for every reply: a server without a password rejects AUTH yet still PONGs, as ioredis accepts.
    let buf = '';
    sock.on('data', (chunk) => {
      buf += chunk;
      const lines = buf.split('\r\n').slice(0, -1);
      if (lines.length < (pass ? 2 : 1)) return;
      done(lines.includes('+PONG') ? 'PONG' : (lines.find((l) => l.startsWith('-')) ?? lines[0]));
    });
    sock.on('error', () => done(null));
    sock.on('close', () => done(null));
  });
}

let redisUrl;
try {
  redisUrl = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
} catch {
  log('REDIS_URL is not a valid URL (expected redis://[[user]:password@]host[:port][/db])');
  process.exit(1);
}
const host = redisUrl.hostname.replace(/^\[|\]$/g, '');
const port = Number(redisUrl.port || 6379);
const where = `${host.includes(':') ? `[${host}]` : host}:${port}`; // never echo the password
const howToGetRedis = `  gpu-radar needs Redis 7. Install it (the dev environment then starts it on demand):
    apt-get install redis-server     or     brew install redis
  or run one in Docker:  docker run -p 6379:6379 redis:7
  or point REDIS_URL at a Redis you have (now: ${redisUrl.protocol}//${where}).`;
const fail = (why, hint = true) => {
  log(hint ? `${why}\n${howToGetRedis}` : why);
  process.exit(1);
};

let reply = await ping(redisUrl);
if (reply === null) {
  const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
  if (!loopback) fail(`Redis does not answer at ${where}.`);
  if (redisUrl.protocol !== 'redis:') fail(`Redis does not answer at ${where}; a TLS (rediss:) Redis is not started automatically.`);
  const serverArgs = [
    '--daemonize',
    'yes',
    '--bind',
    host === 'localhost' ? '127.0.0.1' : host,
    '--port',
    String(port),
    '--save',
    '',
    '--appendonly',
    'no',
    // Defaults would be /var/run/redis.pid and the cwd: keep a throwaway server out of both.
    '--pidfile',
    join(tmpdir(), `gpu-radar-redis-${port}.pid`),
    '--dir',
    tmpdir(),
  ];
  // Without this the server would reject the AUTH the application sends.
  const user = decodeURIComponent(redisUrl.username),
    pass = decodeURIComponent(redisUrl.password);
  if (pass && (!user || user === 'default')) serverArgs.push('--requirepass', pass);
  else if (pass) serverArgs.push('--user', user, 'on', `>${pass}`, '~*', '&*', '+@all');
  const r = spawnSync('redis-server', serverArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.error?.code === 'ENOENT') fail(`Redis does not answer at ${where}, and there is no redis-server on PATH to start.`);
  if (r.status !== 0) fail(`Redis does not answer at ${where}, and redis-server failed to start (exit ${r.status}).`);
  for (const deadline = Date.now() + 5000; reply === null && Date.now() < deadline;) {
    await new Promise((res) => setTimeout(res, 100));
    reply = await ping(redisUrl, 500);
  }
  if (reply === null) fail(`Started redis-server on ${where}, but it did not answer within 5 s (is something else using port ${port}?).`);
  log(
    `started redis-server on ${where} (no persistence; stop it with: redis-cli -h ${host} -p ${port}${pass ? ' -a <password>' : ''} shutdown nosave)`,
  );
}
if (reply.startsWith('-')) fail(`Redis at ${where} answered "${reply}" instead of PONG; check the credentials in REDIS_URL.`, false);
if (reply !== 'PONG') fail(`Something that is not Redis answers at ${where} ("${reply.slice(0, 40)}...").`);

// (c) Run the command with local binaries (tsx, vitest) first on PATH.
const env = { ...process.env, PATH: [join(root, 'node_modules', '.bin'), process.env.PATH].filter(Boolean).join(delimiter) };
const child = spawn(cmd, args, { stdio: 'inherit', shell: false, env });
child.on('error', (err) => {
  log(err.code === 'ENOENT' ? `command not found: ${cmd}` : `cannot run ${cmd}: ${err.message}`);
  process.exit(127);
});
// Ctrl-C in a terminal already reaches the child (same process group): forwarding it too
// would be a second SIGINT, which makes the app skip its graceful shutdown.
// isatty(0) rather than process.stdin, which would open a reader on the terminal the child uses.
const interactive = isatty(0);
process.on('SIGINT', () => interactive || child.kill('SIGINT'));
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 1)));
