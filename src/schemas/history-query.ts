import { z } from 'zod';
import { filterFields } from './query-fields.js';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90s`, `15m`, `6h`, `7d`, or plain seconds; undefined when it is none of those. */
export function durationMs(s: string): number | undefined {
  const m = /^(\d{1,7})([smhd]?)$/.exec(s.trim());
  return m ? Number(m[1]) * UNIT_MS[(m[2] || 's') as keyof typeof UNIT_MS] : undefined;
}

/** A point in time: an ISO 8601 date-time, `now`, or relative to now (`-6h`, `now-6h`). */
export type TimeRef = { at: number } | { ago: number };

const timeField = z
  .string()
  .max(64)
  .transform((s, ctx): TimeRef => {
    const rel = /^(?:now)?-(.+)$/.exec(s.trim());
    const ago = s.trim() === 'now' ? 0 : rel ? durationMs(rel[1]!) : undefined;
    if (ago !== undefined) return { ago };
    const at = z.iso.datetime({ offset: true }).safeParse(s.trim()).success ? Date.parse(s) : NaN;
    if (Number.isFinite(at)) return { at };
    ctx.addIssue({ code: 'custom', message: 'an ISO 8601 date-time (2025-01-31T12:00:00Z), now, or relative like -6h or now-7d' });
    return z.NEVER;
  });

export const MIN_STEP_MS = 10_000;

const stepField = z
  .string()
  .max(16)
  .transform((s, ctx) => {
    const ms = durationMs(s);
    if (ms !== undefined && ms >= MIN_STEP_MS && ms <= UNIT_MS.d) return ms;
    ctx.addIssue({ code: 'custom', message: 'a duration from 10s to 1d, e.g. 30s, 5m, 1h (or plain seconds)' });
    return z.NEVER;
  });

// Time series of one slice of the market: which offers (gpu, provider, region, market) and
// when (from, to, step). Defaults: the last 24 h, about 200 points.
export const HistoryQuerySchema = z
  .object({
    gpu: filterFields.gpu,
    provider: filterFields.provider,
    region: filterFields.region,
    market: filterFields.market,
    from: timeField.optional(),
    to: timeField.optional(),
    step: stepField.optional(),
  })
  .strict();
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;
