// The web app's build (vite, into dist/web), redone when a source is newer than the build:
// `npm start` and the tests' global setup call it, so a clean clone builds it once.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
export const WEB_DIST = path.join(root, 'dist', 'web');

/** What the web bundle is built from: its own sources and the shared modules it imports. */
const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'common', 'domain', 'api', 'package-lock.json'];

function newest(p: string): number {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(p).reduce((m, f) => Math.max(m, newest(path.join(p, f))), s.mtimeMs);
}

export function webBuildIsStale(): boolean {
  const index = path.join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((s) => existsSync(path.join(root, s)) && newest(path.join(root, s)) > built);
}

/** Builds the web app if it is missing or stale; returns whether it built. */
export function ensureWebBuild(opts: { quiet?: boolean } = {}): boolean {
  if (!webBuildIsStale()) return false;
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [root] })), 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(root, 'web', 'vite.config.ts')], { cwd: root, stdio: opts.quiet ? 'pipe' : 'inherit', encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`web build failed (exit ${r.status}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  return true;
}
