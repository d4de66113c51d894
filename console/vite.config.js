import { defineConfig } from 'vite';

// A static page: relative asset paths so that any web server can host the built files under any path.
export default defineConfig({
  base: './',
  build: {
    outDir: 'target/web',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: { host: '127.0.0.1' },
});
