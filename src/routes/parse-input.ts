import type { z } from 'zod';
import { ServiceError } from '../services/errors.js';

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** Validates a query string; the 400's detail names the parameter and what was wrong with it. */
export function parseQuery<S extends ObjectSchema>(schema: S, query: unknown): z.output<S> {
  const input = (query ?? {}) as Record<string, unknown>;
  const repeated = Object.keys(input).filter((k) => Array.isArray(input[k]));
  if (repeated.length) throw new ServiceError('invalid', `${repeated[0]}: given more than once; use one comma-separated value`);
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const errors = r.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = Object.keys(schema.shape).join(', ');
      return {
        param: issue.keys[0]!,
        message: `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}; allowed: ${allowed}`,
      };
    }
    const param = String(issue.path[0] ?? '(query)');
    if (issue.code === 'invalid_type' && input[param] === undefined) return { param, message: `${param}: required` };
    return { param, message: `${param}: ${issue.message}` };
  });
  throw new ServiceError('invalid', errors[0]!.message, errors);
}

/** Parses a JSON body; the 400's detail names the field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '(body)');
  throw new ServiceError('invalid', `${path}: ${issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message}`);
}
