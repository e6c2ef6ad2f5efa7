// Accessibility as axe-core finds it, in the page as it stands: axe's own script put into the page
// (through the DevTools protocol, which the app's CSP does not govern) and run on the document.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** The page's document, inside functions run in the browser (the tests compile without the DOM's types). */
declare const document: any;

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  /** The first few elements found, as CSS selectors. */
  elements: string[];
}

/** What axe finds on the page at `impacts` (default: serious and critical). */
export async function axeFindings(page: Page, impacts: string[] = ['serious', 'critical']): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, elements: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => impacts.includes(v.impact));
}
