import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The hub's web console, built to static files that hub/server serves (like the renderer's config).
export default defineConfig({
  root: fileURLToPath(new URL('../hub/console/', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/hub-console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // Fonts stay files: the CSP allows fonts from 'self' only.
    assetsInlineLimit: 0,
    // Two pages: the console, and the residents' public pickup QR page (/pickup, hub/console/pickup).
    rollupOptions: {
      input: {
        console: fileURLToPath(new URL('../hub/console/index.html', import.meta.url)),
        pickup: fileURLToPath(new URL('../hub/console/pickup.html', import.meta.url)),
      },
    },
  },
});
