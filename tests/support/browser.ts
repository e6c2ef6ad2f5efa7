// A real Chromium (Debian's package, /usr/bin/chromium) driven by Playwright's library: no
// browser download. Pages at a phone's width (390 px) or a desktop's.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };

/** A fresh browser context (its own cookies) with one page. */
export async function openPage(browser: Browser, viewport = PHONE): Promise<Page> {
  // As the people who use it: Chinese, in Beijing time (the date pickers' "today" is theirs, whatever the machine's zone).
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    deviceScaleFactor: 1,
    userAgent: `Mozilla/5.0 (web test ${viewport.width}px) Chromium`,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

/** The page fits its width: nothing to scroll sideways. */
export const scrollWidth = (page: Page): Promise<number> => page.evaluate('document.documentElement.scrollWidth');

/** Where the tests put their screenshots (SCREENSHOT_DIR, default a temp folder). */
export function screenshotPath(name: string): string {
  const dir = process.env.SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'campus-safety-screenshots');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}
