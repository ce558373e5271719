import { describe, expect, it } from 'vitest';
import { eachLimit } from '../../src/lib/each-limit.js';

const tick = () => new Promise((r) => setTimeout(r, 2));

describe('eachLimit', () => {
  it('runs every item, never more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++running);
      await tick();
      running--;
      done.push(n);
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('finishes the other items before throwing the first failure', async () => {
    const done: number[] = [];
    const run = eachLimit([1, 2, 3, 4], 2, async (n) => {
      await tick();
      if (n === 1) throw new Error('first');
      if (n === 3) throw new Error('second');
      done.push(n);
    });
    await expect(run).rejects.toThrow('first');
    expect(done.sort()).toEqual([2, 4]);
  });
});
