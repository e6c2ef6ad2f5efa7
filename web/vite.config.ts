// The web app (React + Ant Design): built into dist/web, served by the API's Express app at /.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.resolve(__dirname, '..', 'dist', 'web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
    rollupOptions: {
      // zod's sources carry /* @__PURE__ */ notes rollup cannot place; harmless.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
  server: { fs: { allow: [path.resolve(__dirname, '..')] } },
  logLevel: 'warn',
});
