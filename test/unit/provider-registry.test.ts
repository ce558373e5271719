import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../adapters/index.js';

// adapters/registry.ts against the folders under adapters/: a provider folder is one with a
// provider.ts; shared folders (the fake kit) have neither provider.ts nor index.ts.
const adaptersDir = fileURLToPath(new URL('../../adapters/', import.meta.url));
const folders = readdirSync(adaptersDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const has = (folder: string, file: string) => existsSync(join(adaptersDir, folder, file));

describe('provider registry', () => {
  it('lists every provider folder, and only those', () => {
    const providerFolders = folders.filter((f) => has(f, 'provider.ts'));
    expect(PROVIDERS.map((p) => p.id).sort()).toEqual(providerFolders.sort());
  });

  it('has no adapter folder without its provider.ts', () => {
    expect(folders.filter((f) => has(f, 'index.ts') && !has(f, 'provider.ts'))).toEqual([]);
  });

  it('has unique ids, each the name of its folder and usable in env names', () => {
    const ids = PROVIDERS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z][a-z0-9]*$/);
      expect(folders).toContain(id);
    }
  });

  it.each(PROVIDERS.map((p) => [p.id, p] as const))('%s has its aliases, fake and demo scenario', (id, p) => {
    expect(p.name.trim()).not.toBe('');
    expect(p.aliases.provider).toBe(id);
    expect(Object.keys(p.aliases.table).length).toBeGreaterThan(0);
    expect(typeof p.fake.start).toBe('function');
    expect(typeof p.fake.env).toBe('function');
    expect(typeof p.demo).toBe('function');
    for (const file of ['aliases.ts', 'demo.ts']) expect(has(id, file), `adapters/${id}/${file}`).toBe(true);
    expect(has(id, 'fake.ts') || has(id, 'fake/index.ts'), `adapters/${id}/fake`).toBe(true);
  });
});

describe('README', () => {
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

  it('names every registered provider in its "Providers today" line', () => {
    const line = /^Providers today:([\s\S]*?)\n\n/m.exec(readme)?.[1] ?? '';
    expect(PROVIDERS.filter((p) => !line.includes(`**${p.name}**`)).map((p) => p.name)).toEqual([]);
  });
});
