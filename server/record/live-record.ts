import { publicQuestion } from '../../shared/questionPublic.js';
import { PRIMARY_CAPTION_TRACK, type Speaker } from '../../shared/schemas/caption.js';
import { ProgramSpan } from '../../shared/schemas/record.js';
import type { Db } from '../db/index.js';
import { DomainError } from '../http/errors.js';
import { toQuestionStaff } from '../questions/mapping.js';
import { listAirings, type Airing } from './airings.js';

/** A final live caption, wall clock. */
export interface LiveCue {
  wallStartMs: number;
  wallEndMs: number;
  speaker: Speaker | null;
  text: string;
}

/** A question put on air, its public (masked) wording and asker's display name. */
export interface AiredQuestion {
  questionId: number;
  wallMs: number;
  content: string;
  nickname: string;
}

/** A published 图文直播 entry. */
export interface LiveTextItem {
  wallMs: number;
  speaker: Speaker | null;
  text: string;
}

/** What the broadcast left behind that the record is made from, everything on the wall clock. */
export interface LiveRecord {
  interviewId: number;
  title: string;
  /** The composed program's spans ([] when there is no program yet). */
  spans: ProgramSpan[];
  cues: LiveCue[];
  airings: Airing[];
  questions: AiredQuestion[];
  /** Public wording by question id, for the chapters. */
  publicWording: Map<number, string>;
  livetext: LiveTextItem[];
}

/** The program's spans as stored (record_programs.spans), [] when there is none or it is unreadable. */
export async function programSpans(db: Db, interviewId: number): Promise<ProgramSpan[]> {
  const row = await db.selectFrom('record_programs').select('spans').where('interview_id', '=', interviewId).executeTakeFirst();
  if (!row) return [];
  const parsed = ProgramSpan.array().safeParse(JSON.parse(row.spans));
  return parsed.success ? parsed.data : [];
}

/** Final cues of one caption track (withdrawn and abandoned left out, corrections applied), wall clock. */
export async function liveCues(db: Db, interviewId: number, track: string): Promise<LiveCue[]> {
  const rows = await db
    .selectFrom('caption_cues')
    .select(['speaker_name', 'speaker_title', 'text', 'start_ms', 'end_ms', 'at'])
    .where('interview_id', '=', interviewId)
    .where('track', '=', track)
    .where('state', '=', 'final')
    .orderBy('start_ms')
    .orderBy('seq')
    .execute();
  return rows.map((r) => {
    const wallStartMs = Date.parse(r.at);
    // The broadcast clock's columns give the length; `at` is where it began on the wall clock.
    return {
      wallStartMs,
      wallEndMs: wallStartMs + Math.max(0, (r.end_ms ?? r.start_ms) - r.start_ms),
      speaker: r.speaker_name === null ? null : { name: r.speaker_name, title: r.speaker_title },
      text: r.text,
    };
  });
}

/** Reads the live record of an interview (404 when there is no such interview). */
export async function readLiveRecord(db: Db, interviewId: number): Promise<LiveRecord> {
  const interview = await db.selectFrom('interviews').select(['id', 'title']).where('id', '=', interviewId).executeTakeFirst();
  if (!interview) throw new DomainError('not_found', 'interview');
  const airings = await listAirings(db, interviewId);
  const ids = [...new Set(airings.map((a) => a.questionId))];
  const rows = ids.length > 0 ? await db.selectFrom('questions').selectAll().where('id', 'in', ids).execute() : [];
  const publicWording = new Map<number, string>();
  const nicknames = new Map<number, string>();
  for (const r of rows) {
    // The one rule for what the public sees of a question: a question later rejected has no public wording.
    const pub = publicQuestion(toQuestionStaff(r));
    if (pub) {
      publicWording.set(pub.id, pub.content);
      nicknames.set(pub.id, pub.nickname);
    }
  }
  const firstAiring = new Map<number, number>();
  for (const a of airings) if (!firstAiring.has(a.questionId)) firstAiring.set(a.questionId, a.onAirMs);
  const questions = [...firstAiring].flatMap(([questionId, wallMs]) => {
    const content = publicWording.get(questionId);
    return content === undefined ? [] : [{ questionId, wallMs, content, nickname: nicknames.get(questionId) ?? '' }];
  });
  const entries = await db
    .selectFrom('livetext_entries')
    .select(['speaker', 'text', 'published_at'])
    .where('interview_id', '=', interviewId)
    .where('status', '=', 'published')
    .where('published_at', 'is not', null)
    .orderBy('published_at')
    .execute();
  return {
    interviewId,
    title: interview.title,
    spans: await programSpans(db, interviewId),
    cues: await liveCues(db, interviewId, PRIMARY_CAPTION_TRACK),
    airings,
    questions,
    publicWording,
    livetext: entries
      .filter((e) => e.text.trim())
      .map((e) => ({ wallMs: Date.parse(e.published_at!), speaker: e.speaker === null ? null : (JSON.parse(e.speaker) as Speaker), text: e.text })),
  };
}
