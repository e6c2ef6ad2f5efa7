// No import circle in the code, type-only imports included: the layers stay layers (domain/ is
// pure and imports no workflow, activity or route; activities import no workflow file; no page
// imports the app shell). Read from the sources as text, as a reviewer would.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const FOLDERS = ['domain', 'common', 'temporal-client', 'workflows', 'activities', 'api', 'worker', 'devstack', 'scripts', 'prisma', 'web/src'];
const EXTENSIONS = ['.ts', '.tsx'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (name === 'node_modules' || name === 'generated' || name === 'migrations') return [];
    if (statSync(p).isDirectory()) return sources(p);
    return EXTENSIONS.includes(path.extname(p)) && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** The files of this tree a file imports (import, import type, export … from, import()). */
function importsOf(file: string, known: Set<string>): string[] {
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const specs = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm)].map((m) => m[1]);
  return specs.flatMap((spec) => {
    const base = path.resolve(path.dirname(file), spec);
    const found = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))].find((c) => known.has(c));
    return found ? [found] : [];
  });
}

/** The strongly connected components of more than one file (Tarjan), and files that import themselves. */
function circles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.map((f) => path.relative(ROOT, f)).sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return out;
}

const files = FOLDERS.flatMap((f) => sources(path.join(ROOT, f)));
const known = new Set(files);
const graph = new Map(files.map((f) => [f, importsOf(f, known)]));

test('the code has no import circle, type-only imports included', () => {
  expect(files.length).toBeGreaterThan(100);
  expect(circles(graph)).toEqual([]);
});

test('domain/ is pure: it imports nothing but domain/ and common/; activities import no workflow file', () => {
  const rel = (f: string) => path.relative(ROOT, f);
  const outside = (from: string, allowed: string[]) =>
    files
      .filter((f) => rel(f).startsWith(from))
      .flatMap((f) =>
        graph
          .get(f)!
          .filter((to) => !allowed.some((a) => rel(to).startsWith(a)))
          .map((to) => `${rel(f)} -> ${rel(to)}`),
      );
  expect(outside('domain/', ['domain/', 'common/'])).toEqual([]);
  expect(
    files
      .filter((f) => rel(f).startsWith('activities/'))
      .flatMap((f) =>
        graph
          .get(f)!
          .filter((to) => rel(to).startsWith('workflows/'))
          .map((to) => `${rel(f)} -> ${rel(to)}`),
      ),
  ).toEqual([]);
});
