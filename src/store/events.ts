import type { AlertTransition } from '../domain/alert.js';
import type { ChangeEvent } from '../domain/change-event.js';
import type { Observation } from '../domain/observation.js';
import type { StoredOffer } from '../domain/offer.js';
import type { ScopeStatus } from '../domain/scope-status.js';

// How the change stream's entries (src/domain/change-event.ts) are written and read.

/** Keeps the change stream bounded (XADD MAXLEN ~); readers that fall further behind reload the snapshots. */
export const STREAM_MAXLEN = 200_000;

/** Stream fields for an event; `data` is the offer's JSON, the removed id, or the status JSON. */
export function eventFields(type: ChangeEvent['type'], provider: string, scope: string, data: string): string[] {
  return ['t', type, 'p', provider, 's', scope, 'd', data];
}

export function decodeEvent(fields: string[]): ChangeEvent | undefined {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  const { t, p, s, d } = f;
  if (!p || !s || d === undefined) return undefined;
  if (t === 'upsert') return { type: 'upsert', provider: p, scope: s, offer: JSON.parse(d) as StoredOffer };
  if (t === 'remove') return { type: 'remove', provider: p, scope: s, id: d };
  if (t === 'status') return { type: 'status', provider: p, scope: s, status: JSON.parse(d) as ScopeStatus };
  if (t === 'observe') return { type: 'observe', provider: p, scope: s, observation: JSON.parse(d) as Observation };
  return undefined;
}

/** Transitions per stream entry: an entry each made 10,000 XADDs, about 150 ms of a batch. */
const ALERTS_PER_ENTRY = 200;

export function alertFields(transitions: AlertTransition[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < transitions.length; i += ALERTS_PER_ENTRY)
    out.push(['t', 'alerts', 'd', JSON.stringify(transitions.slice(i, i + ALERTS_PER_ENTRY))]);
  return out;
}

/** The transitions in an entry; also reads the one-per-entry `alert` form older versions wrote. */
export function decodeAlerts(fields: string[]): AlertTransition[] | undefined {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  if (f.d === undefined) return undefined;
  if (f.t === 'alerts') return JSON.parse(f.d) as AlertTransition[];
  if (f.t === 'alert') return [JSON.parse(f.d) as AlertTransition];
  return undefined;
}
