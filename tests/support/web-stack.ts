// The stack of a browser test file: the harness (on the time-skipping server) and a Chromium, with
// the accounts its people sign in with; and what its pages are checked and signed in by.
import type { Browser, Locator, Page } from 'playwright-core';
import { createUser } from '../../api/sessions';
import { DESKTOP, launchBrowser, openPage, PHONE, scrollWidth } from './browser';
import { startHarness, type Harness } from './harness';

/** A person with an account (the web app's sign-in). */
export type Person = Parameters<typeof createUser>[1];

export interface WebStack {
  h: Harness;
  browser: Browser;
}

/**
 * The stack of a browser test file (the harness, on the time-skipping server) and a Chromium, with
 * `people`'s accounts. Whatever started is stopped again if a later step fails.
 */
export async function startWebStack(...people: Person[]): Promise<WebStack> {
  const h = await startHarness();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    for (const person of people) await createUser(h.db, person);
    return { h, browser };
  } catch (err) {
    await stopWebStack(h, browser);
    throw err;
  }
}

/** Closes the browser, then stops the stack (either may be missing: its start failed). */
export async function stopWebStack(h: Harness | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await h?.stop();
}

/**
 * The stack of a browser test file, started before its tests with `people`'s accounts and stopped
 * after them: its harness and browser (to use inside tests: they throw before the stack has
 * started), and `signIn` of the stack's app.
 */
export function useWebStack(...people: Person[]): WebStack & { signIn(page: Page, who: { email: string; password: string }, next?: string): Promise<void> } {
  let started: WebStack | undefined;
  beforeAll(async () => {
    started = await startWebStack(...people);
  });
  afterAll(() => stopWebStack(started?.h, started?.browser));
  const h = late(() => started?.h);
  return { h, browser: late(() => started?.browser), signIn: (page, who, next) => signIn(page, h.baseUrl, who, next) };
}

/** What `get` gives once it gives it: its properties read then, its methods bound to it. */
function late<T extends object>(get: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const target = get();
      if (!target) throw new Error('the web stack starts in beforeAll: use it inside tests');
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The numbers inside `where` (100%, 2027, 28) that a line break cuts in two, as shown: none when each sits whole on its line. */
export function numbersSplitAcrossLines(where: Locator): Promise<string[]> {
  return where.evaluate((root: any) => {
    const doc = root.ownerDocument;
    const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
    const split: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of (node.textContent as string).matchAll(/\d+(?:\.\d+)?%?/g)) {
        const range = doc.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map((r: any) => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
    return split;
  });
}

/**
 * The texts inside `where` cut off as shown: a text ending in "…" because its box is too narrow (a
 * select's value, a card's title), or an empty input's placeholder wider than the input.
 */
export function textsCutOff(where: Locator): Promise<string[]> {
  return where.evaluate((root: any) => {
    const view = root.ownerDocument.defaultView;
    const cut: string[] = [];
    const canvas = root.ownerDocument.createElement('canvas').getContext('2d');
    for (const input of root.querySelectorAll('input[placeholder]')) {
      const style = view.getComputedStyle(input);
      canvas.font = `${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (input.offsetParent && !input.value && canvas.measureText(input.placeholder).width > room + 1) cut.push(input.placeholder);
    }
    for (const el of root.querySelectorAll('*')) {
      if (el.textContent && el.clientWidth > 0 && view.getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) cut.push(el.textContent);
    }
    return cut;
  });
}

/** The page fits its width: nothing to scroll sideways. */
export async function expectFits(page: Page) {
  expect(await scrollWidth(page)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

/** Signs `who` in through the login form of the app at `baseUrl`, bound for `next`. */
export async function signIn(page: Page, baseUrl: string, who: { email: string; password: string }, next = '/') {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('电子邮箱').fill(who.email);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: /登\s?录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * Pages whose script errors fail the test: after each test of the file, none may have been seen.
 * Returns what opens such a page (a fresh context of `browser` at `viewport`).
 */
export function failOnPageErrors(): (browser: Browser, viewport?: typeof PHONE) => Promise<Page> {
  const pageErrors: string[] = [];
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });
  return async (browser, viewport = PHONE) => {
    const page = await openPage(browser, viewport);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    return page;
  };
}

/** A phone's width and a desktop's, named: for `test.each(VIEWPORTS)('… on a %s', (name, viewport) => …)`. */
export const VIEWPORTS: [string, typeof PHONE][] = [
  ['phone', PHONE],
  ['desktop', DESKTOP],
];

/** "2026年12月4日" of a YYYY-MM-DD, as the date pickers show and take it. */
export const dayText = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** On the launch page (发起专项行动): a preset chosen from its list by issuer and name, and its start date typed into the date picker. */
export async function choosePresetAndStart(page: Page, preset: { issuer: string; name: string }, startDate: string) {
  await page.getByTestId('preset').click();
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: `${preset.issuer}：${preset.name}` })
    .click();
  const date = page.locator('input#startDate');
  await date.click();
  await date.fill(dayText(startDate));
  await date.press('Enter');
}

/**
 * 签收 on a hazard's page while its notice awaits it (the page opens on that form: one button, 签收),
 * as the addressed unit does first; the page says so and opens the next form.
 */
export async function acknowledgeOnPage(page: Page) {
  await page
    .getByTestId('form-acknowledge')
    .getByRole('button', { name: /^签\s?收$/ })
    .click();
  await page.getByText('已签收，整改期限不变').first().waitFor();
}
