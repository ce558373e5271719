import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/routes/parse-input.js';
import { ServiceError } from '../../src/services/errors.js';
import { CapacityQuerySchema } from '../../src/schemas/capacity-query.js';
import { OffersQuerySchema } from '../../src/schemas/offers-query.js';

type Schema = typeof CapacityQuerySchema | typeof OffersQuerySchema;

/** The `invalid` error parseQuery throws for `query`; fails the test when it accepts the query. */
function rejection(schema: Schema, query: Record<string, unknown>): ServiceError {
  try {
    parseQuery(schema, query);
  } catch (err) {
    expect(err).toBeInstanceOf(ServiceError);
    const problem = err as ServiceError;
    expect(problem.code).toBe('invalid');
    return problem;
  }
  throw new Error(`parseQuery accepted ${JSON.stringify(query)}`);
}

describe('parseQuery', () => {
  it('parses a valid capacity query with defaults', () => {
    expect(parseQuery(CapacityQuerySchema, { gpu: 'H100', count: '8' })).toEqual({
      gpu: 'H100',
      count: 8,
      sort: 'availability',
      limit: 20,
    });
  });

  it('parses comma lists', () => {
    const q = parseQuery(CapacityQuerySchema, { gpu: 'H100', provider: 'lambda,aws', market: 'on-demand, spot', region: 'us-*,eu-west-1' });
    expect(q.provider).toEqual(['lambda', 'aws']);
    expect(q.market).toEqual(['on-demand', 'spot']);
    expect(q.region).toEqual(['us-*', 'eu-west-1']);
    expect(parseQuery(OffersQuerySchema, { provider: 'lambda,aws' }).provider).toEqual(['lambda', 'aws']);
  });

  it('accepts an absent query on /v1/offers', () => {
    expect(parseQuery(OffersQuerySchema, undefined)).toEqual({ limit: 100 });
  });

  describe('unknown parameters', () => {
    it('names the unknown parameter and lists the allowed ones', () => {
      const problem = rejection(CapacityQuerySchema, { gpu: 'H100', colour: 'green' });
      expect(problem.detail).toContain('colour');
      for (const allowed of ['gpu', 'count', 'region', 'maxPricePerGpuHour', 'availability', 'sort', 'limit']) {
        expect(problem.detail).toContain(allowed);
      }
    });

    it('lists the allowed parameters of the endpoint asked', () => {
      const problem = rejection(OffersQuerySchema, { count: '8' });
      expect(problem.detail).toContain('count');
      expect(problem.detail).toContain('cursor');
    });

    it('is case-sensitive: GPU is not gpu', () => {
      expect(rejection(CapacityQuerySchema, { gpu: 'H100', GPU: 'A100' }).detail).toContain('GPU');
    });
  });

  it('rejects a repeated parameter, naming it', () => {
    const problem = rejection(CapacityQuerySchema, { gpu: 'H100', region: ['us-east-1', 'us-west-1'] });
    expect(problem.detail.startsWith('region:')).toBe(true);
  });

  describe('a bad value is named first in the detail', () => {
    it.each([
      ['count', '0'],
      ['count', 'abc'],
      ['count', '1.5'],
      ['count', '-8'],
      ['limit', '100000'],
      ['limit', '0'],
      ['gpu', 'XYZ'],
      ['gpu', ''],
      ['market', 'bogus'],
      ['market', 'spot,bogus'],
      ['provider', 'nope'],
      ['provider', 'lambda,nope'],
      ['availability', 'maybe'],
      ['sort', 'cheap'],
      ['maxPricePerGpuHour', '-1'],
      ['maxPricePerGpuHour', 'cheap'],
      ['minGpuMemoryGiB', '-80'],
      ['region', 'us east'],
      ['geo', 'mars'],
      ['interconnect', 'carrier-pigeon'],
    ])('%s=%s', (param, value) => {
      const problem = rejection(CapacityQuerySchema, { gpu: 'H100', [param]: value });
      expect(problem.detail.startsWith(`${param}:`)).toBe(true);
    });

    it('says which GPU is unknown', () => {
      expect(rejection(CapacityQuerySchema, { gpu: 'XYZ' }).detail).toContain('XYZ');
    });

    it('needs a gpu on /v1/capacity', () => {
      expect(rejection(CapacityQuerySchema, { count: '8' }).detail.startsWith('gpu:')).toBe(true);
    });

    it('applies the /v1/offers limit', () => {
      expect(parseQuery(OffersQuerySchema, { limit: '1000' }).limit).toBe(1000);
      expect(rejection(OffersQuerySchema, { limit: '100000' }).detail.startsWith('limit:')).toBe(true);
    });

    it('rejects a cursor that is not one of ours', () => {
      expect(rejection(OffersQuerySchema, { cursor: 'not a cursor!' }).detail.startsWith('cursor:')).toBe(true);
    });
  });

  it('returns every problem in `errors`, the first one in `detail`', () => {
    const problem = rejection(CapacityQuerySchema, { gpu: 'H100', count: '0', sort: 'cheap' });
    const errors = problem.errors!;
    expect(errors.map((e) => e.param).sort()).toEqual(['count', 'sort']);
    expect(problem.detail).toBe(errors[0]!.message);
  });
});
