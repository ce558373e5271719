import type { FastifyInstance, FastifyReply, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Authenticator, Verdict } from '../services/auth/authenticator.js';
import { ServiceError } from '../services/errors.js';
import type { RouteDeps } from './deps.js';

// Who may call what, before any route runs: CORS for the configured browser origins (a
// preflight is answered here, without a key), then, with GPU_RADAR_AUTH=keys, an API key whose
// scopes cover the route's `config.scope`. Must be registered before the routes.
async function access(app: FastifyInstance, deps: Pick<RouteDeps, 'config' | 'auth'>): Promise<void> {
  const origins = new Set(deps.config.corsOrigins);
  if (origins.size) {
    app.addHook('onRequest', async (req, reply) => {
      const origin = req.headers.origin;
      if (!origin || !origins.has(origin)) return;
      reply
        .header('access-control-allow-origin', origin)
        .header('vary', 'Origin')
        .header('access-control-expose-headers', 'etag, location, retry-after');
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        await reply
          .code(204)
          .header('access-control-allow-methods', 'GET, POST, PATCH, DELETE')
          .header('access-control-allow-headers', 'authorization, content-type, if-none-match, last-event-id')
          .header('access-control-max-age', '600')
          .send();
      }
    });
  }
  if (deps.config.auth !== 'keys') return;
  if (!deps.auth) throw new Error('GPU_RADAR_AUTH=keys needs an authenticator');
  const auth: Authenticator = deps.auth;
  // Only routes that name a scope get the check, and it is synchronous once keys are loaded,
  // so a request pays for a hash and a map lookup, never for a Redis round trip.
  app.addHook('onRoute', (route) => {
    const scope = route.config?.scope;
    if (!scope) return;
    const check: onRequestHookHandler = (req, reply, done) => {
      const verdict = auth.authorize(req.headers.authorization, scope);
      if (verdict instanceof Promise) verdict.then((v) => done(refusal(v, reply)), done);
      else done(refusal(verdict, reply));
    };
    route.onRequest = [...(route.onRequest ? [route.onRequest].flat() : []), check];
  });
}

function refusal(verdict: Verdict, reply: FastifyReply): ServiceError | undefined {
  if (verdict.ok) return undefined;
  if (verdict.code === 'unauthenticated') reply.header('www-authenticate', 'Bearer realm="gpu-radar"');
  if (verdict.retryAfterS) reply.header('retry-after', String(verdict.retryAfterS));
  return new ServiceError(verdict.code, verdict.detail);
}

export default fp(access, { name: 'access' });
