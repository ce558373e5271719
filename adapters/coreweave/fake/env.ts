import { join } from 'node:path';
import type { FakeWithFiles } from '../../fake-files.js';
import type { KubeFake } from './index.js';

// The env an operator sets to point gpu-radar at this fake: the tests' and the demo's, written once.

/** A Kubernetes fake and a kubeconfig that names it, for KUBECONFIG. */
export type CoreweaveTestFake = FakeWithFiles<KubeFake, { kubeconfig: string }>;

/** The fake's files, written by withFakeFiles into a folder that closing removes. */
export const coreweaveFakeFiles = (f: KubeFake, dir: string) => ({ kubeconfig: f.writeKubeconfig(join(dir, 'kubeconfig')) });

export const coreweaveFakeEnv = (t: CoreweaveTestFake): Record<string, string> => ({ KUBECONFIG: t.kubeconfig });
