// One linter and formatter for the whole project: ESLint with typescript-eslint (correctness) and
// @stylistic (layout). Pure JavaScript, so it installs from any npm registry on any platform.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
    // The sandbox CLI, scripts and tests print to stdout on purpose.
    files: ['src/sandbox/main.ts', 'scripts/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
);
