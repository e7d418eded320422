// One linter and formatter for the whole project: ESLint with typescript-eslint (correctness) and
// @stylistic (layout). Pure JavaScript, so it installs from any npm registry on any platform.
import { readdirSync, readFileSync } from 'node:fs';
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The other layers, which the Drata boundary (src/drata/) never imports.
const ABOVE_DRATA = [
  './src/tools',
  './src/personnel',
  './src/report',
  './src/resources',
  './src/prompts',
  './src/transports',
  './src/server.ts',
];

// Pure data tables, allowed past 300 lines (also named in the README's map).
const DATA_TABLES = ['src/sandbox/people-data.ts'];

// The tool files: the ones in src/tools/ that define a tool. Every other file there is a shared piece
// (types, errors, params, confirmation, approval, write outcomes) that any tool may import.
const TOOL_FILES = readdirSync(new URL('./src/tools/', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .filter((f) => readFileSync(new URL(`./src/tools/${f}`, import.meta.url), 'utf8').includes('defineTool({'))
  .map((f) => `./src/tools/${f}`);

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'bench-results/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  stylistic.configs.customize({
    indent: 2,
    quotes: 'single',
    semi: true,
    commaDangle: 'always-multiline',
    braceStyle: '1tbs',
    arrowParens: true,
    quoteProps: 'as-needed',
  }),
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // stdout is JSON-RPC on stdio: logs go to stderr through the logger.
      'no-console': ['error', { allow: ['error', 'warn'] }],
      '@stylistic/max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
      // Keep the layout the code already has: operators end the line, ?: start it.
      '@stylistic/operator-linebreak': [
        'error',
        'after',
        { overrides: { '?': 'before', ':': 'before', '|': 'before', '&': 'before' } },
      ],
      // Input checks reject control characters on purpose (paths, emails, headers).
      'no-control-regex': 'off',
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The MCP Apps run in the host's browser frame.
    files: ['src/apps/ui/**', 'test/browser/host-page.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Structure rules: small files and functions, one-way imports, no cycles (`npm run lint` is the check).
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Sources import `./x.js`; the file on disk is `./x.ts`.
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.js', '.json'], extensionAlias: { '.js': ['.ts', '.js'] } }),
      ],
    },
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false, IIFEs: true }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/drata',
              from: ABOVE_DRATA,
              message: 'src/drata/ is the HTTP boundary: it imports nothing from the layers above it.',
            },
            {
              // One tool per file: what tools share lives in the non-tool files of src/tools/ (params.ts …).
              target: TOOL_FILES,
              from: TOOL_FILES,
              message: 'A tool file imports no other tool file: move the shared piece to src/tools/params.ts.',
            },
            {
              // The sandbox is a bounded module: it needs only the Drata vocabulary and the logger.
              target: './src/sandbox',
              from: './src',
              except: ['./sandbox', './drata/catalog.ts', './logger.ts'],
              message: 'The sandbox is self-contained: it imports only src/drata/catalog.ts and src/logger.ts.',
            },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/sandbox/*'],
              message: 'Only src/index.ts reaches the sandbox, through a lazy import().',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/drata/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@modelcontextprotocol/*'],
              message: 'src/drata/ is free of MCP: the server, tools and resources adapt it to MCP.',
            },
          ],
        },
      ],
    },
  },
  {
    // Inside the sandbox, its own modules import each other freely.
    files: ['src/sandbox/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: DATA_TABLES,
    rules: { 'max-lines': 'off' },
  },
  {
    // The sandbox CLI, scripts and tests print to stdout on purpose.
    files: ['src/sandbox/main.ts', 'scripts/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
);
