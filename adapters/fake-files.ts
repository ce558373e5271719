import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningFake } from './define.js';

/** A fake with the files an operator's env points at (key file, CA, kubeconfig); closing removes them. */
export type FakeWithFiles<F extends RunningFake, X> = X & { fake: F; close(): Promise<void> };

/** Writes a fake's files into a fresh temporary folder, which closing the result removes. */
export function withFakeFiles<F extends RunningFake, X>(fake: F, write: (fake: F, dir: string) => X): FakeWithFiles<F, X> {
  const dir = mkdtempSync(join(tmpdir(), 'gpu-radar-fake-'));
  const close = async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { ...write(fake, dir), fake, close };
}
