// The one CSV writer of the exports (hazards, bulletins, the statistics table — downloads and
// mail attachments alike): UTF-8 with a byte-order mark so Excel opens it correctly, CRLF lines,
// every cell escaped against formula injection.
import { stringify } from 'csv-stringify/sync';

const BOM = '\uFEFF';

/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, or a leading tab or carriage return)
 * is written with a single quote in front, as OWASP recommends against CSV injection; Excel and
 * LibreOffice show the text as typed. Numbers are written as they are.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;
export function csvCell(value: string | number | boolean | null | undefined): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The one CSV writer of the exports: every cell through csvCell, a BOM for Excel, CRLF lines. */
export function toCsv(rows: (string | number | boolean | null | undefined)[][]): string {
  return (
    BOM +
    stringify(
      rows.map((r) => r.map(csvCell)),
      { record_delimiter: 'windows' },
    )
  );
}
