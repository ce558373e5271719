import type { VastFakeOffer } from './market.js';

// Vast.ai's search query language over the fake's offers (shared/provider-apis/vastai.md):
// field filters with eq/neq/gt/lt/gte/lte/in/notin, `order`, `limit`, and the query's controls.

const OPS = new Set(['eq', 'neq', 'gt', 'lt', 'gte', 'lte', 'in', 'notin']);
const CONTROL = new Set([
  'order',
  'type',
  'limit',
  'allocated_storage',
  'disable_bundling',
  'target_reliability',
  'extra_ids',
  'show_incompatible',
  'sort_option',
  'template_id',
]);
const TYPES = new Set(['on-demand', 'ondemand', 'bid', 'reserved', 'interruptible']);

// The filter value of `geolocation` is a country code; offers carry "<place>, <CC>".
function fieldOf(offer: VastFakeOffer, field: string): unknown {
  const v = offer[field];
  return field === 'geolocation' && typeof v === 'string' ? v.slice(v.lastIndexOf(',') + 1).trim() : v;
}

function test(value: unknown, op: string, arg: unknown): boolean {
  const n = (x: unknown) => typeof x === 'number' && typeof arg === 'number';
  switch (op) {
    case 'eq':
      return value === arg;
    case 'neq':
      return value !== arg;
    case 'gt':
      return n(value) && (value as number) > (arg as number);
    case 'lt':
      return n(value) && (value as number) < (arg as number);
    case 'gte':
      return n(value) && (value as number) >= (arg as number);
    case 'lte':
      return n(value) && (value as number) <= (arg as number);
    case 'in':
      return Array.isArray(arg) && arg.includes(value);
    default:
      return Array.isArray(arg) && !arg.includes(value); // notin
  }
}

/** Runs a query object over the offers, as the server would: filter, order, limit. */
export function searchOffers(offers: VastFakeOffer[], q: Record<string, unknown>, defaultLimit: number): VastFakeOffer[] | string {
  if (q.type !== undefined && !TYPES.has(String(q.type))) return `Invalid type ${JSON.stringify(q.type)}`;
  const filters: [string, string, unknown][] = [];
  for (const [field, cond] of Object.entries(q)) {
    if (CONTROL.has(field)) continue;
    if (!cond || typeof cond !== 'object' || Array.isArray(cond)) return `Invalid filter for ${field}`;
    for (const [op, arg] of Object.entries(cond)) {
      if (!OPS.has(op)) return `Invalid operator ${op} for ${field}`;
      filters.push([field, op, arg]);
    }
  }
  const order: [string, string][] = Array.isArray(q.order) ? (q.order as [string, string][]) : [['score', 'desc']];
  const limit = typeof q.limit === 'number' && q.limit > 0 ? Math.floor(q.limit) : defaultLimit;
  const hits = offers.filter((o) => filters.every(([f, op, arg]) => test(fieldOf(o, f), op, arg)));
  hits.sort((a, b) => {
    for (const [field, dir] of order) {
      const x = a[field] as number;
      const y = b[field] as number;
      if (x !== y) return (x < y ? -1 : 1) * (dir === 'desc' ? -1 : 1);
    }
    return (a.id as number) - (b.id as number);
  });
  return hits.slice(0, limit);
}
