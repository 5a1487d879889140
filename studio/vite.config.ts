import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte, vitePreprocess } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));
// The dev server forwards API and socket traffic to a running fangtan server (npm run serve).
const apiTarget = process.env.STUDIO_API_TARGET ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  // The server mounts the built console under /studio/, so asset URLs must carry that prefix.
  base: '/studio/',
  plugins: [svelte({ preprocess: vitePreprocess() })],
  build: {
    outDir: fileURLToPath(new URL('../dist/studio', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
});
