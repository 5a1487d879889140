import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Selectable } from 'kysely';
import type { CuePublic } from '../../shared/schemas/caption.js';
import { PublicationManifest, type ProgramState } from '../../shared/schemas/record.js';
import type { PublicationStaff, PublishPreview, PublishRequest, SubtitleCuePreview } from '../../shared/schemas/recordPublish.js';
import { recordAudit } from '../audit/log.js';
import { toSrt, toWebVtt } from '../captions/formats.js';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/index.js';
import { DomainError } from '../http/errors.js';
import type { StaffActor } from '../questions/service.js';
import { shiftChapters } from './chapters.js';
import type { PublishSources } from './publish-sources.js';
import { cutProgram, posterFrame } from './publish-video.js';
import { transcriptDocx, transcriptHtml, transcriptText } from './transcript-export.js';
import type { RecordTranscripts } from './transcript-store.js';
import { shiftTranscript } from './transcript.js';

type PublicationRow = Selectable<Database['record_publications']> & { published_name: string | null; unpublished_name: string | null };

/** Where the compose module serves the untrimmed program to staff (range requests). */
export const programVideoUrl = (interviewId: number) => `/api/studio/interviews/${interviewId}/record/program.mp4`;

const TRANSCRIPT_FILES = { html: 'transcript.html', txt: 'transcript.txt', docx: 'transcript.docx', json: 'transcript.json' };

/** A track's language tag as a file name (tags are letters, digits and hyphens already; this only makes sure). */
const trackFile = (track: string) => track.replace(/[^A-Za-z0-9-]/g, '_');

/** Program-time cues on the published video starting at `cutStartMs`: shifted, clipped to it, the rest left out. */
function publishedCues(track: string, cues: readonly SubtitleCuePreview[], cutStartMs: number, durationMs: number): CuePublic[] {
  return cues
    .map((c) => ({ ...c, startMs: Math.max(0, c.startMs - cutStartMs), endMs: Math.min(durationMs, c.endMs - cutStartMs) }))
    .filter((c) => c.endMs > c.startMs && c.startMs < durationMs)
    .map((c, i) => ({ id: i + 1, track, seq: i + 1, speaker: c.speaker, text: c.text, final: true, startMs: c.startMs, endMs: c.endMs, at: '', source: 'desk', revised: false }));
}

/**
 * 审核发布: the admin's review and publication of an interview's record. A publication is a frozen folder
 * (RECORDING_DIR/<id>/published/<version>/) written whole before its row exists, so the portal never sees a
 * half-written one; the newest publication not withdrawn is the one the portal shows, and unpublishing hides
 * every version (the rows stay, with who and when).
 */
export class RecordPublisher {
  /** One publication at a time per interview: two clicks must not race for the same version. */
  private readonly running = new Map<number, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    /** RECORDING_DIR, absolute. */
    private readonly root: string,
    private readonly transcripts: RecordTranscripts,
    private readonly sources: PublishSources,
    /** Told after a publication or withdrawal commits, so open viewer pages switch at once. */
    private readonly changed: (interviewId: number) => void = () => undefined,
  ) {}

  /** What the review page shows: the program, the trim, the subtitles, chapters and the publications. */
  async preview(interviewId: number): Promise<PublishPreview> {
    await this.interview(interviewId);
    const program = await this.db.selectFrom('record_programs').selectAll().where('interview_id', '=', interviewId).executeTakeFirst();
    const transcript = await this.transcripts.get(interviewId);
    return {
      program: {
        state: (program?.state as ProgramState | undefined) ?? null,
        durationMs: program?.duration_ms ?? null,
        video: program?.state === 'ready' ? programVideoUrl(interviewId) : null,
      },
      trim: await this.sources.trim(interviewId),
      subtitles: await this.sources.subtitleTracks(interviewId),
      chapters: await this.transcripts.chapters(interviewId),
      transcriptBlocks: transcript.transcript.blocks.length,
      publications: await this.list(interviewId),
    };
  }

  /** Every publication of an interview, newest first. */
  async list(interviewId: number): Promise<PublicationStaff[]> {
    const rows = await this.db
      .selectFrom('record_publications as p')
      .leftJoin('users as pu', 'pu.id', 'p.published_by')
      .leftJoin('users as uu', 'uu.id', 'p.unpublished_by')
      .selectAll('p')
      .select(['pu.display_name as published_name', 'uu.display_name as unpublished_name'])
      .where('p.interview_id', '=', interviewId)
      .orderBy('p.version', 'desc')
      .execute();
    const current = rows.find((r) => r.unpublished_at === null)?.version ?? null;
    return rows.map((r) => this.toStaff(r, current));
  }

  /**
   * Publishes the record as a new version: 409 without a ready program, 400 on `reason` when no subtitle track
   * has cues and no reason is given (every published video should have subtitles; going without is recorded).
   */
  async publish(interviewId: number, req: PublishRequest, actor: StaffActor): Promise<PublicationStaff> {
    const publication = await this.serial(interviewId, () => this.publishNow(interviewId, req, actor));
    this.changed(interviewId);
    return publication;
  }

  /** Withdraws the record from the portal; the files and rows stay (who, when), audited. 409 if nothing is out. */
  async unpublish(interviewId: number, actor: StaffActor): Promise<PublicationStaff[]> {
    await this.interview(interviewId);
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const live = await trx.selectFrom('record_publications').select('version').where('interview_id', '=', interviewId).where('unpublished_at', 'is', null).execute();
      if (live.length === 0) throw new DomainError('conflict', 'publication', 'not_published');
      await trx.updateTable('record_publications').set({ unpublished_at: now, unpublished_by: actor.id }).where('interview_id', '=', interviewId).where('unpublished_at', 'is', null).execute();
      await recordAudit(trx, { actor, action: 'record.unpublish', entity: 'interview', entityId: interviewId, before: { versions: live.map((v) => v.version) }, at: now });
    });
    this.changed(interviewId);
    return this.list(interviewId);
  }

  private async publishNow(interviewId: number, req: PublishRequest, actor: StaffActor): Promise<PublicationStaff> {
    await this.interview(interviewId);
    const program = await this.db.selectFrom('record_programs').selectAll().where('interview_id', '=', interviewId).executeTakeFirst();
    const source = program?.state === 'ready' && program.path ? path.resolve(this.root, program.path) : null;
    if (!source || !(await fs.stat(source).catch(() => null))?.isFile()) throw new DomainError('conflict', 'program', 'no_program');
    const tracks = (await this.sources.subtitleTracks(interviewId)).filter((t) => t.cues.length > 0);
    const reason = req.reason?.trim() || null;
    if (tracks.length === 0 && !reason) throw new DomainError('validation', 'reason', 'no_subtitles_reason');
    const trim = await this.sources.trim(interviewId);

    const last = await this.db.selectFrom('record_publications').select((eb) => eb.fn.max('version').as('v')).where('interview_id', '=', interviewId).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const dirRel = path.join(String(interviewId), 'published', String(version));
    const dir = path.join(this.root, dirRel);
    // Written beside, then renamed into place: a crash leaves a stray temporary folder, never a half publication.
    const tmp = path.join(this.root, String(interviewId), 'published', `.tmp-${version}-${randomBytes(4).toString('hex')}`);
    await fs.mkdir(tmp, { recursive: true });
    try {
      const { cutStartMs, durationMs } = await cutProgram(source, path.join(tmp, 'video.mp4'), trim.inMs, trim.outMs);
      await posterFrame(path.join(tmp, 'video.mp4'), path.join(tmp, 'poster.jpg'), durationMs);
      const subtitles: PublicationManifest['subtitles'] = [];
      for (const t of tracks) {
        const cues = publishedCues(t.track, t.cues, cutStartMs, durationMs);
        const files = { vtt: `${trackFile(t.track)}.vtt`, srt: `${trackFile(t.track)}.srt` };
        await fs.writeFile(path.join(tmp, files.vtt), toWebVtt(cues));
        await fs.writeFile(path.join(tmp, files.srt), toSrt(cues));
        subtitles.push({ track: t.track, label: t.label, ...files });
      }
      const chapters = shiftChapters(await this.transcripts.chapters(interviewId), cutStartMs, durationMs);
      const transcript = shiftTranscript((await this.transcripts.get(interviewId)).transcript, cutStartMs, durationMs);
      await fs.writeFile(path.join(tmp, TRANSCRIPT_FILES.json), JSON.stringify(transcript, null, 2));
      await fs.writeFile(path.join(tmp, TRANSCRIPT_FILES.html), transcriptHtml(transcript));
      await fs.writeFile(path.join(tmp, TRANSCRIPT_FILES.txt), transcriptText(transcript));
      await fs.writeFile(path.join(tmp, TRANSCRIPT_FILES.docx), await transcriptDocx(transcript));
      const manifest = PublicationManifest.parse({ durationMs, video: 'video.mp4', poster: 'poster.jpg', subtitles, chapters, transcript: TRANSCRIPT_FILES });

      await fs.rm(dir, { recursive: true, force: true });
      await fs.rename(tmp, dir);
      const now = new Date().toISOString();
      try {
        await this.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('record_publications')
            .values({ interview_id: interviewId, version, dir: dirRel, manifest: JSON.stringify(manifest), no_subtitles_reason: tracks.length === 0 ? reason : null, published_at: now, published_by: actor.id, unpublished_at: null, unpublished_by: null })
            .execute();
          await recordAudit(trx, {
            actor,
            action: 'record.publish',
            entity: 'interview',
            entityId: interviewId,
            after: { version, dir: dirRel, durationMs, cutStartMs, trim, subtitles: subtitles.map((s) => s.track), chapters: chapters.length },
            reason: tracks.length === 0 ? reason : null,
            at: now,
          });
        });
      } catch (err) {
        await fs.rm(dir, { recursive: true, force: true });
        throw err;
      }
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
    return (await this.list(interviewId)).find((p) => p.version === version)!;
  }

  private async interview(id: number): Promise<void> {
    const row = await this.db.selectFrom('interviews').select('id').where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'interview');
  }

  private async serial<T>(interviewId: number, job: () => Promise<T>): Promise<T> {
    const before = this.running.get(interviewId) ?? Promise.resolve();
    const next = before.catch(() => undefined).then(job);
    this.running.set(interviewId, next);
    try {
      return await next;
    } finally {
      if (this.running.get(interviewId) === next) this.running.delete(interviewId);
    }
  }

  private toStaff(r: PublicationRow, current: number | null): PublicationStaff {
    return {
      version: r.version,
      publishedAt: r.published_at,
      publishedBy: r.published_name ?? '',
      unpublishedAt: r.unpublished_at,
      unpublishedBy: r.unpublished_name,
      noSubtitlesReason: r.no_subtitles_reason,
      current: r.version === current,
      manifest: PublicationManifest.parse(JSON.parse(r.manifest)),
    };
  }
}
