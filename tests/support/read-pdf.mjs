// Reads a PDF's text with pdfjs-dist (Mozilla's parser), one entry per page: run as a child process
// by the tests (pdfjs-dist is an ES module). Usage: node read-pdf.mjs <file.pdf> → JSON {pages, texts}.
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const data = new Uint8Array(readFileSync(process.argv[2]));
const pdf = await getDocument({ data, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
const texts = [];
const sizes = [];
for (let i = 1; i <= pdf.numPages; i += 1) {
  const page = await pdf.getPage(i);
  const [, , width, height] = page.view;
  sizes.push([Math.round(width * 100) / 100, Math.round(height * 100) / 100]);
  const content = await page.getTextContent();
  texts.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
}
process.stdout.write(JSON.stringify({ pages: pdf.numPages, sizes, texts }));
