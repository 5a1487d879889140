import { recordAudit, type Actor } from '../audit/log.js';
import type { Db } from '../db/index.js';
import { SensitiveWordFilter } from './screening.js';

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

  async get(): Promise<string[]> {
    const rows = await this.db.selectFrom('sensitive_words').select('word').orderBy('word').execute();
    return rows.map((r) => r.word);
  }

  async set(words: string[], actor: Actor): Promise<string[]> {
    const unique = [...new Set(words)];
    const before = await this.get();
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sensitive_words').execute();
      for (let i = 0; i < unique.length; i += 500) {
        await trx
          .insertInto('sensitive_words')
          .values(unique.slice(i, i + 500).map((word) => ({ word })))
          .execute();
      }
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
}
