import ExcelJS from 'exceljs';
import { DomainError } from '../http/errors.js';
import { CsvSyntaxError, decodeTableText, looksLikeFormula, parseCsv, type TableRow } from '../files/csv.js';
import { zipEntries } from './zip.js';

/** A row of the plan as the file has it, cells trimmed; `line` is the spreadsheet's row (or CSV line) number. */
export interface PlanFileRow {
  line: number;
  seq: string;
  unit: string;
  time: string;
  note: string;
}

/** A year's plan is tens of rows; a file of more is not a plan (and would hold the import's transaction). */
export const PLAN_MAX_ROWS = 500;

// Header names as the notices and the units' own tables write them; the first row holding 序号, 单位 and 时间
// (in any order, other columns ignored) is the header.
const HEADERS = {
  seq: ['序号', '编号', '序'],
  unit: ['单位', '访谈单位', '受访单位', '单位名称', '实施单位'],
  time: ['时间', '访谈时间', '时间安排', '计划时间', '访谈日期', '日期'],
  note: ['备注', '说明'],
} as const;
type Column = keyof typeof HEADERS;
/** How far down the header may be (a title and a blank line above it, as in the notices). */
const HEADER_SEARCH_ROWS = 20;

const fileError = (detail: string, params?: Record<string, string | number>) => new DomainError('validation', 'file', detail, params);

const ZIP = Buffer.from('PK\u0003\u0004', 'latin1');
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/**
 * Parts of a workbook that run or fetch something: VBA macros (.xlsm's vbaProject.bin), Excel 4.0 macro
 * sheets, ActiveX controls, and external links (a DDE or web formula's target).
 */
const ACTIVE_PART = /(^|\/)vbaProject|^xl\/(macrosheets|activeX|externalLinks)\//i;
/** What a plan's workbook may unpack to: a formatted year is well under 1 MB. */
const MAX_UNPACKED = 32 * 1024 * 1024;

/** Reads the plan's rows from an .xlsx or a CSV file, by the file's bytes (its name and type are not trusted). */
export async function readPlanFile(bytes: Buffer): Promise<PlanFileRow[]> {
  if (bytes.length === 0) throw fileError('plan_empty_file');
  if (bytes.subarray(0, 8).equals(OLE2)) throw fileError('plan_xls');
  const rows = bytes.subarray(0, 4).equals(ZIP) ? await xlsxRows(bytes) : csvRows(bytes);
  return planRows(rows);
}

function csvRows(bytes: Buffer): TableRow[] {
  const rows = csvOf(decodeTableText(bytes));
  for (const row of rows) {
    const at = row.cells.findIndex(looksLikeFormula);
    if (at >= 0) throw fileError('plan_formula', { cell: `${columnLetter(at + 1)}${row.line}` });
  }
  return rows;
}

function csvOf(text: string): TableRow[] {
  try {
    return parseCsv(text);
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    throw new DomainError('validation', 'file', err.reason === 'quote' ? 'plan_csv_quote' : 'plan_not_text', { line: err.line });
  }
}

async function xlsxRows(bytes: Buffer): Promise<TableRow[]> {
  const entries = zipEntries(bytes);
  if (!entries) throw fileError('plan_malformed');
  // The names the local headers carry too: a zip may list other entries than its directory says.
  if (entries.some((e) => ACTIVE_PART.test(e.name)) || bytes.includes('vbaProject', 0, 'latin1')) throw fileError('plan_macro');
  if (entries.reduce((sum, e) => sum + e.size, 0) > MAX_UNPACKED) throw fileError('plan_unpacked_too_large', { mb: MAX_UNPACKED / 1024 / 1024 });
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs' own Buffer type predates Node's generic one.
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw fileError('plan_malformed');
  }
  let found: TableRow[] | null = null;
  for (const ws of wb.worksheets) {
    const rows: TableRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, line) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        if (cell.type === ExcelJS.ValueType.Formula || cell.formula) throw fileError('plan_formula', { cell: cell.address });
        cells[col - 1] = cellText(cell.value);
      });
      rows.push({ line, cells: Array.from(cells, (c) => c ?? '') });
    });
    // The first sheet with the plan's header is the plan; the other sheets are still checked for formulas.
    if (!found && headerAt(rows)) found = rows;
  }
  if (!found) throw fileError('plan_no_header');
  return found;
}

/** A cell's value as the text a person sees; a date typed into Excel comes back as a Date (read as UTC). */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('error' in v) return '';
    return '';
  }
  return String(v);
}

function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

const headerName = (cell: string) => cell.replace(/[\s\u3000]+/g, '').replace(/[（(].*[)）]$/, '');

/** The header row's index in `rows` and each column's position, or null when there is none. */
function headerAt(rows: TableRow[]): { index: number; cols: Partial<Record<Column, number>> } | null {
  for (let index = 0; index < Math.min(rows.length, HEADER_SEARCH_ROWS); index++) {
    const names = rows[index]!.cells.map(headerName);
    const cols: Partial<Record<Column, number>> = {};
    for (const key of Object.keys(HEADERS) as Column[]) {
      const at = names.findIndex((n) => (HEADERS[key] as readonly string[]).includes(n));
      if (at >= 0) cols[key] = at;
    }
    if (cols.seq !== undefined && cols.unit !== undefined && cols.time !== undefined) return { index, cols };
  }
  return null;
}

// A footnote under the table ("备注：相关单位联系人在5月1日前报送访谈提纲"), as the notices have.
const FOOTNOTE = /^(备注|注)[:：]/;

function planRows(rows: TableRow[]): PlanFileRow[] {
  const header = headerAt(rows);
  if (!header) throw fileError('plan_no_header');
  const { seq, unit, time, note } = header.cols as Record<Column, number | undefined>;
  const cell = (r: TableRow, at: number | undefined) => (at === undefined ? '' : (r.cells[at] ?? '').replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''));
  const out: PlanFileRow[] = [];
  for (const r of rows.slice(header.index + 1)) {
    const row = { line: r.line, seq: cell(r, seq), unit: cell(r, unit), time: cell(r, time), note: cell(r, note) };
    if (!row.seq && !row.unit && !row.time && !row.note) continue;
    if (FOOTNOTE.test(row.seq) && !row.unit && !row.time) continue;
    out.push(row);
  }
  if (out.length === 0) throw fileError('plan_no_rows');
  if (out.length > PLAN_MAX_ROWS) throw fileError('plan_too_many_rows', { max: PLAN_MAX_ROWS });
  return out;
}
