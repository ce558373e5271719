import type { Reply } from '../../fake-kit/server.js';
import { API, ERRORS, acceleratorItem, googleError, machineTypeItem, nameFilter, pageOffset, type Item } from './compute.js';
import { MACHINE_TYPES, MAX_CARDS, type FakeZone } from './data.js';

// Compute's aggregated lists (gcp.md §2-3): accelerator and machine types of every zone, name
// filters, and pages keyed by scope with NO_RESULTS_ON_PAGE warnings and nextPageToken.

type Kind = 'acceleratorTypes' | 'machineTypes';

/** `pageSize` caps items per page whatever maxResults asks, to force pagination. */
export function aggregatedList(kind: Kind, project: string, zones: FakeZone[], q: URLSearchParams, pageSize = 500): Reply {
  const match = nameFilter(q.get('filter'));
  if (!match) return { status: 400, body: ERRORS.badFilter(q.get('filter') ?? '') };
  const offset = pageOffset(q.get('pageToken'));
  if (offset === undefined) return { status: 400, body: googleError(400, 'INVALID_ARGUMENT', 'Invalid page token.', 'invalid') };
  const entries: [string, Item][] = [];
  for (const z of zones) {
    const machineType = (name: string) =>
      machineTypeItem(
        project,
        z.name,
        MACHINE_TYPES.find((m) => m.name === name)!,
      );
    const items =
      kind === 'acceleratorTypes'
        ? z.accelerators.map((a) => acceleratorItem(project, z.name, a, MAX_CARDS[a] ?? 8))
        : z.machineTypes.map(machineType);
    for (const item of items.filter((i) => match(i.name))) entries.push([`zones/${z.name}`, item]);
  }
  const max = Math.min(Number(q.get('maxResults') || 500), pageSize);
  return { status: 200, body: JSON.stringify(aggregatedPage(kind, project, zones, entries, offset, max)) };
}

/**
 * One page of an aggregated list: `entries` ([scope, item]) in order, `maxResults` per page.
 * Every scope of the project appears on every page, empty ones with a warning, as Google does.
 */
function aggregatedPage(
  kind: Kind,
  project: string,
  zones: FakeZone[],
  entries: [string, Item][],
  offset: number,
  maxResults: number,
): Record<string, unknown> {
  const page = entries.slice(offset, offset + maxResults);
  const items: Record<string, unknown> = {};
  for (const z of zones) {
    const scope = `zones/${z.name}`;
    const here = page.filter(([s]) => s === scope).map(([, item]) => item);
    items[scope] = here.length
      ? { [kind]: here }
      : {
          warning: {
            code: 'NO_RESULTS_ON_PAGE',
            message: `There are no results for scope '${scope}' on this page.`,
            data: [{ key: 'scope', value: scope }],
          },
        };
  }
  const next = offset + maxResults < entries.length ? Buffer.from(`offset:${offset + maxResults}`).toString('base64url') : undefined;
  return {
    kind: kind === 'acceleratorTypes' ? 'compute#acceleratorTypeAggregatedList' : 'compute#machineTypeAggregatedList',
    id: `projects/${project}/aggregated/${kind}`,
    items,
    ...(next ? { nextPageToken: next } : {}),
    selfLink: `${API}/projects/${project}/aggregated/${kind}`,
  };
}
