// Lint enforces the runtime layering: only electron/main and electron/preload may import
// 'electron'; renderer/ and shared/ run in the sandboxed renderer too and may not use Node APIs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { builtinModules } from 'node:module';

const electronBan = {
  name: 'electron',
  message:
    "Only electron/main and electron/preload may import 'electron' (the engine must run without it).",
};
const electronPattern = {
  group: ['electron/*'],
  message: "Only electron/main and electron/preload may import 'electron'.",
};
const nodeBan = {
  paths: builtinModules.map((name) => ({
    name,
    message: 'renderer/ and shared/ must not use Node built-ins; put this in electron/engine.',
  })),
  patterns: [
    {
      group: ['node:*'],
      message: 'renderer/ and shared/ must not use Node built-ins; put this in electron/engine.',
    },
    electronPattern,
  ],
};

// Electron main is only the shell: the engine runs in its own process, and main reaches it over
// the engine's link like any front end. Main may use the link, a few platform helpers and the
// app:// file server; types from anywhere. test/unit/shell-layering.test.ts also checks the bundle.
const SHELL_MAY_IMPORT =
  '^(\\.\\./)+engine/(?!(link/[^/]+|errors|platform/(app-paths|atomic-file|file-logger|heap-tuning-init|logger|uncaught-guard)|rpc/(security-headers|static-files))$)';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'resources/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [electronPattern] }],
    },
  },
  {
    // The Electron test double is checked against Electron's own types (type imports only).
    files: [
      'electron/main/**',
      'electron/preload/**',
      'test/e2e/**',
      'test/helpers/electron-double/**',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['electron/main/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: SHELL_MAY_IMPORT,
              allowTypeImports: true,
              message:
                'Electron main is only the shell: engine code runs in the engine process (electron/engine/host). Reach it through electron/engine/link.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**', 'shared/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronBan, ...nodeBan.paths], patterns: nodeBan.patterns },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
);
