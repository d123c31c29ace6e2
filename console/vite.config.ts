import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The platform serves the built console from its classpath (META-INF/resources/console/) at /console/.
// In development (`npm run dev`), every other path goes to a platform running on localhost:8080.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'target/classes/META-INF/resources/console',
    emptyOutDir: true,
    // one bundle for now (React, Mantine and the pages, ~155 kB gzipped); split by page once there are more
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: { '^/(?!console/)': { target: 'http://localhost:8080' } },
  },
});
