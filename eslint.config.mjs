// ESLint flat config. Two jobs: keep the layers apart (app ⟂ electron/renderer/main,
// renderer ⟂ node/electron/app-except-contract, sandbox ⟂ app) and apply the Electron/React
// security rules of ../shared/docs/security-research.md §2.2. Each plugin is registered once
// and its rules are listed explicitly (spreading the sdl/security shareable configs redefines
// plugins, see that section).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import electronSecurity from 'eslint-plugin-electron-security';
import sdl from '@microsoft/eslint-plugin-sdl';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), ...builtinModules.map((m) => `node:${m}`)];
const testFiles = ['**/*.test.ts', '**/*.test.tsx', '**/test-support/**'];

export const layerRules = {
  app: {
    paths: [{ name: 'electron', message: 'app/ is the Electron-free core: the shells in main/ host it.' }],
    patterns: [
      { caseSensitive: true, regex: '(^|/)(renderer|main)(/|$)', message: 'app/ may not import the renderer or the shells (dependencies point inward).' },
      { caseSensitive: true, regex: '(^|/)sandbox(/|$)', message: 'app/ shares no code with the sandbox CRM, so a client bug is never mirrored by its test peer.' },
    ],
  },
  renderer: {
    paths: [
      { name: 'electron', message: 'The renderer talks only to the contract.' },
      ...nodeBuiltins.map((name) => ({ name, message: 'No Node in the renderer.' })),
    ],
    patterns: [
      { caseSensitive: true, regex: '(^|/)app/(?!contract(/|$))', message: 'The renderer may import only app/contract from the core.' },
      { caseSensitive: true, regex: '(^|/)app$', message: 'The renderer may import only app/contract from the core.' },
      { caseSensitive: true, regex: '(^|/)(main|sandbox)(/|$)', message: 'The renderer may not import the shells or the sandbox.' },
      { caseSensitive: true, regex: '^node:', message: 'No Node in the renderer.' },
    ],
  },
  sandbox: {
    paths: [{ name: 'electron', message: 'The sandbox is a plain Node server.' }],
    patterns: [
      { caseSensitive: true, regex: '(^|/)(app|main|renderer)(/|$)', message: 'sandbox/ shares no code with the client.' },
    ],
  },
  main: {
    paths: [],
    patterns: [{ caseSensitive: true, regex: '(^|/)(renderer|sandbox)(/|$)', message: 'The shells host app/; they do not import the renderer or the sandbox.' }],
  },
};

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', '.tsbuild/**', 'release/**', 'bench/results/**', 'test-results/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    plugins: { '@microsoft/sdl': sdl, 'no-unsanitized': noUnsanitized, 'electron-security': electronSecurity },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@microsoft/sdl/no-insecure-url': ['error', { exceptions: ['^http://127\\.0\\.0\\.1', '^http://localhost', '^ws://127\\.0\\.0\\.1', '^ws://localhost', '^http://\\[::1\\]', '^http://www\\.w3\\.org/', '^http://schemas\\.'] }],
      '@microsoft/sdl/no-inner-html': 'error',
      '@microsoft/sdl/no-document-write': 'error',
      '@microsoft/sdl/no-postmessage-star-origin': 'error',
      '@microsoft/sdl/no-electron-node-integration': 'error',
      'no-unsanitized/method': 'error',
      'no-unsanitized/property': 'error',
      'electron-security/no-node-integration-for-remote-content': 'error',
      'electron-security/no-context-isolation-disabled': 'error',
      'electron-security/no-sandbox-disabled': 'error',
      'electron-security/no-web-security-disabled': 'error',
      'electron-security/no-allow-running-insecure-content': 'error',
      'electron-security/no-experimental-features': 'error',
      'electron-security/no-enable-blink-features': 'error',
      'electron-security/no-webview-allowpopups': 'error',
      'electron-security/no-file-protocol-load-url': 'error',
      // isSafeExternalUrl (main/electron/external-url.ts) admits https: and mailto: only.
      'electron-security/no-open-external-with-dynamic-url': ['error', { urlValidators: ['isSafeExternalUrl'] }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['app/**/*.ts'],
    ignores: testFiles,
    rules: { 'no-restricted-imports': ['error', layerRules.app] },
  },
  {
    files: ['sandbox/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', layerRules.sandbox] },
  },
  {
    files: ['main/**/*.ts'],
    ignores: testFiles,
    rules: { 'no-restricted-imports': ['error', layerRules.main] },
  },
  {
    files: ['main/electron/**/*.ts'],
    ignores: testFiles,
    rules: {
      'electron-security/require-ipc-sender-validation': 'error',
      'electron-security/require-navigation-allowlist': 'error',
      'electron-security/require-window-open-handler': 'error',
      'electron-security/require-permission-request-handler': 'error',
      'electron-security/require-safe-webview-attachment': 'error',
      'electron-security/no-insecure-load-url': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { react, 'react-hooks': reactHooks },
    settings: { react: { version: '19' } },
    rules: {
      'no-restricted-imports': ['error', layerRules.renderer],
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat['jsx-runtime'].rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'react/no-danger': 'error',
      'react/iframe-missing-sandbox': 'error',
      'react/jsx-no-script-url': 'error',
      'react/jsx-no-target-blank': 'error',
      'react/prop-types': 'off',
    },
  },
  {
    files: [...testFiles, 'e2e/**/*.ts'],
    // Tests talk to deliberately hostile origins like http://evil.example.
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@microsoft/sdl/no-insecure-url': 'off' },
  },
);
