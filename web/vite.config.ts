// The web app (React + Ant Design): built into dist/web, served by the API's Express app at /.
// Each page is its own chunk (web/src/App.tsx loads them lazily).
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const outDir = path.resolve(__dirname, '..', 'dist', 'web');

export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    // The charts' own chunk (echarts and zrender, the dashboard's only) is 520 kB; every other is far smaller.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (/[\\/]node_modules[\\/](echarts|zrender)[\\/]/.test(id)) return 'echarts';
        },
      },
      // zod's sources carry /* @__PURE__ */ notes rollup cannot place; harmless.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
  server: { fs: { allow: [path.resolve(__dirname, '..')] } },
  logLevel: 'warn',
});
