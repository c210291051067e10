// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

/**
 * The layering rule: renderer and shared code run in a browser (or a
 * sandboxed Electron renderer), so they must not reach Node, Electron or the
 * main process. Checked mechanically, as VS Code does by folder.
 */
export const layeringRule = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'electron', message: 'renderer/shared code must not import electron (use the preload bridge).' },
        ...builtinModules.map((name) => ({ name, message: 'renderer/shared code must not import Node built-ins.' })),
      ],
      patterns: [
        { group: ['node:*'], message: 'renderer/shared code must not import Node built-ins.' },
        { group: ['electron/*'], message: 'renderer/shared code must not import electron.' },
        { group: ['**/main/**', '**/src/main', '**/main'], message: 'renderer/shared code must not import src/main.' },
      ],
    },
  ],
};

/**
 * The component boundary: controllers, the scheduler, kubelets (real and
 * hollow) and the Service proxy reach cluster state only through the API
 * client (src/main/client), as Kubernetes' components do through client-go.
 * They must not import the store or the API server's internals; what the
 * API server asks of the node side lives in src/main/node-api.
 */
export const componentBoundaryRule = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        // src/shared/api/storage holds the storage.k8s.io kinds (StorageClass), which components may use.
        { group: ['**/storage', '**/storage/**', '!**/shared/api/storage'], message: 'components reach state only through the API client (src/main/client), never the store (src/main/storage).' },
        { group: ['**/apiserver', '**/apiserver/**'], message: 'components reach state only through the API client (src/main/client), never the API server (src/main/apiserver); shared contracts live in src/main/node-api.' },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/shared/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: layeringRule,
  },
  {
    files: ['src/main/{controller,scheduler,kubelet,kubelet-hollow,proxy}/**/*.ts'],
    rules: componentBoundaryRule,
  },
);
