import { expect } from 'vitest';
import { AdapterError } from '../../src/lib/adapter-error.js';

/** What a poll threw, asserted to be an AdapterError (a resolved poll fails the test). */
export async function adapterError(p: Promise<unknown>): Promise<AdapterError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AdapterError);
  return err as AdapterError;
}
