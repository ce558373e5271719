import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../adapters/coreweave/quantity.js';

describe('parseQuantity', () => {
  it('reads the forms the API server serializes', () => {
    expect(parseQuantity('8')).toBe(8);
    expect(parseQuantity('1k')).toBe(1000);
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('2Ki')).toBe(2048);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('2113460Mi')).toBe(2113460 * 2 ** 20);
  });

  it('rejects what is not a quantity', () => {
    for (const bad of ['', 'eight', '8 GPUs', '1KiB', '--1', 'm']) expect(parseQuantity(bad), bad).toBeUndefined();
  });
});
