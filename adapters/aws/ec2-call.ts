import type { EC2Client } from '@aws-sdk/client-ec2';
import { AdapterError } from '../../src/lib/adapter-error.js';
import { awsError } from './errors.js';

export interface CallContext {
  client: EC2Client;
  region: string;
  signal: AbortSignal;
}

/** Any EC2 command object; the SDK's overloads do not accept a union of them. */
type Sendable = object;

/** One SDK call, its failure classified; `where` names the action and region, never secrets. */
export async function call<T>(c: CallContext, action: string, command: Sendable): Promise<T> {
  try {
    return (await c.client.send(command as never, { abortSignal: c.signal })) as T;
  } catch (err) {
    throw awsError(`${action} ${c.region}`, err);
  }
}

const MAX_PAGES = 500;

/**
 * Every page of a NextToken-paginated action. An empty `<nextToken/>` parses as "" and ends
 * the loop; a repeated token (a server bug) stops it instead of spinning.
 */
export async function allPages<T>(
  c: CallContext,
  action: string,
  page: (token: string | undefined) => Sendable,
  /** The output field that holds the page's items, e.g. `InstanceTypes`. */
  field: string,
): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const res = await call<{ NextToken?: string } & Record<string, unknown>>(c, action, page(token));
    out.push(...((res[field] as T[] | undefined) ?? []));
    token = res.NextToken || undefined;
    if (!token) return out;
    if (seen.has(token)) throw new AdapterError('parse', `aws ${action} ${c.region}: NextToken repeated`);
    seen.add(token);
  }
  throw new AdapterError('parse', `aws ${action} ${c.region}: more than ${MAX_PAGES} pages`);
}
