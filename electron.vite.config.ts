import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * rendererVendorChunk names the chunk of a library that only some screens
 * use, so it is fetched with the first of them and cached apart from the
 * app's code; every other module is left to the default chunking.
 */
function rendererVendorChunk(id: string): string | undefined {
  if (/node_modules\/js-yaml\//.test(id)) return 'js-yaml';
  if (/node_modules\/@tanstack\/virtual-core\//.test(id)) return 'virtual-core';
  return undefined;
}

// Main and preload run in Node (Electron's); the renderer is a plain web app
// that the headless `serve` mode also serves, so it must not depend on Electron.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          serve: resolve(__dirname, 'src/main/serve.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      // The renderer is also served over the network (`serve`), so it is
      // minified (electron-vite leaves it as is by default), and each screen
      // is a chunk of its own (src/renderer/src/screens). The shared
      // libraries a few screens use (with no dependencies of
      // their own, so nothing else is pulled in with them) get chunks named for them.
      minify: true,
      rollupOptions: {
        input: resolve(__dirname, 'src/renderer/index.html'),
        output: { manualChunks: rendererVendorChunk },
      },
    },
  },
});
