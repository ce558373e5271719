import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// The built-in page: static files from src/page (copied beside the compiled routes by
// `npm run build`), loaded once at boot. Everything is local: the CSP allows only this origin.
const DIR = fileURLToPath(new URL('../page/', import.meta.url));
const FILES = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
} as const;
type File = keyof typeof FILES;

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export async function pageRoutes(app: FastifyInstance): Promise<void> {
  const files = new Map<File, Buffer>();
  for (const name of Object.keys(FILES) as File[]) files.set(name, await readFile(`${DIR}${name}`));
  const send = (reply: FastifyReply, name: File) =>
    reply
      .type(FILES[name])
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .send(files.get(name));
  app.get('/', async (_req, reply) => send(reply, 'index.html'));
  app.get('/page/app.js', async (_req, reply) => send(reply, 'app.js'));
  app.get('/page/style.css', async (_req, reply) => send(reply, 'style.css'));
}
