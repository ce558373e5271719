import { z } from 'zod';
import { StoredOfferSchema } from '../domain/offer.js';
import type { Scope } from '../domain/api-key.js';
import type { Route } from './route.js';

const toJson = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

const problemRef = { $ref: '#/components/responses/Problem' };

// A Record, so a new scope cannot ship undocumented.
const SCOPE_MEANINGS: Record<Scope, string> = {
  read: 'capacity, offers, providers, summary, GPUs, history, events and /metrics',
  'alerts:write': 'every /v1/alerts route, reads included, as rule URLs can hold secrets',
  'observations:write': 'POST /v1/observations',
  admin: 'everything',
};

const scopeList = Object.entries(SCOPE_MEANINGS)
  .map(([scope, meaning]) => `\`${scope}\` (${meaning})`)
  .join('; ');

const bearerAuth = {
  type: 'http',
  scheme: 'bearer',
  description:
    'An API key, sent as `Authorization: Bearer <key>`. Applies only when the server runs with GPU_RADAR_AUTH=keys; ' +
    `otherwise the API is open. Scopes: ${scopeList}. Each secured operation names the scope it needs.`,
};

// Fastify's pattern (`/v1/alerts/:id`) as an OpenAPI path template (`/v1/alerts/{id}`).
const pathTemplate = (url: string) => url.replace(/:(\w+)/g, '{$1}');

// Zod's own test for an optional schema: whether it accepts undefined.
const requestBody = (body: z.ZodType) => ({
  required: !body.safeParse(undefined).success,
  content: { 'application/json': { schema: toJson(body) } },
});

function operation(r: Route): Record<string, unknown> {
  const query = r.query ? toJson(r.query) : {};
  const props = (query.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((query.required as string[] | undefined) ?? []);
  const scope = r.scope;
  return {
    summary: r.summary,
    ...(scope ? { description: `With GPU_RADAR_AUTH=keys, needs an API key with the \`${scope}\` scope (or \`admin\`).` } : {}),
    tags: [r.tag],
    parameters: [
      ...[...r.url.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.entries(props).map(([name, schema]) => ({
        name,
        in: 'query',
        required: required.has(name) && schema.default === undefined,
        schema,
      })),
    ],
    ...(r.body ? { requestBody: requestBody(r.body) } : {}),
    ...(scope ? { security: [{ bearerAuth: [] }] } : {}),
    responses: {
      200: { description: 'OK', content: { 'application/json': {} } },
      400: problemRef,
      ...(scope ? { 401: problemRef, 403: problemRef, 429: problemRef } : {}),
      503: problemRef,
    },
  };
}

// OpenAPI 3.1 from the same zod schemas that validate requests, so the document cannot
// drift from what the API accepts.
export function openApiDocument(routes: Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) (paths[pathTemplate(r.url)] ??= {})[r.method.toLowerCase()] = operation(r);
  return {
    openapi: '3.1.0',
    info: {
      title: 'gpu-radar',
      version,
      description:
        'Where can I get N GPUs of a given model right now, and at what price. ' +
        'Every answer says what we know, how we know it, and how old it is.',
    },
    paths,
    components: {
      schemas: { Offer: toJson(StoredOfferSchema) },
      securitySchemes: { bearerAuth },
      responses: {
        Problem: {
          description: 'RFC 9457 problem details',
          content: {
            'application/problem+json': {
              schema: {
                type: 'object',
                properties: {
                  type: { type: 'string' },
                  title: { type: 'string' },
                  status: { type: 'integer' },
                  detail: { type: 'string' },
                },
                required: ['title', 'status', 'detail'],
              },
            },
          },
        },
      },
    },
  };
}
