import type { Reply } from '../../fake-kit/server.js';
import { ARM_ERRORS, armError, diskSkuItem, skuItem, usageItem } from './arm.js';
import { SIZES, type FakeOffering, type FakeUsage } from './data.js';

// The Resource Manager calls the fake answers (azure.md §1-4): Resource SKUs with nextLink
// paging, usages per location, and Spot Placement Scores, under one subscription.

export interface ArmState {
  origin: string;
  subscription: string;
  skuPageSize: number;
  offerings: Record<string, FakeOffering[]>;
  usages: Record<string, FakeUsage[]>;
  /** `region/size` or `region/size@count` → score. */
  scores: Record<string, string>;
}

const json = (status: number, body: unknown): Reply => ({ status, body: JSON.stringify(body) });

function skus(s: ArmState, path: string, q: URLSearchParams): Reply {
  const filter = q.get('$filter');
  const m = filter ? /^\s*location\s+eq\s+'([^']+)'\s*$/i.exec(filter) : null;
  if (filter && !m)
    return { status: 400, body: armError('InvalidFilter', `The filter '${filter}' is not supported. Only location eq 'x' is.`) };
  const items: Record<string, unknown>[] = [];
  for (const region of m ? [m[1]!.toLowerCase()] : Object.keys(s.offerings)) {
    for (const o of s.offerings[region] ?? [])
      items.push(
        skuItem(
          region,
          SIZES.find((x) => x.name === o.size)!,
          o,
        ),
      );
    if (s.offerings[region]) items.push(diskSkuItem(region));
  }
  const skip = Number(Buffer.from(q.get('$skiptoken') ?? '', 'base64url').toString() || 0);
  let nextLink: string | null = null;
  if (skip + s.skuPageSize < items.length) {
    const next = new URLSearchParams(q);
    next.set('$skiptoken', Buffer.from(String(skip + s.skuPageSize)).toString('base64url'));
    nextLink = `${s.origin}${path}?${next.toString()}`;
  }
  return json(200, { value: items.slice(skip, skip + s.skuPageSize), nextLink });
}

interface SpotInput {
  desiredLocations?: string[];
  desiredSizes?: { sku: string }[];
  desiredCount?: unknown;
}

function spot(s: ArmState, body: SpotInput | undefined): Reply {
  const locations = body?.desiredLocations ?? [];
  const sizes = (body?.desiredSizes ?? []).map((x) => x.sku);
  const count = Number(body?.desiredCount);
  if (!locations.length || locations.length > 8 || !sizes.length || sizes.length > 5 || !(count > 0)) {
    const message = 'Up to 8 desiredLocations and 5 desiredSizes, and a positive desiredCount, are required.';
    return json(400, { error: { code: 'InvalidParameter', message, target: 'spotPlacementScoresInput' } });
  }
  const placementScores = locations.flatMap((region) =>
    sizes.map((sku) => {
      const score = s.scores[`${region}/${sku}@${count}`] ?? s.scores[`${region}/${sku}`] ?? 'DataNotFoundOrStale';
      return { sku, region, score, isQuotaAvailable: true };
    }),
  );
  return json(200, { ...body, placementScores });
}

export function armRoute(s: ArmState, method: string, path: string, q: URLSearchParams, body: unknown): Reply {
  const notFound = { status: 404, body: ARM_ERRORS.notFound(path) };
  const m = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Compute\/(.+)$/i.exec(path);
  if (!m) return notFound;
  if (m[1] !== s.subscription) return { status: 404, body: ARM_ERRORS.subscriptionNotFound(m[1]!) };
  if (!q.get('api-version')) return { status: 400, body: ARM_ERRORS.missingApiVersion() };
  const rest = m[2]!;
  if (method === 'GET' && rest === 'skus') return skus(s, path, q);
  const u = /^locations\/([^/]+)\/usages$/.exec(rest);
  if (method === 'GET' && u) return json(200, { value: (s.usages[u[1]!] ?? []).map(usageItem) });
  const p = /^locations\/([^/]+)\/placementScores\/spot\/generate$/.exec(rest);
  if (method === 'POST' && p) return spot(s, body as SpotInput | undefined);
  return notFound;
}
