import { PART_PLACEHOLDER, type AlertEventType, type AlertRule } from '../../domain/alert.js';
import type { Placement } from '../placement.js';

export type WebhookType = AlertEventType | 'ping';

const MAX_PLACEMENTS = 10;

/** The body sent, as the exact string that is signed. */
export function payload(
  rule: AlertRule,
  type: WebhookType,
  placements: Placement[],
  now: number,
  extra: { repeat?: boolean } = {},
): string {
  if (rule.format === 'slack') return JSON.stringify({ text: slackText(rule, type, placements) });
  return standardBody(rule, type, type === 'ping' ? undefined : placementsJson(placements), placements.length, now, extra);
}

function standardBody(
  rule: AlertRule,
  type: WebhookType,
  placementsText: string | undefined,
  total: number,
  now: number,
  extra: { repeat?: boolean },
): string {
  const timestamp = new Date(now).toISOString();
  const alert = JSON.stringify({ id: rule.id, name: rule.name, query: rule.query, condition: rule.condition });
  const list = placementsText === undefined ? '' : `,"placements":${placementsText},"totalPlacements":${total}`;
  const repeat = extra.repeat ? ',"repeat":true' : '';
  return `{"type":${JSON.stringify(type)},"timestamp":"${timestamp}","data":{"alert":${alert}${list}${repeat}}}`;
}

/**
 * The body with its placements (shared by every rule that asked the same question) left out
 * as a part, so a batch stores them once instead of once per delivery. `joinPart` gives back
 * exactly the bytes `payload` would have made.
 */
export function payloadWithPart(
  rule: AlertRule,
  type: AlertEventType,
  placements: Placement[],
  now: number,
  extra: { repeat?: boolean } = {},
): { body: string; part?: string } {
  if (rule.format === 'slack' || type !== 'capacity.available') return { body: payload(rule, type, placements, now, extra) };
  return { body: standardBody(rule, type, PART_PLACEHOLDER, placements.length, now, extra), part: placementsJson(placements) };
}

// Rules that share a question share its placements array: serialize it once per batch.
const serialized = new WeakMap<Placement[], string>();
function placementsJson(placements: Placement[]): string {
  let s = serialized.get(placements);
  if (s === undefined) serialized.set(placements, (s = JSON.stringify(placements.slice(0, MAX_PLACEMENTS))));
  return s;
}

function slackText(rule: AlertRule, type: WebhookType, placements: Placement[]): string {
  const what =
    rule.name ??
    Object.entries(rule.query)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
  if (type === 'ping') return `gpu-radar: test message for alert "${what}"`;
  if (type === 'capacity.unavailable') return `gpu-radar: capacity for "${what}" is gone`;
  const lines = placements.slice(0, 5).map((p) => {
    const price = p.price.perGpuHourUsd === null ? '' : `, $${p.price.perGpuHourUsd}/GPU-h`;
    return `• ${p.provider} ${p.region} ${p.instanceType} ×${p.instances}: ${p.availability.status}${price}`;
  });
  return [
    `gpu-radar: capacity for "${what}" is available (${placements.length} placement${placements.length === 1 ? '' : 's'})`,
    ...lines,
  ].join('\n');
}
