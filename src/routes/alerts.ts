import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseBody, parseQuery } from '../lib/parse-query.js';
import { ProblemError } from '../lib/problem.js';
import { AlertCreateSchema, AlertPatchSchema, publicRule, RotateSchema } from '../services/alerts/rule.js';
import type { AlertsService } from '../services/alerts/service.js';
import type { RouteDeps, RouteDoc } from './deps.js';

const DeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export const alertsDocs: RouteDoc[] = [
  {
    method: 'post',
    url: '/v1/alerts',
    tag: 'alerts',
    summary:
      'Create an alert rule: { query (as /v1/capacity), condition { availability, minPlacements }, url, format standard|slack, for (s), resolveAfter (evaluations), repeatAfter (s) }. The answer carries the signing secret, shown only this once',
    body: AlertCreateSchema,
  },
  { method: 'get', url: '/v1/alerts', tag: 'alerts', summary: 'Every alert rule with its state (inactive, pending, firing, resolved)' },
  { method: 'get', url: '/v1/alerts/{id}', tag: 'alerts', summary: 'One alert rule with its state' },
  {
    method: 'patch',
    url: '/v1/alerts/{id}',
    tag: 'alerts',
    summary: 'Change a rule; a new url or enabled=true clears a disabled destination',
    body: AlertPatchSchema,
  },
  { method: 'delete', url: '/v1/alerts/{id}', tag: 'alerts', summary: 'Delete a rule and its delivery log' },
  { method: 'post', url: '/v1/alerts/{id}/test', tag: 'alerts', summary: 'Send a signed ping event to the destination' },
  {
    method: 'post',
    url: '/v1/alerts/{id}/rotate-secret',
    tag: 'alerts',
    summary: 'New signing secret (returned once); the old one keeps signing for overlapSeconds (default 86400)',
    body: RotateSchema.optional(),
  },
  {
    method: 'get',
    url: '/v1/alerts/{id}/deliveries',
    tag: 'alerts',
    summary: 'Delivery attempts, newest first: time, status code or error, duration, outcome',
    query: DeliveriesQuery,
  },
];

export async function alertsRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const svc = (): AlertsService => {
    if (!deps.alerts) throw new ProblemError(503, 'alerts are not available in this process');
    return deps.alerts;
  };
  type P = { Params: { id: string } };

  app.post('/v1/alerts', async (req, reply) => {
    const { rule, secret } = await svc().create(parseBody(AlertCreateSchema, req.body));
    return reply
      .code(201)
      .header('location', `/v1/alerts/${rule.id}`)
      .send({ ...publicRule(rule), secret });
  });
  app.get('/v1/alerts', async () => {
    const rules = await svc().list();
    const states = await Promise.all(rules.map((r) => svc().state(r.id)));
    return { alerts: rules.map((r, i) => publicRule(r, states[i] ?? { phase: 'inactive' })) };
  });
  app.get<P>('/v1/alerts/:id', async (req) =>
    publicRule(await svc().get(req.params.id), (await svc().state(req.params.id)) ?? { phase: 'inactive' }),
  );
  app.patch<P>('/v1/alerts/:id', async (req) => publicRule(await svc().patch(req.params.id, parseBody(AlertPatchSchema, req.body))));
  app.delete<P>('/v1/alerts/:id', async (req, reply) => {
    await svc().delete(req.params.id);
    return reply.code(204).send();
  });
  app.post<P>('/v1/alerts/:id/test', async (req, reply) => reply.code(202).send(await svc().test(req.params.id)));
  app.post<P>('/v1/alerts/:id/rotate-secret', async (req) =>
    svc().rotate(req.params.id, parseBody(RotateSchema, req.body ?? {}).overlapSeconds),
  );
  app.get<P>('/v1/alerts/:id/deliveries', async (req) => ({
    deliveries: await svc().deliveries(req.params.id, parseQuery(DeliveriesQuery, req.query).limit),
  }));
}
