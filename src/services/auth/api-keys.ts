import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, Scope } from '../../domain/api-key.js';

const PREFIX = 'grk_';
const ID_HEX = 16;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A new key: the record to store, and the token, shown once. */
export function mintKey(name: string, scopes: Scope[], perMinute?: number, now = new Date()): { record: ApiKeyRecord; token: string } {
  const id = randomBytes(ID_HEX / 2).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  return {
    record: { id, name, scopes, ...(perMinute ? { perMinute } : {}), secretSha256: sha256(secret), createdAt: now.toISOString() },
    token: `${PREFIX}${id}_${secret}`,
  };
}

/** The key id a token names, and its secret; undefined for anything not shaped like a token. */
export function parseToken(token: string): { id: string; secret: string } | undefined {
  if (!token.startsWith(PREFIX) || token[PREFIX.length + ID_HEX] !== '_') return undefined;
  const id = token.slice(PREFIX.length, PREFIX.length + ID_HEX);
  const secret = token.slice(PREFIX.length + ID_HEX + 1);
  return /^[0-9a-f]+$/.test(id) && secret.length >= 16 ? { id, secret } : undefined;
}

export function secretMatches(record: ApiKeyRecord, secret: string): boolean {
  const a = Buffer.from(sha256(secret), 'hex');
  const b = Buffer.from(record.secretSha256, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const grants = (record: ApiKeyRecord, scope: Scope) => record.scopes.includes('admin') || record.scopes.includes(scope);
