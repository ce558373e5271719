import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from '../../fake-kit/server.js';

// EC2 Query protocol pieces for the fake (shared/provider-apis/aws.md §1): form parameters with
// flattened 1-indexed lists, XML with `item` lists, the EC2 error envelope, and SigV4 checking.

export const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export type XmlValue = string | number | boolean | undefined | XmlValue[] | { [k: string]: XmlValue };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `{a: 1, b: [x, y]}` → `<a>1</a><b><item>x</item><item>y</item></b>`; an empty list is `<b/>`. */
export function xml(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.length ? `<${name}>${value.map((v) => xml('item', v)).join('')}</${name}>` : `<${name}/>`;
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => xml(k, v))
      .join('')}</${name}>`;
  return `<${name}>${esc(String(value))}</${name}>`;
}

export const xmlReply = (status: number, body: string, requestId: string): Reply => ({
  status,
  body,
  headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
});

export function successBody(action: string, members: Record<string, XmlValue>, requestId: string): string {
  const inner = Object.entries(members)
    .map(([k, v]) => xml(k, v))
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_XMLNS}">` +
    `<requestId>${requestId}</requestId>${inner}</${action}Response>`
  );
}

/** EC2's error envelope: note `RequestID` here against `requestId` in success bodies. */
export function errorBody(code: string, message: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${esc(code)}</Code>` +
    `<Message>${esc(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
  );
}

export const newRequestId = () => randomUUID();

/** Form parameters with list helpers: `list('InstanceType')` reads InstanceType.1, .2, ... */
export class QueryParams {
  constructor(readonly p: URLSearchParams) {}
  get(name: string): string | undefined {
    return this.p.get(name) ?? undefined;
  }
  list(prefix: string): string[] {
    const out: string[] = [];
    for (let i = 1; this.p.has(`${prefix}.${i}`); i++) out.push(this.p.get(`${prefix}.${i}`)!);
    return out;
  }
  filters(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (let i = 1; this.p.has(`Filter.${i}.Name`); i++) out.set(this.p.get(`Filter.${i}.Name`)!, this.list(`Filter.${i}.Value`));
    return out;
  }
  int(name: string): number | undefined {
    const v = this.get(name);
    return v === undefined ? undefined : Number(v);
  }
}

/** EC2 filter values allow `*` and `?` wildcards. */
export function matchesAny(value: string, patterns: string[] | undefined): boolean {
  if (!patterns) return true;
  return patterns.some((p) =>
    new RegExp(
      `^${p
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    ).test(value),
  );
}

export interface SigV4 {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

export function parseSigV4(header: string | undefined): SigV4 | undefined {
  const m = AUTH_RE.exec(header ?? '');
  if (!m) return undefined;
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(';'), signature: m[6]! };
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();

/** Recomputes the SigV4 signature of a POST / request, as AWS does, from the secret key. */
export function signatureValid(sig: SigV4, secret: string, headers: IncomingHttpHeaders, path: string, body: Buffer): boolean {
  const amzDate = String(headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(sig.date)) return false;
  const canonicalHeaders = sig.signedHeaders
    .map(
      (h) =>
        `${h}:${String(headers[h] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const [pathname = '/', query = ''] = path.split('?');
  const payloadHash = String(headers['x-amz-content-sha256'] ?? sha256(body));
  const canonical = ['POST', pathname, query, canonicalHeaders, sig.signedHeaders.join(';'), payloadHash].join('\n');
  const scope = `${sig.date}/${sig.region}/${sig.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, sig.date), sig.region), sig.service), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex') === sig.signature;
}
