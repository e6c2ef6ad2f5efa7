// The web app (React + Ant Design): built into dist/web, served by the API's Express app at /.
// Each page is its own chunk (web/src/App.tsx loads them lazily); every asset is also written
// gzipped (.gz) and brotli-compressed (.br), which the API serves to browsers that accept them.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const outDir = path.resolve(__dirname, '..', 'dist', 'web');

/** Files worth compressing: text, over 1 KB; a compressed copy is kept only if it is smaller. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;

/** After the build, `<file>.gz` (gzip -9) and `<file>.br` (brotli, quality 11) beside each asset. */
function precompress(): Plugin {
  let dir = outDir;
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(config) {
      dir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const assets = path.join(dir, 'assets');
      for (const name of readdirSync(assets)) {
        const file = path.join(assets, name);
        if (!COMPRESSIBLE.test(name) || !statSync(file).isFile()) continue;
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        const gz = gzipSync(body, { level: 9 });
        const br = brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT } });
        if (gz.length < body.length) writeFileSync(`${file}.gz`, gz);
        if (br.length < body.length) writeFileSync(`${file}.br`, br);
      }
    },
  };
}

export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react(), precompress()],
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
