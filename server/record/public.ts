import path from 'node:path';
import type { InterviewStatus } from '../../shared/schemas/interview.js';
import { PublicationManifest, type RecordAvailability, type RecordPublic } from '../../shared/schemas/record.js';
import type { Db } from '../db/index.js';
import { DomainError } from '../http/errors.js';

/** The publication viewers may see: its row's version and folder, and what it holds. */
export interface CurrentPublication {
  interviewId: number;
  version: number;
  /** Absolute, inside RECORDING_DIR. */
  dir: string;
  manifest: PublicationManifest;
  publishedAt: string;
}

/** How many publications' file lists stay parsed: far more than the records being watched at once. */
const FILE_LISTS_KEPT = 500;

/** Where a published file answers: the record's files are addressed by slug and version, never by path. */
export function recordFileUrl(slug: string, version: number, file: string): string {
  return `/records/${encodeURIComponent(slug)}/${version}/${encodeURIComponent(file)}`;
}

/** Every file name a manifest lists: the only names its folder serves. */
export function manifestFiles(m: PublicationManifest): Set<string> {
  const names = [m.video, ...(m.poster ? [m.poster] : []), ...m.subtitles.flatMap((s) => [s.vtt, s.srt]), m.transcript.html, m.transcript.txt, m.transcript.docx, m.transcript.json];
  // A name with a folder in it is not one of ours (the publisher writes flat folders): never serve it.
  return new Set(names.filter((n) => n !== '' && path.basename(n) === n && n !== '.' && n !== '..'));
}

/**
 * The public side of the record (视频实录、文字实录): which publication is current, what
 * `GET /api/interviews/:slug/record` answers, and which file a `/records/…` URL may open. Publishing
 * itself (server/record/publish.ts) writes the rows and folders this reads.
 */
export class PublishedRecords {
  constructor(
    private readonly db: Db,
    /** RECORDING_DIR, resolved: every publication's folder must lie inside it. */
    private readonly root: string,
  ) {}

  /**
   * The current publication: the interview's latest version, unless that one was unpublished. An
   * unpublished latest version does not bring an older one back: the admin took the record down, and a
   * republication is how a corrected record goes out (an older folder may hold what was corrected).
   */
  async current(interviewId: number): Promise<CurrentPublication | null> {
    const row = await this.db
      .selectFrom('record_publications')
      .select(['version', 'dir', 'manifest', 'published_at', 'unpublished_at'])
      .where('interview_id', '=', interviewId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row || row.unpublished_at !== null) return null;
    const dir = path.resolve(this.root, row.dir);
    // A row pointing outside RECORDING_DIR (hand-edited, or a bug elsewhere) publishes nothing.
    if (!dir.startsWith(this.root + path.sep)) return null;
    const manifest = parseManifest(row.manifest);
    if (!manifest) return null;
    return { interviewId, version: row.version, dir, manifest, publishedAt: row.published_at };
  }

  /** What the public view says about one interview's record. */
  async availability(interview: { id: number; status: InterviewStatus }): Promise<RecordAvailability> {
    return availabilityOf(interview.status, (await this.current(interview.id)) !== null);
  }

  /** The same for a list of interviews, in one query. */
  async availabilities(interviews: ReadonlyArray<{ id: number; status: InterviewStatus }>): Promise<Map<number, RecordAvailability>> {
    const published = new Set<number>();
    if (interviews.length > 0) {
      // The latest version of each interview, published only if that one is not unpublished (as current()).
      const rows = await this.db
        .selectFrom('record_publications as p')
        .select('p.interview_id')
        .where('p.unpublished_at', 'is', null)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('record_publications as later').select('later.id').whereRef('later.interview_id', '=', 'p.interview_id').whereRef('later.version', '>', 'p.version'))),
        )
        .execute();
      for (const r of rows) published.add(r.interview_id);
    }
    return new Map(interviews.map((i) => [i.id, availabilityOf(i.status, published.has(i.id))]));
  }

  /** `GET /api/interviews/:slug/record`: the current publication with a URL for every file; 404 until published. */
  async recordPublic(interview: { id: number; slug: string }): Promise<RecordPublic> {
    const pub = await this.current(interview.id);
    if (!pub) throw new DomainError('not_found', 'record', 'record_not_published');
    const url = (file: string) => recordFileUrl(interview.slug, pub.version, file);
    const m = pub.manifest;
    return {
      video: url(m.video),
      poster: m.poster ? url(m.poster) : null,
      duration: m.durationMs,
      subtitles: m.subtitles.map((s) => ({ track: s.track, label: s.label, vtt: url(s.vtt), srt: url(s.srt) })),
      chapters: m.chapters,
      transcript: { html: url(m.transcript.html), txt: url(m.transcript.txt), docx: url(m.transcript.docx), json: url(m.transcript.json) },
      publishedAt: pub.publishedAt,
    };
  }

  /**
   * The folder and name of a published file, or null: only the current version's files of a public
   * (non-draft) interview, and only the names its manifest lists, so no URL reaches a file by a path of
   * its own (no `..`, no other folder). Every range request of a seeking player comes here, so it is one
   * query, and a row's file list is parsed once: a publication's manifest never changes (a correction is
   * a new version), only whether it is unpublished, which the query reads every time.
   */
  async file(slug: string, version: number, file: string): Promise<{ dir: string; file: string } | null> {
    const row = await this.db
      .selectFrom('record_publications as p')
      .innerJoin('interviews as i', 'i.id', 'p.interview_id')
      .select(['p.id', 'p.version', 'p.dir', 'p.unpublished_at'])
      .where('i.slug', '=', slug)
      .where('i.status', '!=', 'draft')
      .orderBy('p.version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row || row.unpublished_at !== null || row.version !== version) return null;
    const dir = path.resolve(this.root, row.dir);
    if (!dir.startsWith(this.root + path.sep) || !(await this.#files(row.id)).has(file)) return null;
    return { dir, file };
  }

  /** The file names of one publication's manifest, parsed once per row (kept for the last few hundred). */
  async #files(publicationId: number): Promise<Set<string>> {
    const known = this.#fileLists.get(publicationId);
    if (known) return known;
    const row = await this.db.selectFrom('record_publications').select('manifest').where('id', '=', publicationId).executeTakeFirst();
    const manifest = row && parseManifest(row.manifest);
    const files = manifest ? manifestFiles(manifest) : new Set<string>();
    if (this.#fileLists.size >= FILE_LISTS_KEPT) this.#fileLists.delete(this.#fileLists.keys().next().value!);
    this.#fileLists.set(publicationId, files);
    return files;
  }

  readonly #fileLists = new Map<number, Set<string>>();
}

/** A row's manifest, or null when it does not parse (a damaged row publishes nothing rather than a 500). */
function parseManifest(json: string): PublicationManifest | null {
  try {
    const parsed = PublicationManifest.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Published when a current publication exists; after the broadcast, until then, being prepared (实录整理中). */
function availabilityOf(status: InterviewStatus, published: boolean): RecordAvailability {
  if (published) return 'published';
  return status === 'ended' ? 'preparing' : 'none';
}
