import { buildSchema, graphql, type ExecutionResult } from 'graphql';
import { DATA_CENTERS, stockFor, type RunpodFakeGpu, type RunpodFakeStock } from './market.js';

// The part of RunPod's (deprecated) GraphQL API that catalog readers use, executed by
// graphql-js against a real schema: queries are parsed and validated, never string-matched.
// Field names follow runpod.md; the error `extensions.code` values are Apollo-style and ours.

const schema = buildSchema(`
  type Query {
    gpuTypes(input: GpuTypeFilter): [GpuType!]!
    dataCenters: [DataCenter!]!
    countryCodes: [String]
  }
  input GpuTypeFilter { id: String, cluster: Boolean }
  input GpuLowestPriceInput {
    gpuCount: Int, secureCloud: Boolean, dataCenterId: String, countryCode: String,
    minDisk: Int, minMemoryInGb: Int, minVcpuCount: Int, minCudaVersion: String
  }
  type DataCenter { id: String!, name: String, listed: Boolean }
  type GpuType {
    id: String!, displayName: String, manufacturer: String, memoryInGb: Int,
    secureCloud: Boolean, communityCloud: Boolean,
    securePrice: Float, communityPrice: Float, secureSpotPrice: Float, communitySpotPrice: Float,
    maxGpuCount: Int, maxGpuCountSecureCloud: Int, maxGpuCountCommunityCloud: Int,
    lowestPrice(input: GpuLowestPriceInput): LowestPrice
  }
  type LowestPrice {
    minimumBidPrice: Float, uninterruptablePrice: Float, stockStatus: String,
    maxUnreservedGpuCount: Int, availableGpuCounts: [Int]
  }
`);

interface LowestPriceInput {
  gpuCount?: number;
  secureCloud?: boolean;
  dataCenterId?: string;
}

const STATUS = { HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low', NONE: null } as const;

function gpuType(g: RunpodFakeGpu, stock: RunpodFakeStock[]) {
  return {
    id: g.id,
    displayName: g.name,
    manufacturer: g.manufacturer === 'AMD' ? 'AMD' : 'Nvidia',
    memoryInGb: g.memory,
    secureCloud: g.secure,
    communityCloud: g.community,
    securePrice: g.price.secure || null,
    communityPrice: g.price.community || null,
    secureSpotPrice: g.spot.secure,
    communitySpotPrice: g.spot.community,
    maxGpuCount: Math.max(g.maxCount.secure, g.maxCount.community),
    maxGpuCountSecureCloud: g.maxCount.secure,
    maxGpuCountCommunityCloud: g.maxCount.community,
    // graphql-js calls function-valued fields with the field's arguments.
    lowestPrice: ({ input = {} }: { input?: LowestPriceInput }) => {
      const cloud = input.secureCloud === false ? 'COMMUNITY' : 'SECURE';
      const key = cloud === 'SECURE' ? 'secure' : 'community';
      const { dataCenters } = stockFor(stock, g.id, cloud, input.gpuCount ?? 1);
      const here = dataCenters.filter((d) => !input.dataCenterId || d.id === input.dataCenterId);
      const level = here.find((d) => d.availability !== 'NONE')?.availability ?? 'NONE';
      const inStock = level !== 'NONE';
      const counts = [1, 2, 4, 8].filter((n) =>
        stockFor(stock, g.id, cloud, n).dataCenters.some(
          (d) => d.availability !== 'NONE' && (!input.dataCenterId || d.id === input.dataCenterId),
        ),
      );
      return {
        stockStatus: STATUS[level],
        uninterruptablePrice: inStock ? g.price[key] || null : null,
        minimumBidPrice: inStock ? g.spot[key] : null,
        maxUnreservedGpuCount: counts.at(-1) ?? 0,
        availableGpuCounts: counts,
      };
    },
  };
}

export async function executeGraphql(body: unknown, gpus: RunpodFakeGpu[], stock: RunpodFakeStock[]): Promise<ExecutionResult> {
  const { query, variables, operationName } = (body ?? {}) as {
    query?: unknown;
    variables?: Record<string, unknown>;
    operationName?: string;
  };
  if (typeof query !== 'string')
    return { errors: [{ message: 'Must provide query string.', extensions: { code: 'BAD_REQUEST' } }] as never };
  const rootValue = {
    gpuTypes: ({ input }: { input?: { id?: string } }) => gpus.filter((g) => !input?.id || g.id === input.id).map((g) => gpuType(g, stock)),
    dataCenters: () => Object.entries(DATA_CENTERS).map(([id, dc]) => ({ id, name: dc.name, listed: true })),
    countryCodes: () => [...new Set(Object.values(DATA_CENTERS).map((dc) => dc.country))],
  };
  const result = await graphql({ schema, source: query, rootValue, variableValues: variables, operationName });
  if (!result.errors || result.data) return result;
  // A query that never ran: syntax or validation, as Apollo Server labels them.
  const code = result.errors.some((e) => e.message.startsWith('Syntax Error')) ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED';
  return { errors: result.errors.map((e) => ({ ...e.toJSON(), extensions: { code } })) as never };
}
