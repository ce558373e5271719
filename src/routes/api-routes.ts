import type { FastifyInstance, FastifySchemaCompiler, RouteHandlerMethod } from 'fastify';
import fp from 'fastify-plugin';
import type { z } from 'zod';
import { parseBody, parseQuery } from './parse-input.js';
import type { QuerySchema, Route } from './route.js';

// Zod validates in Fastify's own validation step: compiled once per route, no extra hook, and
// a refusal is the same ServiceError a handler's parse would throw.
const zodCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const parse =
    httpPart === 'body' ? (data: unknown) => parseBody(schema, data) : (data: unknown) => parseQuery(schema as QuerySchema, data);
  return (data) => {
    try {
      return { value: parse(data) };
    } catch (error) {
      return { error: error as Error };
    }
  };
};

async function apiRoutes(app: FastifyInstance, opts: { routes: Route[] }): Promise<void> {
  app.setValidatorCompiler(zodCompiler);
  for (const r of opts.routes) {
    app.route({
      method: r.method,
      url: r.url,
      config: r.scope ? { scope: r.scope } : {},
      schema: { ...(r.query && !r.lazyQuery ? { querystring: r.query } : {}), ...(r.body ? { body: r.body } : {}) },
      handler: r.handler as RouteHandlerMethod,
    });
  }
}

/** Registers the routes in their own context, so the zod compiler applies to them alone. */
export default fp(apiRoutes, { name: 'api-routes', dependencies: ['access'], encapsulate: true });
