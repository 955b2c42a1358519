import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The arena web app. `vite build` writes web/dist, which the arena server serves
// under `/` (src/http/web-routes.ts). `npm run dev -w @perflab/arena` starts the
// server and this dev server, which proxies `/api` to it (ARENA_URL, default :8890).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: { '/api': { target: process.env.ARENA_URL ?? 'http://127.0.0.1:8890', changeOrigin: false } },
  },
});
