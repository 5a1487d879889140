import { z } from 'zod';

/** Longest sensitive word accepted; longer lines in a list are phrases or broken files. */
export const SENSITIVE_WORD_MAX_LENGTH = 50;
/** Sites keep large lists (tens of thousands of words); the matcher compiles 50,000 in well under a second. */
export const SENSITIVE_WORDS_MAX = 100_000;

/** The sensitive-word list used to flag questions for reviewers (matched without word boundaries). */
export const SensitiveWords = z.object({
  words: z.array(z.string().trim().min(1).max(SENSITIVE_WORD_MAX_LENGTH)).max(SENSITIVE_WORDS_MAX),
});
export type SensitiveWords = z.infer<typeof SensitiveWords>;

/** A word-list file: one word a line (.txt), or CSV with the word in the first column (an optional header). */
export const WORD_FILE_FORMATS = ['txt', 'csv'] as const;
export const WordFileFormat = z.enum(WORD_FILE_FORMATS);
export type WordFileFormat = z.infer<typeof WordFileFormat>;

/** Preview what a file would change, add its new words to the list, or make it the whole list. */
export const WORD_IMPORT_MODES = ['preview', 'merge', 'replace'] as const;

/** An imported word-list file, as text (the studio decodes UTF-8, or GBK as older lists are saved). */
export const SensitiveWordImport = z.object({
  format: WordFileFormat,
  content: z.string().max(4_000_000),
  mode: z.enum(WORD_IMPORT_MODES),
});
export type SensitiveWordImport = z.infer<typeof SensitiveWordImport>;

/** Why one line of a file is skipped: too long, only punctuation (it would match nothing), or control characters. */
export const WORD_LINE_PROBLEMS = ['too_long', 'no_letters', 'control_chars'] as const;
export const WordLineProblem = z.object({
  line: z.number().int().positive(),
  code: z.enum(WORD_LINE_PROBLEMS),
  text: z.string(),
});
export type WordLineProblem = z.infer<typeof WordLineProblem>;

/** How many of a file's words are new, already listed (or repeated in the file) and invalid; what each mode leaves. */
export const SensitiveWordImportResult = z.object({
  mode: z.enum(WORD_IMPORT_MODES),
  new: z.number().int(),
  duplicate: z.number().int(),
  invalid: z.number().int(),
  /** The first invalid lines, with their line numbers. */
  problems: z.array(WordLineProblem),
  /** The list's size before the import. */
  current: z.number().int(),
  /** Listed words a replace would remove (the file does not have them). */
  removed: z.number().int(),
  afterMerge: z.number().int(),
  afterReplace: z.number().int(),
});
export type SensitiveWordImportResult = z.infer<typeof SensitiveWordImportResult>;
