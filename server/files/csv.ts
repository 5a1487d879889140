/**
 * CSV as the studio's tables meet it (the annual plan, the sensitive-word list, the audit log's export): read
 * in the encodings Chinese office software saves, parsed by RFC 4180, and written so a spreadsheet opening the
 * file runs nothing. Callers turn a syntax error into their own message.
 */

/** One record of a table file: the line it starts on (what the admin sees in an editor) and its cells. */
export interface TableRow {
  line: number;
  cells: string[];
}

/**
 * The text of a CSV file as Chinese Excel and WPS save it: UTF-8 with or without a byte-order mark, UTF-16
 * with one ("Unicode text"), or GB18030 (its superset of GBK and GB2312, "CSV (逗号分隔)" on a Chinese
 * Windows). A file that is valid UTF-8 is read as UTF-8: GBK text is almost never valid UTF-8, while the
 * reverse guess would garble every UTF-8 file.
 */
export function decodeTableText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** A file that is not CSV: a NUL byte (a binary file), or a quoted cell not closed; `line` is where. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly reason: 'not_text' | 'quote',
    readonly line: number,
  ) {
    super(`CSV ${reason} at line ${line}`);
  }
}

/**
 * RFC 4180 records: quoted cells may hold the separator, quotes ("") and line breaks. The separator is a tab
 * when the first line has one and no comma (Excel's "text" save, and the tables pasted from the notices),
 * else a comma.
 */
export function parseCsv(text: string): TableRow[] {
  if (/[\u0000]/.test(text)) throw new CsvSyntaxError('not_text', 1);
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const sep = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows: TableRow[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw new CsvSyntaxError('quote', start);
          const c = text[i]!;
          if (c === '"' && text[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else if (c === '"') {
            i++;
            break;
          } else {
            if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
            cell += c;
            i++;
          }
        }
        if (i < n && text[i] !== sep && text[i] !== '\r' && text[i] !== '\n') throw new CsvSyntaxError('quote', start);
      } else {
        while (i < n && text[i] !== sep && text[i] !== '\r' && text[i] !== '\n') cell += text[i++];
      }
      cells.push(cell);
      if (text[i] === sep) {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
    rows.push({ line: start, cells });
  }
  return rows;
}

// What a spreadsheet would run as a formula when the file is opened (CSV injection): = + - @, and a tab or
// carriage return before one of them.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a CSV cell would be a formula in Excel, for import (refused) and export (quoted with '). */
export function looksLikeFormula(cell: string): boolean {
  return FORMULA_START.test(cell);
}

/** One cell for a CSV file a spreadsheet opens safely: a formula-like start is prefixed with ', then quoted. */
export function csvCell(value: string): string {
  const safe = looksLikeFormula(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
