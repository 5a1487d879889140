import { Transcript, type Chapter, type TranscriptBlock } from '../../shared/schemas/record.js';
import type { TranscriptEdit, TranscriptStaff } from '../../shared/schemas/recordPublish.js';
import { recordAudit } from '../audit/log.js';
import type { Db } from '../db/index.js';
import type { StaffActor } from '../questions/service.js';
import { chaptersOf } from './chapters.js';
import { readLiveRecord } from './live-record.js';
import { assembleTranscript } from './transcript.js';

/** An edit's audit entry names the blocks it changed, not two whole documents (a long one is 100 KB, saved often). */
const AUDITED_BLOCKS = 50;

/** What an edit changed, for the audit log: the title, the block counts, and the changed blocks' text (bounded). */
export function transcriptChange(before: Transcript, after: Transcript): { before: unknown; after: unknown } {
  const text = (b: TranscriptBlock | undefined) => (b ? `${b.kind}|${b.speaker}|${b.title}|${b.text}` : null);
  const changed: number[] = [];
  for (let i = 0; i < Math.max(before.blocks.length, after.blocks.length); i++) if (text(before.blocks[i]) !== text(after.blocks[i])) changed.push(i);
  const pick = (t: Transcript) => ({
    title: t.title,
    blocks: t.blocks.length,
    changed: changed.slice(0, AUDITED_BLOCKS).map((i) => ({ index: i, block: t.blocks[i] ?? null })),
  });
  return { before: pick(before), after: pick(after) };
}

/**
 * The 文字实录 of each interview as an editable document: assembled from the live record the first time it is
 * read, then what the editors saved, until they ask for it to be assembled again (which replaces their edits).
 */
export class RecordTranscripts {
  constructor(private readonly db: Db) {}

  /**
   * The stored document, assembled and stored first if there is none yet. One nobody has edited is assembled
   * again when the program was composed after it, so opening the page before the program was ready does not
   * leave it without times.
   */
  async get(interviewId: number): Promise<TranscriptStaff> {
    const stored = await this.read(interviewId);
    if (stored && stored.updatedBy === null) {
      const program = await this.db.selectFrom('record_programs').select('composed_at').where('interview_id', '=', interviewId).where('state', '=', 'ready').executeTakeFirst();
      if (program?.composed_at && program.composed_at > stored.generatedAt) {
        const transcript = assembleTranscript(await readLiveRecord(this.db, interviewId));
        const now = new Date().toISOString();
        await this.db
          .updateTable('record_transcripts')
          .set({ document: JSON.stringify(transcript), generated_at: now, updated_at: now })
          .where('interview_id', '=', interviewId)
          .where('updated_by', 'is', null)
          .execute();
        return (await this.read(interviewId))!;
      }
    }
    if (stored) return stored;
    const transcript = assembleTranscript(await readLiveRecord(this.db, interviewId));
    const now = new Date().toISOString();
    // Two first reads at once: the second finds the row and keeps it.
    await this.db
      .insertInto('record_transcripts')
      .values({ interview_id: interviewId, document: JSON.stringify(transcript), generated_at: now, updated_at: now, updated_by: null })
      .onConflict((oc) => oc.column('interview_id').doNothing())
      .execute();
    return (await this.read(interviewId))!;
  }

  /** Saves an editor's version of the document, audited (before and after). */
  async save(interviewId: number, edit: TranscriptEdit, actor: StaffActor): Promise<TranscriptStaff> {
    const before = await this.get(interviewId);
    const transcript = Transcript.parse(edit);
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('record_transcripts').set({ document: JSON.stringify(transcript), updated_at: now, updated_by: actor.id }).where('interview_id', '=', interviewId).execute();
      await recordAudit(trx, { actor, action: 'record.transcript.edit', entity: 'interview', entityId: interviewId, ...transcriptChange(before.transcript, transcript), at: now });
    });
    return (await this.read(interviewId))!;
  }

  /** Assembles the document again from the live record, replacing the edited one (audited with what it replaced). */
  async regenerate(interviewId: number, actor: StaffActor): Promise<TranscriptStaff> {
    const before = await this.get(interviewId);
    const transcript = assembleTranscript(await readLiveRecord(this.db, interviewId));
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('record_transcripts').set({ document: JSON.stringify(transcript), generated_at: now, updated_at: now, updated_by: null }).where('interview_id', '=', interviewId).execute();
      await recordAudit(trx, { actor, action: 'record.transcript.regenerate', entity: 'interview', entityId: interviewId, ...transcriptChange(before.transcript, transcript), at: now });
    });
    return (await this.read(interviewId))!;
  }

  /** The chapters in program time: one per question put on air. */
  async chapters(interviewId: number): Promise<Chapter[]> {
    const live = await readLiveRecord(this.db, interviewId);
    return chaptersOf(live.airings, live.spans, live.publicWording);
  }

  private async read(interviewId: number): Promise<TranscriptStaff | null> {
    const row = await this.db
      .selectFrom('record_transcripts')
      .leftJoin('users', 'users.id', 'record_transcripts.updated_by')
      .select(['record_transcripts.document', 'record_transcripts.generated_at', 'record_transcripts.updated_at', 'users.display_name'])
      .where('record_transcripts.interview_id', '=', interviewId)
      .executeTakeFirst();
    if (!row) return null;
    return { transcript: Transcript.parse(JSON.parse(row.document)), generatedAt: row.generated_at, updatedAt: row.updated_at, updatedBy: row.display_name ?? null };
  }
}
