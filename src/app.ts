import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { problem } from './lib/problem.js';
import access from './routes/access.js';
import { alertsRoutes } from './routes/alerts.js';
import apiRoutes from './routes/api-routes.js';
import { capacityRoutes } from './routes/capacity.js';
import type { RouteDeps } from './routes/deps.js';
import { eventsRoutes } from './routes/events.js';
import { historyRoutes } from './routes/history.js';
import { observationsRoutes } from './routes/observations.js';
import { openApiDocument } from './routes/openapi.js';
import { operationsRoutes } from './routes/operations.js';
import { pageRoutes } from './routes/page.js';
import { summaryRoutes } from './routes/summary.js';
import { ServiceError, type ServiceErrorCode } from './services/errors.js';

const VERSION = '0.1.0';

// The one place a service's refusal becomes an HTTP status.
const STATUS: Record<ServiceErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

// Fastify's own refusals (bad JSON, wrong content type, too large) keep their 4xx status.
const statusOf = (err: FastifyError | Error): number => {
  if (err instanceof ServiceError) return STATUS[err.code];
  const code = (err as FastifyError).statusCode;
  return code && code >= 400 && code < 500 ? code : 500;
};

/** The HTTP API as one Fastify instance; the process (src/server.ts) decides where it listens. */
export async function buildApp(deps: RouteDeps, opts: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ ...opts, return503OnClosing: true });

  // One error edge: everything becomes problem+json; 5xx details stay in the log.
  app.setErrorHandler((err: FastifyError | Error, req, reply) => {
    const status = statusOf(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    const errors = err instanceof ServiceError && err.errors ? { errors: err.errors } : {};
    const body = status >= 500 ? problem(status, 'internal error; see the server log') : problem(status, err.message, errors);
    return reply
      .code(status)
      .type('application/problem+json')
      .send({ ...body, instance: req.url });
  });
  app.setNotFoundHandler((req, reply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send({ ...problem(404, `no route ${req.method} ${req.url.split('?')[0]}; see /docs`), instance: req.url }),
  );

  await app.register(access, deps);

  // Every API route once: registered from this list, and documented from it.
  const routes = [
    ...capacityRoutes(deps),
    ...summaryRoutes(deps),
    ...historyRoutes(deps),
    ...operationsRoutes(deps),
    ...alertsRoutes(deps),
    ...eventsRoutes(deps, app),
    ...observationsRoutes(deps),
  ];
  const document = openApiDocument(routes, VERSION);
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => document);

  await app.register(apiRoutes, { routes });
  await app.register(pageRoutes);
  return app;
}
