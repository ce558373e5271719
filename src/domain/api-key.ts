/**
 * What a key may do (DESIGN §9): `read` the capacity data and /metrics, `alerts:write` manage
 * alert rules (their URLs can hold secrets, so reading them needs it too), `observations:write`
 * report launch outcomes, and `admin` everything.
 */
export const SCOPES = ['read', 'alerts:write', 'observations:write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** A key as stored: the secret only as its SHA-256 (it is random, so no slow hash is needed). */
export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: Scope[];
  /** Requests per minute per API replica; the service default when absent. */
  perMinute?: number;
  secretSha256: string;
  createdAt: string;
}
