// typescript-eslint's recommended rules, a 140-character line limit, and the import direction of
// STYLE.md §3; cycles are madge's job (`npm run lint:cycles`), formatting Prettier's.
// Patterns match the import text, so folders are matched as relative paths (`../../src/store/…`)
// and package names from the start: a package's own `…/src/…` subpath never matches.
import tseslint from 'typescript-eslint';

const RULE = '@typescript-eslint/no-restricted-imports';
const up = String.raw`^(\.\.?/)+`;

const forbid = (regex, message, allowTypeImports = false) => ({ regex, message, caseSensitive: true, allowTypeImports });

const redisAndQueue = forbid('^(ioredis|bullmq)(/|$)', 'Redis and BullMQ belong to src/store, src/queues and workers/ (STYLE §3).');

const adapterPatterns = [
  forbid(`${up}src/(?!(domain|lib)/)`, 'adapters/ import only src/domain and src/lib from src/ (STYLE §3).'),
  forbid(`${up}workers/`, 'adapters/ never import workers/ (STYLE §3).'),
  forbid(`${up}config/`, 'adapters/ never import config/ (config imports the registry); settings arrive as cfg.settings.'),
  redisAndQueue,
  forbid('^(fastify|fastify-plugin|@fastify/[^/]+)(/|$)', 'adapters/ never import fastify (STYLE §3).'),
];

// What each src/ folder may import besides its own files and npm packages: other src/ folders,
// `adapters`, `config` (values) or `config types`, and `redis` (ioredis, BullMQ). src/commands (the
// CLI, the composition root) imports anything; the API process (src/*.ts) anything but adapters/ and workers/.
const SRC_LAYERS = {
  domain: [],
  lib: ['domain', 'config types'],
  // The provider ids a query or report may name come from the registry, through config/.
  schemas: ['domain', 'lib', 'config'],
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
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ['{src,adapters,workers,config,test,bench}/**/*.ts'] })),
  {
    files: ['{src,adapters,workers,config,test,bench}/**/*.ts'],
    rules: {
      // Prettier wraps code at 140; this catches the strings and comments it cannot wrap.
      'max-len': ['error', { code: 140, ignoreUrls: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  // Tests may reach into untyped wire payloads; product code may not.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['adapters/**/*.ts'], rules: { [RULE]: ['error', { patterns: adapterPatterns }] } },
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
