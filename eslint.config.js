// Only the import direction of STYLE.md §3; cycles are madge's job (`npm run lint:cycles`).
// Patterns match the import text, so folders are matched as relative paths (`../../src/store/…`)
// and package names from the start: a package's own `…/src/…` subpath never matches.
import tseslint from 'typescript-eslint';

const RULE = '@typescript-eslint/no-restricted-imports';
const up = String.raw`^(\.\.?/)+`;

const forbid = (regex, message, allowTypeImports = false) => ({ regex, message, caseSensitive: true, allowTypeImports });

const redisAndQueue = forbid('^(ioredis|bullmq)(/|$)', 'Redis and BullMQ belong to src/store and workers/ (STYLE §3).');

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
  {
    files: ['src/routes/**/*.ts'],
    rules: {
      [RULE]: [
        'error',
        {
          patterns: [
            forbid(`${up}adapters/`, 'src/routes call services, never adapters/ (STYLE §3).'),
            forbid(`${up}workers/`, 'src/routes call services, never workers/ (STYLE §3).'),
            redisAndQueue,
          ],
        },
      ],
    },
  },
];
