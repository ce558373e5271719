import { z } from 'zod';
import { StoredOfferSchema } from '../domain/offer.js';
import type { RouteDoc } from './deps.js';

const toJson = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

const problemRef = { $ref: '#/components/responses/Problem' };

// OpenAPI 3.1 from the same zod schemas that validate requests, so the document cannot
// drift from what the API accepts.
export function openApiDocument(routes: RouteDoc[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const props = (r.query ? toJson(r.query).properties : {}) as Record<string, Record<string, unknown>>;
    const required = new Set(r.query ? ((toJson(r.query).required as string[] | undefined) ?? []) : []);
    paths[r.url] ??= {};
    paths[r.url]![r.method] = {
      summary: r.summary,
      tags: [r.tag],
      parameters: Object.entries(props).map(([name, schema]) => ({
        name,
        in: 'query',
        required: required.has(name) && schema.default === undefined,
        schema,
      })),
      responses: { 200: { description: 'OK', content: { 'application/json': {} } }, 400: problemRef, 503: problemRef },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'gpu-radar',
      version,
      description: 'Where can I get N GPUs of a given model right now, and at what price. Every answer says what we know, how we know it, and how old it is.',
    },
    paths,
    components: {
      schemas: { Offer: toJson(StoredOfferSchema) },
      responses: {
        Problem: {
          description: 'RFC 9457 problem details',
          content: {
            'application/problem+json': {
              schema: {
                type: 'object',
                properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' } },
                required: ['title', 'status', 'detail'],
              },
            },
          },
        },
      },
    },
  };
}
