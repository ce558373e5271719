import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  /** Origin without a path, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Idempotent; also drops keep-alive and hung sockets, which would hold close() open. */
  close(): Promise<void>;
}

/** Starts a provider fake's server on loopback (any free port unless one is given). */
export async function listenOnLoopback(
  server: Server,
  opts: { host?: string; port?: number; scheme?: 'http' | 'https' } = {},
): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `${opts.scheme ?? 'http'}://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

/** A request's whole body as text (fakes read small JSON or form bodies). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
