import type { FakeOffering, FakeSize, FakeUsage } from './data.js';

// Azure Resource Manager JSON as azure.md §1-4 gives it: Resource SKUs (one item per size and
// region, capability values as strings, `restrictions` always present), usages, Spot Placement
// Scores, and ARM's `{ error: { code, message } }` bodies.

export function armError(code: string, message: string, details: unknown[] = []): string {
  return JSON.stringify({ error: { code, message, target: null, details, additionalInfo: [] } });
}

export const ARM_ERRORS = {
  missingToken: () => armError('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing."),
  invalidToken: () => armError('InvalidAuthenticationToken', 'The access token is invalid.'),
  expiredToken: () =>
    armError(
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${new Date().toUTCString()}' is earlier than current UTC time '${new Date().toUTCString()}'.`,
    ),
  missingApiVersion: () =>
    armError('MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.'),
  subscriptionNotFound: (sub: string) => armError('SubscriptionNotFound', `The subscription '${sub}' could not be found.`),
  notFound: (path: string) => armError('NotFound', `The resource path '${path}' was not found.`),
  throttled: () =>
    armError('OperationNotAllowed', 'The server rejected the request because too many requests have been received for this subscription.', [
      {
        code: 'TooManyRequests',
        target: 'HighCostGet30Min',
        message: JSON.stringify({ operationGroup: 'HighCostGet30Min', allowedRequestCount: 300, measuredRequestCount: 301 }),
      },
    ]),
  forbidden: (sub: string) =>
    armError(
      'AuthorizationFailed',
      "The client does not have authorization to perform action 'Microsoft.Compute/skus/read' " +
        `over scope '/subscriptions/${sub}' or the scope is invalid.`,
    ),
  unavailable: () => armError('ServiceUnavailable', 'The service is temporarily unavailable.'),
};

export function skuItem(region: string, size: FakeSize, o: FakeOffering): Record<string, unknown> {
  const caps: [string, string][] = [
    ['MaxResourceVolumeMB', '29327360'],
    ['vCPUs', String(size.vcpus)],
    ['HyperVGenerations', 'V2'],
    ['MemoryGB', String(size.memoryGb)],
    ['CpuArchitectureType', 'x64'],
    ['LowPriorityCapable', size.spot ? 'True' : 'False'],
    ['PremiumIO', 'True'],
    ['VMDeploymentTypes', 'IaaS'],
    ['vCPUsAvailable', String(size.vcpus)],
    ...(size.gpus === undefined ? [] : ([['GPUs', String(size.gpus)]] as [string, string][])),
    ['vCPUsPerCore', '1'],
    ['AcceleratedNetworkingEnabled', 'True'],
  ];
  return {
    resourceType: 'virtualMachines',
    name: size.name,
    tier: 'Standard',
    size: size.name.replace(/^Standard_/, ''),
    family: size.family,
    locations: [region],
    locationInfo: [{ location: region, zones: o.zones, zoneDetails: [] }],
    capabilities: caps.map(([name, value]) => ({ name, value })),
    restrictions: (o.restrictions ?? []).map((r) => ({
      type: r.type,
      values: [region],
      restrictionInfo: r.type === 'Zone' ? { locations: [region], zones: r.zones ?? [] } : { locations: [region] },
      reasonCode: r.reasonCode ?? 'NotAvailableForSubscription',
    })),
  };
}

/** A non-VM resource SKU, as the unfiltered list mixes them in. */
export function diskSkuItem(region: string): Record<string, unknown> {
  return {
    resourceType: 'disks',
    name: 'Premium_LRS',
    tier: 'Premium',
    size: 'P1',
    family: 'PremiumSSD',
    locations: [region],
    locationInfo: [{ location: region, zones: ['1', '2', '3'], zoneDetails: [] }],
    capabilities: [{ name: 'MaxSizeGiB', value: '4' }],
    restrictions: [],
  };
}

export function usageItem([name, limit, current]: FakeUsage): Record<string, unknown> {
  return { unit: 'Count', currentValue: current, limit, name: { value: name, localizedValue: name } };
}
