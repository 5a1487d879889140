import {
  SENSITIVE_WORD_MAX_LENGTH,
  type WordFileFormat,
  type WordLineProblem,
} from '../../shared/schemas/settings.js';
import { csvCell, CsvSyntaxError, looksLikeFormula, parseCsv, type TableRow } from '../files/csv.js';
import { DomainError } from '../http/errors.js';
import { normalizeForMatching } from './screening.js';

/** One word read from a file, with the line it starts on (what an admin looks for in their editor). */
export interface FileWord {
  line: number;
  word: string;
}

export interface ParsedWordFile {
  words: FileWord[];
  problems: WordLineProblem[];
}

// A header a spreadsheet export puts above the words; skipped when it is the first cell of the first row.
const CSV_HEADERS = new Set(['word', 'words', 'keyword', '敏感词', '关键词', '词语', '词']);
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A file that cannot be read as a word list, with the line at fault. */
function fileError(detail: string, line: number): DomainError {
  return new DomainError('validation', 'content', detail, { line });
}

/** One word a line; blank lines skipped. */
function txtCells(text: string): FileWord[] {
  return text.split(/\r\n|\r|\n/).map((word, i) => ({ line: i + 1, word }));
}

/** The first cell of every CSV record (a category or note beside the word is left), the header row skipped. */
function csvCells(text: string): FileWord[] {
  let rows: TableRow[];
  try {
    rows = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw fileError(err.reason === 'quote' ? 'csv_quote' : 'not_text', err.line);
    throw err;
  }
  const out = rows.map((r) => ({ line: r.line, word: r.cells[0] ?? '' }));
  if (out.length > 0 && CSV_HEADERS.has(out[0]!.word.trim().toLowerCase())) out.shift();
  // An exported word that looked like a formula was written with a ' before it: read it back without.
  return out.map((w) => ({ ...w, word: w.word.startsWith("'") && looksLikeFormula(w.word.slice(1)) ? w.word.slice(1) : w.word }));
}

/**
 * Reads a word-list file. A file that is not text (a spreadsheet saved as .xlsx, a file in an encoding
 * the studio could not decode) or broken CSV is refused with its line number; a line that cannot be a
 * word is reported and skipped.
 */
export function parseWordFile(content: string, format: WordFileFormat): ParsedWordFile {
  const text = content.replace(/^\uFEFF/, '');
  const binary = text.search(/[\u0000\uFFFD]/);
  if (binary >= 0) throw fileError('not_text', text.slice(0, binary).split(/\r\n|\r|\n/).length);
  const words: FileWord[] = [];
  const problems: WordLineProblem[] = [];
  for (const { line, word: raw } of format === 'csv' ? csvCells(text) : txtCells(text)) {
    const word = raw.trim();
    if (word === '') continue;
    const problem = CONTROL.test(word)
      ? 'control_chars'
      : word.length > SENSITIVE_WORD_MAX_LENGTH
        ? 'too_long'
        : normalizeForMatching(word) === ''
          ? 'no_letters'
          : null;
    if (problem) problems.push({ line, code: problem, text: word.slice(0, SENSITIVE_WORD_MAX_LENGTH) });
    else words.push({ line, word });
  }
  if (words.length === 0 && problems.length === 0) throw fileError('empty_file', 1);
  return { words, problems };
}

/** The list as a file: one word a line, or CSV with a header and a byte-order mark so Excel reads it as UTF-8. */
export function formatWordFile(words: readonly string[], format: WordFileFormat): string {
  if (format === 'txt') return words.map((w) => `${w}\n`).join('');
  return `\uFEFFword\r\n${words.map((w) => `${csvCell(w)}\r\n`).join('')}`;
}
