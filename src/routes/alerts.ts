import { z } from 'zod';
import { AlertCreateSchema, AlertPatchSchema, publicRule, RotateSchema } from '../services/alerts/rule.js';
import type { RouteDeps } from './deps.js';
import { param, route, type Route } from './route.js';

const DeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export function alertsRoutes({ alerts }: RouteDeps): Route[] {
  const entry = { tag: 'alerts', scope: 'alerts:write' } as const;
  return [
    route({
      ...entry,
      method: 'POST',
      url: '/v1/alerts',
      summary:
        'Create an alert rule: { query (as /v1/capacity), condition { availability, minPlacements }, url, format standard|slack, ' +
        'for (s), resolveAfter (evaluations), repeatAfter (s) }. The answer carries the signing secret, shown only this once',
      body: AlertCreateSchema,
      handler: async (req, reply) => {
        const { rule, secret } = await alerts.create(req.body);
        return reply
          .code(201)
          .header('location', `/v1/alerts/${rule.id}`)
          .send({ ...publicRule(rule), secret });
      },
    }),
    route({
      ...entry,
      method: 'GET',
      url: '/v1/alerts',
      summary: 'Every alert rule with its state (inactive, pending, firing, resolved)',
      handler: async () => {
        const rules = await alerts.list();
        const states = await Promise.all(rules.map((r) => alerts.state(r.id)));
        return { alerts: rules.map((r, i) => publicRule(r, states[i] ?? { phase: 'inactive' })) };
      },
    }),
    route({
      ...entry,
      method: 'GET',
      url: '/v1/alerts/:id',
      summary: 'One alert rule with its state',
      handler: async (req) => {
        const id = param(req, 'id');
        return publicRule(await alerts.get(id), (await alerts.state(id)) ?? { phase: 'inactive' });
      },
    }),
    route({
      ...entry,
      method: 'PATCH',
      url: '/v1/alerts/:id',
      summary: 'Change a rule; a new url or enabled=true clears a disabled destination',
      body: AlertPatchSchema,
      handler: async (req) => publicRule(await alerts.patch(param(req, 'id'), req.body)),
    }),
    route({
      ...entry,
      method: 'DELETE',
      url: '/v1/alerts/:id',
      summary: 'Delete a rule and its delivery log',
      handler: async (req, reply) => {
        await alerts.delete(param(req, 'id'));
        return reply.code(204).send();
      },
    }),
    route({
      ...entry,
      method: 'POST',
      url: '/v1/alerts/:id/test',
      summary: 'Send a signed ping event to the destination',
      handler: async (req, reply) => reply.code(202).send(await alerts.test(param(req, 'id'))),
    }),
    route({
      ...entry,
      method: 'POST',
      url: '/v1/alerts/:id/rotate-secret',
      summary: 'New signing secret (returned once); the old one keeps signing for overlapSeconds (default 86400)',
      body: RotateSchema.optional(),
      // The body is parsed as `{}` when absent, so the default overlap applies.
      handler: async (req) => alerts.rotate(param(req, 'id'), req.body!.overlapSeconds),
    }),
    route({
      ...entry,
      method: 'GET',
      url: '/v1/alerts/:id/deliveries',
      summary: 'Delivery attempts, newest first: time, status code or error, duration, outcome',
      query: DeliveriesQuery,
      handler: async (req) => ({ deliveries: await alerts.deliveries(param(req, 'id'), req.query.limit) }),
    }),
  ];
}
