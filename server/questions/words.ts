import {
  SENSITIVE_WORDS_MAX,
  type SensitiveWordImport,
  type SensitiveWordImportResult,
  type WordFileFormat,
} from '../../shared/schemas/settings.js';
import { recordAudit, type Actor } from '../audit/log.js';
import type { Db } from '../db/index.js';
import { DomainError } from '../http/errors.js';
import { normalizeForMatching, SensitiveWordFilter } from './screening.js';
import { formatWordFile, parseWordFile, type ParsedWordFile } from './word-file.js';

/** How many invalid lines an import preview lists; the count says how many there are in all. */
const PROBLEMS_SHOWN = 100;

async function insertWords(trx: Db, words: readonly string[]): Promise<void> {
  // In slices: one INSERT with 50,000 rows would pass SQLite's limit on bound values.
  for (let i = 0; i < words.length; i += 500) {
    await trx
      .insertInto('sensitive_words')
      .values(words.slice(i, i + 500).map((word) => ({ word })))
      .execute();
  }
}

/** What a file would do to the list: its new words, all its distinct words, and the counts shown before. */
function plan(file: ParsedWordFile, current: readonly string[]): { fresh: string[]; all: string[]; result: Omit<SensitiveWordImportResult, 'mode'> } {
  // Duplicates are judged as the matcher sees words: "代 开 发 票" is "代开发票" already listed.
  const listed = new Set(current.map(normalizeForMatching));
  const seen = new Set<string>();
  const fresh: string[] = [];
  const all: string[] = [];
  let duplicate = 0;
  for (const { word } of file.words) {
    const key = normalizeForMatching(word);
    if (seen.has(key)) {
      duplicate++;
      continue;
    }
    seen.add(key);
    all.push(word);
    if (listed.has(key)) duplicate++;
    else fresh.push(word);
  }
  const removed = current.filter((w) => !seen.has(normalizeForMatching(w))).length;
  return {
    fresh,
    all,
    result: {
      new: fresh.length,
      duplicate,
      invalid: file.problems.length,
      problems: file.problems.slice(0, PROBLEMS_SHOWN),
      current: current.length,
      removed,
      afterMerge: current.length + fresh.length,
      afterReplace: all.length,
    },
  };
}

const tooMany = () => new DomainError('validation', 'content', 'too_many_words', { max: SENSITIVE_WORDS_MAX });

/** The site's sensitive-word list (敏感词): stored, compiled once per change, and audited when changed. */
export class SensitiveWordList {
  private compiled = new SensitiveWordFilter([]);

  constructor(private readonly db: Db) {}

  /** The compiled filter for screening; replaced whole when the list changes. */
  get filter(): SensitiveWordFilter {
    return this.compiled;
  }

  /** Compiles the list from the database; called at start and after every change. */
  async load(): Promise<void> {
    this.compiled = new SensitiveWordFilter(await this.get());
  }

  async get(db: Db = this.db): Promise<string[]> {
    const rows = await db.selectFrom('sensitive_words').select('word').orderBy('word').execute();
    return rows.map((r) => r.word);
  }

  async set(words: string[], actor: Actor): Promise<string[]> {
    const unique = [...new Set(words)];
    await this.db.transaction().execute(async (trx) => {
      const before = await this.get(trx);
      await trx.deleteFrom('sensitive_words').execute();
      await insertWords(trx, unique);
      await recordAudit(trx, {
        actor,
        action: 'settings.sensitive_words',
        entity: 'settings',
        entityId: null,
        before: { count: before.length },
        after: { count: unique.length },
      });
    });
    await this.load();
    return this.get();
  }

  /**
   * Reads a word-list file and says what it holds (preview), or adds its new words to the list (merge),
   * or makes it the whole list (replace). Invalid lines are skipped and reported with their numbers; an
   * unreadable file is refused whole. Changes are audited.
   */
  async importFile(input: SensitiveWordImport, actor: Actor): Promise<SensitiveWordImportResult> {
    const file = parseWordFile(input.content, input.format);
    if (input.mode === 'preview') {
      const { all, result } = plan(file, await this.get());
      if (all.length > SENSITIVE_WORDS_MAX) throw tooMany();
      return { mode: input.mode, ...result };
    }
    const mode = input.mode;
    const result = await this.db.transaction().execute(async (trx) => {
      // Planned inside the transaction, so a list changed since the preview is merged with as it is now.
      const { fresh, all, result } = plan(file, await this.get(trx));
      const after = mode === 'merge' ? result.afterMerge : result.afterReplace;
      if (after > SENSITIVE_WORDS_MAX) throw tooMany();
      if (mode === 'replace') await trx.deleteFrom('sensitive_words').execute();
      await insertWords(trx, mode === 'merge' ? fresh : all);
      await recordAudit(trx, {
        actor,
        action: `settings.sensitive_words.${mode}`,
        entity: 'settings',
        entityId: null,
        // What the import did, read as one record (count, added, removed) rather than as a before and after.
        after: { count: after, added: result.new, removed: mode === 'replace' ? result.removed : 0 },
      });
      return result;
    });
    await this.load();
    return { mode, ...result };
  }

  /** The list as a .txt or .csv file; who took a copy of it is audited. */
  async exportFile(format: WordFileFormat, actor: Actor): Promise<string> {
    const words = await this.get();
    await recordAudit(this.db, {
      actor,
      action: 'settings.sensitive_words.export',
      entity: 'settings',
      entityId: null,
      after: { count: words.length, format },
    });
    return formatWordFile(words, format);
  }
}
