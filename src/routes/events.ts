import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import { OfferFiltersSchema, type OfferFilters } from '../schemas/query-fields.js';
import { compareIds } from '../services/alerts/event-hub.js';
import { ServiceError } from '../services/errors.js';
import { compileFilters, gpuIds } from '../services/offer-filter.js';
import { decodeAlerts, decodeEvent } from '../store/events.js';
import type { FeedEntry } from '../store/index-feed.js';
import type { RouteDeps } from './deps.js';
import { route, type Route } from './route.js';

const EventsQuery = OfferFiltersSchema.omit({ availability: true });
const REPLAY_MAX = 10_000;

/** An SSE message; `id` left out on all but the last message made from one stream entry. */
type Sse = { event: string; id?: string; data: unknown };

// Turns stream entries into SSE messages a subscriber with these filters wants.
function selector(q: Omit<OfferFilters, 'availability'>) {
  const gpus = gpuIds(q.gpu);
  const wantedGpus = gpus && new Set(gpus);
  const filters = compileFilters(q);
  const hasFilters = !!wantedGpus || filters.length > 0;
  const passes = (o: { gpu: { id: string } } & Parameters<(typeof filters)[number]['test']>[0]) =>
    (!wantedGpus || wantedGpus.has(o.gpu.id)) && filters.every((f) => f.test(o));
  return (e: FeedEntry): Sse[] => {
    const ev = e.event ?? decodeEvent(e.fields);
    if (ev?.type === 'upsert')
      return passes(ev.offer)
        ? [{ event: 'offer.upsert', id: e.id, data: { provider: ev.provider, scope: ev.scope, offer: ev.offer } }]
        : [];
    if (ev?.type === 'remove') {
      // A replayed remove has no offer left to filter by; clients ignore ids they never saw.
      if (hasFilters && e.previous && !passes(e.previous)) return [];
      if (hasFilters && !e.previous && e.event) return [];
      return [{ event: 'offer.remove', id: e.id, data: { provider: ev.provider, scope: ev.scope, id: ev.id } }];
    }
    if (ev) return [];
    // One entry holds many transitions. Only the last message carries the entry's id, so a
    // client cut off halfway resumes from the entry before and sees them all again.
    const out: Sse[] = (decodeAlerts(e.fields) ?? [])
      .filter((a) => !wantedGpus || a.gpuIds?.some((g) => wantedGpus.has(g)))
      .map((data) => ({ event: 'alert', data }));
    if (out.length) out[out.length - 1]!.id = e.id;
    return out;
  };
}

const write = (raw: ServerResponse, m: Sse) =>
  raw.write(`${m.id ? `id: ${m.id}\n` : ''}event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`);

/** `app` is where the open streams are ended before the server closes. */
export function eventsRoutes(deps: RouteDeps, app: Pick<FastifyInstance, 'addHook'>): Route[] {
  const hub = deps.events;
  const open = new Set<ServerResponse>();
  // Before the server stops listening, or close would wait for streams that never end.
  app.addHook('preClose', async () => {
    for (const raw of open) raw.end();
  });

  return [
    route({
      method: 'GET',
      url: '/v1/events',
      tag: 'capacity',
      summary:
        'Server-Sent Events: offer.upsert, offer.remove and alert transitions as they happen, ' +
        'filtered like /v1/capacity (gpu optional); heartbeats as comments; send Last-Event-ID to resume',
      scope: 'read',
      query: EventsQuery,
      handler: async (req, reply) => {
        const select = selector(req.query);
        const lastEventId = req.headers['last-event-id'];
        const resumeFrom = typeof lastEventId === 'string' && /^\d+-\d+$/.test(lastEventId) ? lastEventId : undefined;
        if (lastEventId !== undefined && !resumeFrom)
          throw new ServiceError('invalid', 'Last-Event-ID: expected a stream id such as 1700000000000-0');

        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        raw.write(': connected\n\n');
        open.add(raw);

        // Live entries wait while the replay runs, then only those after it are sent.
        let lastSent = resumeFrom;
        let buffer: FeedEntry[] | undefined = resumeFrom ? [] : undefined;
        const send = (batch: FeedEntry[]) => {
          for (const e of batch) {
            if (lastSent && compareIds(e.id, lastSent) <= 0) continue;
            for (const m of select(e)) write(raw, m);
            lastSent = e.id;
          }
        };
        const unsubscribe = hub.subscribe((batch) => (buffer ? buffer.push(...batch) : send(batch)));
        const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), hub.heartbeatMs);
        raw.on('close', () => {
          clearInterval(heartbeat);
          unsubscribe();
          open.delete(raw);
        });

        if (resumeFrom) {
          try {
            const entries = await hub.range(resumeFrom, REPLAY_MAX);
            send(entries.map(([id, fields]) => ({ id, fields })));
          } catch (err) {
            req.log.warn({ err }, 'events replay failed');
          }
          const waiting = buffer ?? [];
          buffer = undefined;
          send(waiting);
        }
      },
    }),
  ];
}
