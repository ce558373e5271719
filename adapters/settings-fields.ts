import { z } from 'zod';

// Field builders for providers' settings.ts. Env values are strings, and every provider reads
// lists, whole numbers, GPU counts and origins the same way, with messages naming the form.

const split = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** A comma list whose items each pass `item`; an empty one is refused with `emptyMessage`. */
export function commaList<T extends z.ZodType<unknown, string>>(item: T, opts: { emptyMessage?: string; max?: number } = {}) {
  const items = z.array(item).min(1, opts.emptyMessage);
  return z
    .string()
    .transform(split)
    .pipe(opts.max ? items.max(opts.max) : items);
}

/** Plain decimal digits in [min, max]: `0x50` or `1e3` is a typo, not a value. */
export function wholeNumber(min: number, max: number, message = 'expected a whole number') {
  return z.string().regex(/^\d+$/, message).transform(Number).pipe(z.number().int().min(min).max(max));
}

/** GPU counts such as `8,64`: at most `maxItems` of them, each 1 to `maxGpus`. */
export function gpuCounts(maxGpus: number, maxItems: number, example: string) {
  return commaList(wholeNumber(1, maxGpus, `expected whole GPU counts like ${example}`), { max: maxItems });
}

/** An http(s) origin, kept with any path prefix a proxy adds, without a trailing slash. */
export function origin(fallback: string) {
  return z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ''))
    .default(fallback);
}
