import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Scope } from '../domain/api-key.js';

export type QuerySchema = z.ZodObject<z.ZodRawShape>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The API key scope the route needs with GPU_RADAR_AUTH=keys; absent for what anyone may call. */
    scope?: Scope;
  }
}

/** One API operation: Fastify registers it and the OpenAPI document describes it, both from here. */
export interface Route<Q extends QuerySchema = QuerySchema, B extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Fastify's pattern (`/v1/alerts/:id`); the document shows it as `/v1/alerts/{id}`. */
  url: string;
  tag: string;
  summary: string;
  scope?: Scope;
  /** Validated before the handler runs, unless `lazyQuery`. */
  query?: Q;
  /** The JSON body; wrap it in `.optional()` where the route accepts none. */
  body?: B;
  /** The handler parses the query itself (`req.query` is then raw), so an answer cached by URL skips the parse. */
  lazyQuery?: boolean;
  handler(req: FastifyRequest<{ Querystring: z.output<Q>; Body: z.output<B> }>, reply: FastifyReply): unknown;
}

/** Infers the handler's query and body types from the schemas. */
export const route = <Q extends QuerySchema, B extends z.ZodType>(r: Route<Q, B>): Route => r as unknown as Route;

/** A path parameter Fastify matched (the pattern guarantees it is there). */
export const param = (req: FastifyRequest, name: string): string => (req.params as Record<string, string>)[name]!;
