import { z } from 'zod';
import { wholeNumber } from '../settings-fields.js';

// CoreWeave-specific environment, keyed by the exact env names. The cluster is found the way
// kubectl finds it: KUBECONFIG (a path list), or the in-cluster service account.

export const COREWEAVE_SETTINGS = z.object({
  /** kubeconfig file(s), joined by the OS path delimiter; unset means in-cluster. */
  KUBECONFIG: z.string().optional(),
  /** Region for nodes without a `topology.kubernetes.io/region` label, e.g. `US-EAST-04`. */
  GPU_RADAR_COREWEAVE_REGION: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'expected a region name like US-EAST-04')
    .optional(),
  /** Items per list request (`limit`); the rest comes through `continue`. @defaultValue 500 */
  GPU_RADAR_COREWEAVE_PAGE_SIZE: wholeNumber(1, 5000).default(500),
});

export type CoreweaveSettings = z.infer<typeof COREWEAVE_SETTINGS>;

/** Either set enables the provider: a kubeconfig, or the env Kubernetes gives every pod. */
export const COREWEAVE_REQUIRES_ENV = [['KUBECONFIG'], ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT']] as const;
