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
 * hollow), the Service proxy and the Ingress controller reach cluster state
 * only through the API client (src/main/client), as Kubernetes' components
 * do through client-go. They must not import the store or the API server's
 * internals (what the API server asks of the node side lives in
 * src/main/node-api), nor the cluster wiring (src/main/cluster/cluster.ts,
 * components.ts): the contract they are started with is
 * src/main/client/component.ts.
 */
const stateOnlyThroughClient = [
  // src/shared/api/storage holds the storage.k8s.io kinds (StorageClass), which components may use.
  { group: ['**/storage', '**/storage/**', '!**/shared/api/storage'], message: 'components reach state only through the API client (src/main/client), never the store (src/main/storage).' },
  { group: ['**/apiserver', '**/apiserver/**'], message: 'components reach state only through the API client (src/main/client), never the API server (src/main/apiserver); shared contracts live in src/main/node-api.' },
  { group: ['**/cluster/cluster', '**/cluster/components'], message: 'components are started with the contract in src/main/client/component.ts and never import the cluster wiring (src/main/cluster).' },
];

/**
 * Control plane and node side stay apart, as kube-controller-manager and
 * the kubelet are separate programs: controllers and the scheduler never
 * import the kubelet, the proxy, the Ingress controller or the Docker engine
 * code (engine access is handed in, e.g. the local-path VolumeBackend), and
 * the kubelets never import controllers or the scheduler. What both sides
 * share lives in src/main/client, src/main/node-api or src/shared.
 */
const controlPlaneApart = [
  { group: ['**/kubelet', '**/kubelet/**', '**/proxy', '**/proxy/**', '**/ingress', '**/ingress/**', '**/docker', '**/docker/**'], message: 'controllers and the scheduler do not import the node side (kubelet, proxy, ingress, docker); they meet it through the API.' },
];
const nodeSideApart = [
  { group: ['**/controller', '**/controller/**', '**/scheduler', '**/scheduler/**'], message: 'the kubelet does not import controllers or the scheduler; they meet it through the API.' },
];

/**
 * componentBoundaryRule restricts a component's imports: never the store, the API server or the cluster wiring, nor what `extra` adds.
 * @param {{ group: string[]; message: string }[]} [extra]
 */
export function componentBoundaryRule(extra = []) {
  return { 'no-restricted-imports': ['error', { patterns: [...stateOnlyThroughClient, ...extra] }] };
}

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
    files: ['src/main/{proxy,ingress}/**/*.ts'],
    rules: componentBoundaryRule(),
  },
  {
    files: ['src/main/{controller,scheduler}/**/*.ts'],
    rules: componentBoundaryRule(controlPlaneApart),
  },
  {
    files: ['src/main/{kubelet,kubelet-hollow}/**/*.ts'],
    rules: componentBoundaryRule(nodeSideApart),
  },
);
