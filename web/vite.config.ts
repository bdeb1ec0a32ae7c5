// Vite config for the pobratim web UI. Root is web/ (this folder); the
// bundle goes to web/dist and is served by `pobratim serve --web web/dist`.
// JSX is compiled by Vite's built-in esbuild transform with Preact's automatic
// runtime, so no Babel preset is needed. Vite 6, not newer: it is the last
// that runs on Debian 12's Node 18 (package.json's engines).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const api = process.env.POBRATIM_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)), // import.meta.dirname is Node 20's
  base: '/',
  publicDir: 'public',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // as Vite 8 does by default: Lightning CSS adds the prefixes the targets
    // still need (Safari's -webkit-user-select of uPlot's chart)
    cssMinify: 'lightningcss',
    sourcemap: false,
  },
  server: {
    // `npm run dev` talks to a locally running `pobratim serve`.
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
});
