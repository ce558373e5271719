import { describe, expect, it } from 'vitest';
import { RuleIndex, type Touched } from '../../workers/alerts/rule-index.js';

const touched = (entries: [string, string[]][]): Touched => new Map(entries.map(([gpu, places]) => [gpu, new Set(places)]));

describe('RuleIndex', () => {
  const index = new RuleIndex();
  index.add('east', ['h100-sxm'], ['us-east-1']);
  index.add('west-or-eu', ['h100-sxm'], ['US-West-2', 'europe-central-1']);
  index.add('anywhere', ['h100-sxm', 'h100-pcie'], undefined);
  index.add('glob', ['h100-sxm'], ['us-*']);
  index.add('a100', ['a100-80gb'], ['us-east-1']);

  it('a change in one region wakes that region’s rules and the region-free ones only', () => {
    expect([...index.candidates(touched([['h100-sxm', ['us-east-1']]]))].sort()).toEqual(['anywhere', 'east', 'glob']);
    expect([...index.candidates(touched([['h100-sxm', ['us-west-2']]]))].sort()).toEqual(['anywhere', 'glob', 'west-or-eu']);
  });

  it('matches zones as well as regions, and another GPU’s change wakes none of them', () => {
    expect([...index.candidates(touched([['h100-sxm', ['asia-1', 'europe-central-1']]]))].sort()).toEqual([
      'anywhere',
      'glob',
      'west-or-eu',
    ]);
    expect([...index.candidates(touched([['h100-pcie', ['us-east-1']]]))]).toEqual(['anywhere']);
    expect([...index.candidates(touched([['b200', ['us-east-1']]]))]).toEqual([]);
  });
});
