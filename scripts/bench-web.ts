// How fast a mail link shows its hazard page on a phone network: the stack of the browser tests
// (the harness on the time-skipping server, its PostgreSQL and mail sink, the API serving the built
// web app from dist/web) and Debian's Chromium, throttled through the DevTools protocol
// (Network.emulateNetworkConditions) with a cold cache (a fresh browser context per run).
//
//   npm run bench:web                 (3 runs per network; BENCH_RUNS=5 for more)
//
// For each network it prints the median of the runs: the time from the link's navigation until the
// hazard's title is on screen, the JavaScript before it (bytes on the wire as served, and the same
// files' gzip -9 size, the yardstick of the goal), and the number of requests before it.
// `openMailLink` is also what tests/web/web-speed.test.ts measures with (no throttling there).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../tests/support/browser';
import globalSetup from '../tests/support/global-setup';
import globalTeardown from '../tests/support/global-teardown';
import { startHarness, WEB_DIST_DIR } from '../tests/support/harness';
import { assignedHazard, waitForMail } from '../tests/support/hazard-helpers';

/** A network as DevTools emulates it: throughput in bits per second, latency the round trip added to each request. */
export interface NetworkProfile {
  name: string;
  downBps: number;
  upBps: number;
  latencyMs: number;
}

export const NETWORKS: NetworkProfile[] = [
  { name: '1.6 Mbps / 150 ms', downBps: 1.6e6, upBps: 750e3, latencyMs: 150 },
  { name: '9 Mbps / 85 ms', downBps: 9e6, upBps: 1.5e6, latencyMs: 85 },
];

/** A request the page made before its hazard's title was on screen. */
export interface RequestSeen {
  path: string;
  /** Bytes on the wire (headers and body) as Resource Timing counts them. */
  transferBytes: number;
  /** The body as served (compressed if it was). */
  encodedBytes: number;
  decodedBytes: number;
  /** When it was asked for and when its last byte came, from the navigation's start (ms). */
  startMs: number;
  endMs: number;
  contentEncoding?: string;
  cacheControl?: string;
  vary?: string;
}

export interface MailLinkLoad {
  /** From the navigation's start until the hazard's title is painted. */
  titleMs: number;
  /** The document and every resource requested before the title (resource timing). */
  requests: RequestSeen[];
  /** The JavaScript files among them. */
  scripts: RequestSeen[];
  /** Bytes of JavaScript on the wire (as the server sent it: brotli, gzip or plain). */
  jsTransferBytes: number;
  /** The same JavaScript files gzipped (-9), from `distDir`: the goal's yardstick. */
  jsGzipBytes: number;
  /** Script errors the page threw until then. */
  pageErrors: string[];
  /** The document's own response headers (index.html). */
  document: { status: number; cacheControl?: string; contentEncoding?: string };
}

/** Records when the hazard's title is first painted (the frame after it is in the DOM with text). */
const TITLE_WATCH = `(() => {
  const check = () => {
    const el = document.querySelector('[data-testid="hazard-title"]');
    if (!el || !el.textContent || !el.getClientRects().length) return;
    obs.disconnect();
    requestAnimationFrame(() => { window.__titleAt = performance.now(); });
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { childList: true, subtree: true, characterData: true });
})();`;

/**
 * Opens `link` (a mail's /l/<token>) in a fresh context of `browser` (cold cache), throttled to
 * `network` if given, and measures until the hazard's title is painted; `inspect` may look at the
 * page afterwards, before its context is closed.
 */
export async function openMailLink(
  browser: Browser,
  link: string,
  opts: { distDir: string; network?: NetworkProfile; viewport?: { width: number; height: number }; inspect?: (page: Page) => Promise<void> },
): Promise<MailLinkLoad> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    await page.addInitScript(TITLE_WATCH);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    const headers = new Map<string, Record<string, string>>();
    page.on('response', (r) => headers.set(new URL(r.url()).pathname, r.headers()));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    if (opts.network) {
      const n = opts.network;
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: n.latencyMs, downloadThroughput: n.downBps / 8, uploadThroughput: n.upBps / 8 });
    }
    const response = await page.goto(link, { waitUntil: 'commit' });
    // Functions, not strings: the app's CSP forbids eval.
    await page.waitForFunction(() => (globalThis as { __titleAt?: number }).__titleAt !== undefined, null, { polling: 50 });
    const timing = await page.evaluate(() => {
      const g = globalThis as unknown as {
        __titleAt: number;
        performance: { getEntriesByType(t: string): { name: string; startTime: number; responseEnd: number; transferSize: number; encodedBodySize: number; decodedBodySize: number }[] };
      };
      const titleAt = g.__titleAt;
      const nav = g.performance.getEntriesByType('navigation')[0];
      const entries = [nav, ...g.performance.getEntriesByType('resource').filter((e) => e.startTime < titleAt)];
      return {
        titleAt,
        entries: entries.map((e) => ({
          url: e.name,
          transferBytes: e.transferSize,
          encodedBytes: e.encodedBodySize,
          decodedBytes: e.decodedBodySize,
          startMs: e.startTime,
          endMs: e.responseEnd,
        })),
      };
    });
    const requests: RequestSeen[] = timing.entries.map((e) => {
      const p = new URL(e.url).pathname;
      const h = headers.get(p) ?? {};
      return {
        path: p,
        transferBytes: e.transferBytes,
        encodedBytes: e.encodedBytes,
        decodedBytes: e.decodedBytes,
        startMs: e.startMs,
        endMs: e.endMs,
        contentEncoding: h['content-encoding'],
        cacheControl: h['cache-control'],
        vary: h['vary'],
      };
    });
    const scripts = requests.filter((r) => r.path.endsWith('.js'));
    const gz = (p: string) => gzipSync(readFileSync(path.join(opts.distDir, p)), { level: 9 }).length;
    const docHeaders = response ? await response.allHeaders() : {};
    await opts.inspect?.(page);
    return {
      titleMs: timing.titleAt,
      requests,
      scripts,
      jsTransferBytes: scripts.reduce((s, r) => s + r.transferBytes, 0),
      jsGzipBytes: scripts.reduce((s, r) => s + gz(r.path), 0),
      pageErrors,
      document: { status: response?.status() ?? 0, cacheControl: docHeaders['cache-control'], contentEncoding: docHeaders['content-encoding'] },
    };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  // The tests' own stack (imported above): their global setup (PostgreSQL, the workflow bundle, the web build when stale).
  process.env.LOG_LEVEL ??= 'silent';
  await globalSetup();
  const h = await startHarness();
  const browser = await launchBrowser();
  try {
    const { id } = await assignedHazard(h, { departmentId: 'market' });
    const notice = await waitForMail(h, id, 'rectification_notice');
    const link = /办理入口：(\S+\/l\/\S+)/.exec(notice.text)?.[1];
    if (!link) throw new Error('no link in the 整改通知书');

    // What the build holds (every page's JavaScript).
    const assets = readdirSync(path.join(WEB_DIST_DIR, 'assets')).filter((f) => f.endsWith('.js'));
    const all = assets.map((f) => readFileSync(path.join(WEB_DIST_DIR, 'assets', f)));
    console.log(`build: ${assets.length} JavaScript file(s), ${kb(all.reduce((s, b) => s + b.length, 0))} (gzip -9 ${kb(all.reduce((s, b) => s + gzipSync(b, { level: 9 }).length, 0))})`);

    // One unthrottled load first: the server's own caches (and the JIT) warm, as in production.
    await openMailLink(browser, link, { distDir: WEB_DIST_DIR });
    console.log(`\n${runs} cold-cache runs per network, median; a fresh browser context each, 390 px wide`);
    console.log('network              | title painted | JS on the wire | JS gzip -9 | requests | JS files');
    for (const network of NETWORKS) {
      const loads: MailLinkLoad[] = [];
      for (let i = 0; i < runs; i++) loads.push(await openMailLink(browser, link, { distDir: WEB_DIST_DIR, network }));
      const last = loads[loads.length - 1];
      console.log(
        [
          network.name.padEnd(20),
          `${(median(loads.map((l) => l.titleMs)) / 1000).toFixed(2)} s`.padStart(13),
          kb(median(loads.map((l) => l.jsTransferBytes))).padStart(14),
          kb(median(loads.map((l) => l.jsGzipBytes))).padStart(10),
          String(median(loads.map((l) => l.requests.length))).padStart(8),
          String(last.scripts.length).padStart(8),
        ].join(' | '),
      );
      console.log(`  runs: ${loads.map((l) => `${(l.titleMs / 1000).toFixed(2)} s`).join(', ')}`);
    }
    // The requests of one run on the slowest network, as they went (ms from the navigation's start).
    const sample = await openMailLink(browser, link, { distDir: WEB_DIST_DIR, network: NETWORKS[0] });
    console.log(`\nbefore the title, at ${NETWORKS[0].name} (title painted at ${Math.round(sample.titleMs)} ms):`);
    for (const r of sample.requests) {
      const name = r.path.length > 48 ? `${r.path.slice(0, 45)}…` : r.path.padEnd(48);
      console.log(
        `  ${name} ${String(Math.round(r.startMs)).padStart(5)}–${String(Math.round(r.endMs)).padStart(5)} ms ${kb(r.transferBytes).padStart(9)}${r.contentEncoding ? ` (${r.contentEncoding})` : ''}`,
      );
    }
  } finally {
    await browser.close();
    await h.stop();
    await globalTeardown();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
