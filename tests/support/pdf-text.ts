// A PDF's text as a reader extracts it: pdfjs-dist (Mozilla's PDF parser, an ES module) in a child
// process (read-pdf.mjs) — its page count, each page's size in points and text, lines as laid out.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function pdfText(pdf: Buffer | string): { pages: number; sizes: [number, number][]; texts: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pdf-text-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, typeof pdf === 'string' ? Buffer.from(pdf, 'base64') : pdf);
    return JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'read-pdf.mjs'), file], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
