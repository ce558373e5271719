// Only the import direction of STYLE.md §3; cycles are madge's job (`npm run lint:cycles`).
// Patterns match the import text, so folders are matched as relative paths (`../../src/store/…`)
// and package names from the start: a package's own `…/src/…` subpath never matches.
import tseslint from 'typescript-eslint';

const RULE = '@typescript-eslint/no-restricted-imports';
const up = String.raw`^(\.\.?/)+`;

const forbid = (regex, message, allowTypeImports = false) => ({ regex, message, caseSensitive: true, allowTypeImports });

const redisAndQueue = forbid('^(ioredis|bullmq)(/|$)', 'Redis and BullMQ belong to src/store, src/queues and workers/ (STYLE §3).');

// `exemptConfigModule` names one config/ module a file may import values from (see below).
const adapterPatterns = (exemptConfigModule) => [
  forbid(`${up}src/(?!(domain|lib)/)`, 'adapters/ import only src/domain and src/lib from src/ (STYLE §3).'),
  forbid(`${up}workers/`, 'adapters/ never import workers/ (STYLE §3).'),
  forbid(
    `${up}config/${exemptConfigModule ? `(?!${exemptConfigModule}\\.js$)` : ''}`,
    'adapters/ import only types from config/; settings arrive through the AdapterFactory (STYLE §3).',
    true,
  ),
  redisAndQueue,
  forbid('^(fastify|fastify-plugin|@fastify/[^/]+)(/|$)', 'adapters/ never import fastify (STYLE §3).'),
];

// The one value an adapter takes from config/ directly: CoreWeave has no price API, and DESIGN
// §2 keeps its price table in config/ as data. One module per file; any other import still fails.
const KNOWN_CONFIG_VALUE_IMPORTS = {
  'adapters/coreweave/normalize.ts': 'coreweave-prices',
};

// What each src/ folder may import besides its own files and npm packages: other src/ folders,
// `adapters`, `config` (values) or `config types`, and `redis` (ioredis, BullMQ). src/commands (the
// CLI, the composition root) imports anything; the API process (src/*.ts) anything but adapters/ and workers/.
const SRC_LAYERS = {
  domain: [],
  lib: ['domain', 'config types'],
  schemas: ['domain', 'lib', 'config types'],
  store: ['domain', 'lib', 'config types', 'redis'],
  services: ['domain', 'lib', 'schemas', 'store', 'config'],
  queues: ['domain', 'lib', 'services', 'store', 'config', 'redis'],
  routes: ['domain', 'lib', 'schemas', 'services', 'store', 'config'],
  demo: ['domain', 'lib', 'adapters', 'config'],
};
const FOLDERS = [...Object.keys(SRC_LAYERS), 'commands', 'adapters', 'workers'];

const srcPatterns = (layer, may) => {
  const message = `src/${layer} imports ${may.join(', ') || 'nothing'} beyond its own folder and packages (STYLE §3).`;
  const others = FOLDERS.filter((f) => f !== layer && !may.includes(f));
  return [
    forbid(`${up}(${others.join('|')})/|${up}(app|server|cli)\\.js$`, message),
    ...(may.includes('config') ? [] : [forbid(`${up}config/`, message, may.includes('config types'))]),
    ...(may.includes('redis') ? [] : [redisAndQueue]),
  ];
};

export default [
  {
    files: ['{src,adapters,workers,config}/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
  },
  { files: ['adapters/**/*.ts'], rules: { [RULE]: ['error', { patterns: adapterPatterns() }] } },
  ...Object.entries(KNOWN_CONFIG_VALUE_IMPORTS).map(([file, module]) => ({
    files: [file],
    rules: { [RULE]: ['error', { patterns: adapterPatterns(module) }] },
  })),
  ...Object.entries(SRC_LAYERS).map(([layer, rule]) => ({
    files: [`src/${layer}/**/*.ts`],
    rules: { [RULE]: ['error', { patterns: srcPatterns(layer, rule) }] },
  })),
  {
    files: ['src/*.ts'],
    rules: {
      [RULE]: [
        'error',
        { patterns: [forbid(`${up}(adapters|workers)/`, 'The API process never loads adapters/ or workers/ (STYLE §3).')] },
      ],
    },
  },
  {
    files: ['workers/**/*.ts'],
    rules: {
      [RULE]: [
        'error',
        { patterns: [forbid(`${up}src/(routes|commands|(app|server|cli)\\.js$)`, 'workers/ never import the API or the CLI (STYLE §3).')] },
      ],
    },
  },
];
