// The web app's build (vite, into dist/web), redone when a source is newer than the build:
// `npm start` and the tests' global setup call it, so a clean clone builds it once.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from './progress';

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

function viteCommand(outDir: string): [string, string[]] {
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [root] })), 'bin', 'vite.js');
  return [process.execPath, [vite, 'build', '--config', path.join(root, 'web', 'vite.config.ts'), '--outDir', outDir]];
}
// Always the production build: under jest (NODE_ENV=test) Vite would otherwise bundle React's
// development build, three times the size, and the browser tests would not run what is shipped.
const viteEnv = () => ({ ...process.env, NODE_ENV: 'production' });

/** Puts a finished build in place of dist/web. */
function install(fresh: string, stamp: string): void {
  for (let attempt = 0; ; attempt++) {
    const old = `${WEB_DIST}.old-${stamp}-${attempt}`;
    try {
      renameSync(WEB_DIST, old);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    rmSync(old, { recursive: true, force: true });
    try {
      renameSync(fresh, WEB_DIST);
      break;
    } catch (err) {
      // Another build put its own in place in between: replace it (both are of these sources).
      if (attempt >= 5 || !['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    }
  }
}

/** Builds the web app if it is missing or stale; returns whether it built. */
export function ensureWebBuild(opts: { quiet?: boolean } = {}): boolean {
  if (!webBuildIsStale()) return false;
  // Built beside dist/web, then put in its place: a server reading dist/web never finds it half
  // written or empty, and two builds at once (two test runs) do not empty each other's folder.
  const stamp = `${process.pid}-${Date.now()}`;
  const fresh = `${WEB_DIST}.build-${stamp}`;
  try {
    const [cmd, args] = viteCommand(fresh);
    const r = spawnSync(cmd, args, { cwd: root, env: viteEnv(), stdio: opts.quiet ? 'pipe' : 'inherit', encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`web build failed (exit ${r.status}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
    install(fresh, stamp);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
  return true;
}

/** ensureWebBuild without blocking the event loop (npm start prints progress meanwhile). */
export async function ensureWebBuildAsync(): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  const stamp = `${process.pid}-${Date.now()}`;
  const fresh = `${WEB_DIST}.build-${stamp}`;
  try {
    const [cmd, args] = viteCommand(fresh);
    await runCommand(cmd, args, { cwd: root, env: viteEnv() });
    install(fresh, stamp);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
  return true;
}
