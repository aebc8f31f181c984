import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The renderer is built to static files: loaded from disk by Electron, served by the web harness.
// This is Node build tooling, so it lives outside renderer/ (which may only run in a browser).
export default defineConfig({
  root: fileURLToPath(new URL('../renderer/', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // Fonts stay files: the CSP allows fonts from 'self' only, not data: URLs.
    assetsInlineLimit: 0,
  },
});
