import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/**
 * The viewer widget: built from the repo root with `vite build --config viewer/vite.config.ts`.
 * The fangtan server serves `/v/:slug` and `/q/:ticket` from dist/viewer/index.html, the assets under
 * `/viewer/`, and `/embed.js` from dist/viewer/embed.js (copied verbatim from public/).
 */
const root = fileURLToPath(new URL('.', import.meta.url));

// For `vite --config viewer/vite.config.ts` during development: API and socket calls go to a running
// fangtan server (FANGTAN_SERVER, default http://127.0.0.1:3000). Open /viewer/v/<slug> on the dev server.
const devTarget = process.env['FANGTAN_SERVER'] ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/viewer/',
  // Svelte 5 strips TypeScript types itself, so the viewer needs no svelte.config.js preprocessing.
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: '../dist/viewer',
    // The output lives outside `root`, so Vite only empties it when told to.
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': devTarget,
      '/socket.io': { target: devTarget, ws: true },
    },
  },
});
