// Vite config for the pobratim web UI. Root is web/ (this folder); the
// bundle goes to web/dist and is served by `pobratim serve --web web/dist`.
// JSX is compiled by Vite's built-in oxc transform with Preact's automatic
// runtime, so no Babel preset is needed.
import { defineConfig } from 'vite';

const api = process.env.POBRATIM_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: 'public',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    // `npm run dev` talks to a locally running `pobratim serve`.
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
});
