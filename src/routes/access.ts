import type { FastifyInstance, FastifyReply, onRequestHookHandler } from 'fastify';
import { ProblemError } from '../lib/problem.js';
import type { Verdict } from '../services/auth/authenticator.js';
import { scopeFor } from '../services/auth/scope-for.js';
import type { RouteDeps } from './deps.js';

// Who may call what, before any route runs: CORS for the configured browser origins (a
// preflight is answered here, without a key), then, with GPU_RADAR_AUTH=keys, an API key whose
// scopes cover the route. Must be called before the routes are registered.
export function registerAccess(app: FastifyInstance, deps: RouteDeps): void {
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
  const auth = deps.auth;
  if (!auth) throw new Error('GPU_RADAR_AUTH=keys needs an authenticator');
  // The scope is worked out once per route, and the check is synchronous once keys are loaded,
  // so a request pays for a hash and a map lookup, never for a Redis round trip.
  app.addHook('onRoute', (route) => {
    const scope = scopeFor(route.url);
    if (!scope) return;
    const check: onRequestHookHandler = (req, reply, done) => {
      const verdict = auth.authorize(req.headers.authorization, scope);
      if (verdict instanceof Promise) verdict.then((v) => done(refusal(v, reply)), done);
      else done(refusal(verdict, reply));
    };
    route.onRequest = [...(route.onRequest ? [route.onRequest].flat() : []), check];
  });
}

function refusal(verdict: Verdict, reply: FastifyReply): ProblemError | undefined {
  if (verdict.ok) return undefined;
  if (verdict.headers) reply.headers(verdict.headers);
  return new ProblemError(verdict.status, verdict.detail);
}
