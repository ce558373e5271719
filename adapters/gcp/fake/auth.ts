import { generateKeyPairSync, randomBytes, verify } from 'node:crypto';

// The OAuth side of the GCP fake: service account keys the tests generate, and a token endpoint
// that takes the JWT bearer grant as Google does (RS256 assertion signed with the account's
// key, checked here against its public key) and issues short-lived access tokens.

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface FakeServiceAccount {
  email: string;
  keyId: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A fresh RSA key for a service account, as the IAM console would create one. */
export function generateServiceAccount(email = 'gpu-radar@gpu-radar-fake.iam.gserviceaccount.com'): FakeServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    email,
    keyId: randomBytes(20).toString('hex'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

/** The key file GOOGLE_APPLICATION_CREDENTIALS names, with `token_uri` pointing at the fake. */
export function serviceAccountFile(sa: FakeServiceAccount, project: string, tokenUri: string): Record<string, string> {
  return {
    type: 'service_account',
    project_id: project,
    private_key_id: sa.keyId,
    private_key: sa.privateKeyPem,
    client_email: sa.email,
    client_id: '100000000000000000001',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: tokenUri,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    universe_domain: 'googleapis.com',
  };
}

export type TokenAnswer = [status: number, body: Record<string, unknown>];
const refusal = (error: string, description: string): TokenAnswer => [400, { error, error_description: description }];

export class FakeTokenIssuer {
  private readonly tokens = new Map<string, number>();
  /** Assertions seen, decoded, for tests that check what the SDK signed. */
  readonly assertions: { header: Record<string, unknown>; claims: Record<string, unknown> }[] = [];
  refuse = false;

  constructor(
    private readonly accounts: Map<string, string>,
    private readonly ownUrl: () => string,
    public ttlSeconds = 3600,
  ) {}

  exchange(form: URLSearchParams): TokenAnswer {
    if (form.get('grant_type') !== JWT_BEARER)
      return refusal('unsupported_grant_type', `Invalid grant_type: ${form.get('grant_type') ?? ''}`);
    const parts = (form.get('assertion') ?? '').split('.');
    if (parts.length !== 3) return refusal('invalid_request', 'Invalid JWT: malformed assertion');
    const [h, p, s] = parts as [string, string, string];
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString());
      claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    } catch {
      return refusal('invalid_request', 'Invalid JWT: malformed assertion');
    }
    this.assertions.push({ header, claims });
    const key = this.accounts.get(String(claims.iss));
    if (!key) return refusal('invalid_grant', 'Invalid grant: account not found');
    if (header.alg !== 'RS256' || !verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) {
      return refusal('invalid_grant', 'Invalid JWT Signature.');
    }
    const now = Date.now() / 1000;
    const exp = Number(claims.exp);
    const iat = Number(claims.iat);
    if (!(exp > now - 30) || !(iat < now + 30) || exp - iat > 3600) {
      return refusal(
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. ' +
          'Check your iat and exp values in the JWT claim.',
      );
    }
    if (claims.aud !== GOOGLE_TOKEN_URL && claims.aud !== this.ownUrl())
      return refusal('invalid_grant', 'Invalid JWT: Failed audience check.');
    if (typeof claims.scope !== 'string' || !claims.scope)
      return refusal('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
    if (this.refuse) return refusal('invalid_grant', 'Invalid JWT Signature.');
    const token = `ya29.fake-${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, Date.now() + this.ttlSeconds * 1000);
    return [200, { access_token: token, expires_in: this.ttlSeconds, token_type: 'Bearer' }];
  }

  /** Whether an `Authorization` header carries a token this issuer gave out and still honours. */
  valid(authorization: string | undefined): boolean {
    const m = /^Bearer (\S+)$/i.exec(authorization ?? '');
    const until = m ? this.tokens.get(m[1]!) : undefined;
    return until !== undefined && until > Date.now();
  }

  /** Every issued token stops working now, before its announced expiry (revoked, rotated). */
  revokeAll(): void {
    this.tokens.clear();
  }

  exchangeCount(): number {
    return this.assertions.length;
  }
}
