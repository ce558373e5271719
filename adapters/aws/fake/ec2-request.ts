import type { FakeRequest, Reply } from '../../fake-kit/server.js';
import { runAction, type FakeState } from './ec2.js';
import { QueryParams, errorBody, parseSigV4, signatureValid, successBody, xmlReply } from './protocol.js';

// One EC2 Query API call as AWS checks it: SigV4 against the secret key, form content type and
// API version, opted-in region, IAM denials; then the action, paged by MaxResults and NextToken.

export interface Ec2Context {
  state: FakeState;
  accessKeyId: string;
  secretAccessKey: string;
  /** Actions IAM denies. */
  denied: Set<string>;
  /** Cap on items per page whatever MaxResults asks. */
  pageSize?: number;
}

export function answerEc2(ctx: Ec2Context, req: FakeRequest, requestId: string): Reply {
  const { state, accessKeyId, secretAccessKey, denied } = ctx;
  const params = new URLSearchParams(req.text);
  const action = params.get('Action') ?? '';
  const sig = parseSigV4(req.headers.authorization);
  const fail = (status: number, code: string, message: string) => xmlReply(status, errorBody(code, message, requestId), requestId);
  if (!sig || sig.accessKeyId !== accessKeyId || !signatureValid(sig, secretAccessKey, req.headers, req.rawPath + req.search, req.body))
    return fail(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
  if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
    return fail(400, 'InvalidParameterValue', 'Unsupported content type');
  if (params.get('Version') !== '2016-11-15') return fail(400, 'InvalidParameterValue', `Unsupported Version ${params.get('Version')}`);
  if (!state.regions[sig.region])
    return fail(401, 'OptInRequired', 'You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.');
  if (denied.has(action)) {
    const user = 'User: arn:aws:iam::123456789012:user/gpu-radar';
    return fail(
      403,
      'UnauthorizedOperation',
      `You are not authorized to perform this operation. ${user} is not authorized to perform: ec2:${action}`,
    );
  }
  const q = new QueryParams(params);
  const result = runAction(state, sig.region, action, q);
  if ('error' in result) return fail(result.error.status, result.error.code, result.error.message);
  if ('members' in result) return xmlReply(200, successBody(action, result.members, requestId), requestId);

  const max = q.int('MaxResults');
  if (max !== undefined && result.range && (max < result.range[0] || max > result.range[1])) {
    const [lo, hi] = result.range;
    return fail(
      400,
      'InvalidParameterValue',
      `Value ( ${max} ) for parameter maxResults is invalid. Expecting a value between ${lo} and ${hi}.`,
    );
  }
  const token = q.get('NextToken');
  let offset = 0;
  if (token) {
    const m = /^(\w+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
    if (!m || m[1] !== action) return fail(400, 'InvalidParameterValue', 'The token is not valid');
    offset = Number(m[2]);
  }
  const size = Math.min(max ?? 1000, ctx.pageSize ?? Infinity);
  const page = result.items.slice(offset, offset + size);
  const next = offset + size < result.items.length ? Buffer.from(`${action}:${offset + size}`).toString('base64url') : undefined;
  return xmlReply(200, successBody(action, { [result.list]: page, ...(next ? { nextToken: next } : {}) }, requestId), requestId);
}
