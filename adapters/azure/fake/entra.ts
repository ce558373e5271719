import { randomBytes, randomUUID } from 'node:crypto';

// The Entra ID side of the Azure fake, as MSAL talks to a custom authority with instance
// discovery off (azure.md, last section): the tenant's OpenID document, then the client
// credentials grant at the token endpoint it names. Error bodies are Entra's (AADSTS codes).

export type EntraAnswer = [status: number, body: Record<string, unknown>];

export function openIdConfiguration(origin: string, tenant: string): Record<string, unknown> {
  const base = `${origin}/${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
}

function entraError(status: number, error: string, code: number, description: string): EntraAnswer {
  const trace = randomUUID();
  const correlation = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return [
    status,
    {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: trace,
      correlation_id: correlation,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  ];
}

export class FakeEntra {
  private readonly tokens = new Map<string, number>();
  /** Token requests seen (the secret left out), for tests that check what MSAL sent. */
  readonly grants: { clientId: string; scope: string; grantType: string }[] = [];

  constructor(
    readonly tenant: string,
    readonly clientId: string,
    private readonly clientSecret: string,
    public ttlSeconds = 3599,
  ) {}

  token(form: URLSearchParams): EntraAnswer {
    const clientId = form.get('client_id') ?? '';
    this.grants.push({ clientId, scope: form.get('scope') ?? '', grantType: form.get('grant_type') ?? '' });
    if (form.get('grant_type') !== 'client_credentials')
      return entraError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (clientId !== this.clientId) {
      return entraError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.tenant}'.`,
      );
    }
    if (form.get('client_secret') !== this.clientSecret) {
      return entraError(
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ' +
          `not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
    if (!/\/\.default$/.test(form.get('scope') ?? ''))
      return entraError(
        400,
        'invalid_scope',
        1002012,
        'The provided value for scope is not valid. ' +
          'Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
      );
    const token = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, Date.now() + this.ttlSeconds * 1000);
    return [200, { token_type: 'Bearer', expires_in: this.ttlSeconds, ext_expires_in: this.ttlSeconds, access_token: token }];
  }

  /** `expired` when the token was issued here but is no longer honoured. */
  check(authorization: string | undefined): 'ok' | 'missing' | 'invalid' | 'expired' {
    const m = /^Bearer (\S+)$/i.exec(authorization ?? '');
    if (!m) return 'missing';
    const until = this.tokens.get(m[1]!);
    if (until === undefined) return 'invalid';
    return until > Date.now() ? 'ok' : 'expired';
  }

  /** Every issued token expires now, before the expiry it announced. */
  expireAll(): void {
    for (const t of this.tokens.keys()) this.tokens.set(t, 0);
  }
}
