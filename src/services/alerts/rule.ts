import { z } from 'zod';
import type { AlertRule } from '../../domain/alert.js';
import { STATUSES } from '../../domain/offer.js';
import { ServiceError } from '../errors.js';
import { CapacityQuerySchema, type CapacityQuery } from '../../schemas/capacity-query.js';

// An alert rule: a saved /v1/capacity query, a condition on its placements, a destination and
// timing. The query is kept in its query-string form, so it is validated by the very schema
// /v1/capacity uses and re-parsed identically wherever the rule is evaluated.

const queryValue = z.union([z.string().max(1024), z.number(), z.boolean(), z.array(z.union([z.string().max(256), z.number()])).max(64)]);
const QueryInput = z.record(z.string().max(64), queryValue);

const ConditionSchema = z
  .object({
    /** Placements count toward the condition when their status is one of these. */
    availability: z.array(z.enum(STATUSES)).min(1).max(4).default(['available']),
    minPlacements: z.number().int().min(1).max(500).default(1),
  })
  .strict();

const timing = {
  for: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400),
  resolveAfter: z.number().int().min(1).max(1_000),
  repeatAfter: z
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .nullable(),
};

export const AlertCreateSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    query: QueryInput,
    condition: ConditionSchema.default({ availability: ['available'], minPlacements: 1 }),
    url: z.string().min(1).max(2048),
    format: z.enum(['standard', 'slack']).default('standard'),
    for: timing.for.default(0),
    resolveAfter: timing.resolveAfter.default(1),
    repeatAfter: timing.repeatAfter.default(null),
    enabled: z.boolean().default(true),
  })
  .strict();
export type AlertCreate = z.infer<typeof AlertCreateSchema>;

export const AlertPatchSchema = z
  .object({
    name: z.string().min(1).max(200),
    query: QueryInput,
    condition: ConditionSchema,
    url: z.string().min(1).max(2048),
    format: z.enum(['standard', 'slack']),
    ...timing,
    enabled: z.boolean(),
  })
  .partial()
  .strict();
export type AlertPatch = z.infer<typeof AlertPatchSchema>;

export const RotateSchema = z
  .object({
    overlapSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .default(86_400),
  })
  .strict();

/** A rule from a create body (defaults filled in by AlertCreateSchema), as it is stored. */
export function ruleFrom(input: AlertCreate, id: string, now: number): AlertRule {
  const iso = new Date(now).toISOString();
  return {
    id,
    ...(input.name ? { name: input.name } : {}),
    query: queryStrings(input.query),
    condition: input.condition,
    url: input.url,
    format: input.format,
    for: input.for,
    resolveAfter: input.resolveAfter,
    repeatAfter: input.repeatAfter,
    enabled: input.enabled,
    createdAt: iso,
    updatedAt: iso,
  };
}

/** Query-string form of a JSON query: numbers and booleans as text, lists comma-joined. */
export function queryStrings(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) out[k] = Array.isArray(v) ? v.join(',') : String(v);
  return out;
}

/** Parses a stored or submitted query; a bad one is a 400 naming `query.<param>`. */
export function parseRuleQuery(q: Record<string, string>): CapacityQuery {
  const r = CapacityQuerySchema.safeParse(q);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const param = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : String(issue.path[0] ?? '');
  const msg =
    issue.code === 'unrecognized_keys' ? `unknown parameter; allowed: ${Object.keys(CapacityQuerySchema.shape).join(', ')}` : issue.message;
  throw new ServiceError('invalid', `query.${param}: ${msg}`);
}

/** The rule as the API shows it: never a secret. */
export const publicRule = (rule: AlertRule, state?: unknown) => ({ ...rule, ...(state ? { state } : {}) });
