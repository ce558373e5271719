import { describe, expect, it } from 'vitest';
import { lambdaGpus } from '../../adapters/lambda/aliases.js';
import { runpodGpus } from '../../adapters/runpod/aliases.js';
import { PROVIDERS } from '../../adapters/index.js';
import { GPU_MODELS, aliasKey, gpuAliases, gpuById, gpuIdsForQuery } from '../../src/domain/gpu-models.js';

const REQUIRED = [
  'B300',
  'B200',
  'GB200',
  'H200',
  'H100-SXM',
  'H100-PCIe',
  'H100-NVL',
  'GH200',
  'A100-40GB-SXM',
  'A100-40GB-PCIe',
  'A100-80GB-SXM',
  'A100-80GB-PCIe',
  'L40S',
  'L40',
  'L4',
  'A10',
  'A10G',
  'A6000',
  'RTX6000-Ada',
  'RTX4090',
  'RTX5090',
  'V100-16GB',
  'V100-32GB',
  'T4',
  'MI300X',
];

describe('the GPU table', () => {
  it.each(REQUIRED)('knows %s', (id) => {
    expect(GPU_MODELS.map((g) => g.id)).toContain(id);
    expect(gpuById(id)?.id).toBe(id);
  });

  it('has unique ids, case-insensitively', () => {
    const ids = GPU_MODELS.map((g) => g.id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never maps one provider name to two GPUs', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { id: provider, aliases } of PROVIDERS) {
      for (const [gpu, names] of Object.entries(aliases.table)) {
        for (const name of names) {
          const key = `${provider}:${aliasKey(name)}`;
          const other = seen.get(key);
          if (other && other !== gpu) clashes.push(`${key} → ${other} and ${gpu}`);
          seen.set(key, gpu);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('refuses an alias table naming a GPU the table does not have', () => {
    expect(() => gpuAliases('acme', { 'H100-SXM': ['H100'], H999: ['H999'] })).toThrow(/unknown canonical GPU id H999/);
  });

  it('keeps form factors and memory sizes apart', () => {
    expect(gpuById('H100-SXM')?.interconnect).toBe('nvlink');
    expect(gpuById('H100-PCIe')?.interconnect).toBe('pcie');
    expect(gpuById('A100-40GB-SXM')?.memoryGiB).toBe(40);
    expect(gpuById('A100-80GB-SXM')?.memoryGiB).toBe(80);
    expect(gpuById('MI300X')?.vendor).toBe('amd');
  });
});

describe('gpuIdsForQuery', () => {
  it('answers a family with every variant', () => {
    expect(gpuIdsForQuery('H100').sort()).toEqual(['H100-NVL', 'H100-PCIe', 'H100-SXM']);
  });

  it('answers a full variant, in any case, with that variant only', () => {
    expect(gpuIdsForQuery('h100-sxm')).toEqual(['H100-SXM']);
  });

  it('answers a partial variant with the variants under it', () => {
    expect(gpuIdsForQuery('A100-80GB').sort()).toEqual(['A100-80GB-PCIe', 'A100-80GB-SXM']);
    expect(gpuIdsForQuery('A100').sort()).toEqual(['A100-40GB-PCIe', 'A100-40GB-SXM', 'A100-80GB-PCIe', 'A100-80GB-SXM']);
  });

  it('does not treat a model name as a prefix of another (A10 is not A100 nor A10G)', () => {
    expect(gpuIdsForQuery('A10')).toEqual(['A10']);
    expect(gpuIdsForQuery('L40')).toEqual(['L40']);
    expect(gpuIdsForQuery('H100')).not.toContain('GH200');
  });

  it('ignores surrounding spaces', () => {
    expect(gpuIdsForQuery('  T4 ')).toEqual(['T4']);
  });

  it('answers an unknown or empty term with nothing', () => {
    expect(gpuIdsForQuery('XYZ')).toEqual([]);
    expect(gpuIdsForQuery('H10')).toEqual([]);
    expect(gpuIdsForQuery('')).toEqual([]);
    expect(gpuIdsForQuery('   ')).toEqual([]);
  });
});

describe('gpuAliases(...).resolve', () => {
  it('resolves a provider name ignoring case and spacing', () => {
    expect(lambdaGpus.resolve('  h100 (80 gb  SXM5) ')?.id).toBe('H100-SXM');
    expect(lambdaGpus.resolve('H100 (80 GB PCIe)')?.id).toBe('H100-PCIe');
    expect(lambdaGpus.resolve('A100 (40 GB SXM4)')?.id).toBe('A100-40GB-SXM');
    expect(lambdaGpus.resolve('A100 (80 GB SXM4)')?.id).toBe('A100-80GB-SXM');
  });

  it('never guesses an unknown name from a similar one', () => {
    expect(lambdaGpus.resolve('H100 (80 GB SXM6)')).toBeUndefined();
    expect(lambdaGpus.resolve('H100')).toBeUndefined();
    expect(lambdaGpus.resolve('Quantum Q1 (1 TB)')).toBeUndefined();
  });

  it('resolves an alias only for the provider that uses it', () => {
    expect(runpodGpus.resolve('H100 (80 GB SXM5)')).toBeUndefined();
  });
});
