import { defineConfig, loadEnv } from 'vite';
import react from '@vitejs/plugin-react';

// The platform serves the built console from its classpath (META-INF/resources/console/) at /console/.
// In development (`npm run dev`), every other path goes to a platform at PLATFORM_URL (default http://localhost:8080).
export default defineConfig(({ mode }) => ({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'target/classes/META-INF/resources/console',
    emptyOutDir: true,
    // the pages in one bundle (React, Mantine, ~160 kB gzipped); the charts (recharts) load with the Costs page
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: { '^/(?!console/)': { target: loadEnv(mode, '.', '').PLATFORM_URL || 'http://localhost:8080' } },
  },
}));
