import type { Selectable } from 'kysely';
import type { CuePublic, CueSource, CueStaff, Speaker } from '../../shared/schemas/caption.js';
import type { Database } from '../db/schema.js';

export type CueRow = Selectable<Database['caption_cues']>;

/** The states a line's row goes through; only `final` ones are public once the line is sent. */
export type CueState = 'open' | 'final' | 'withdrawn' | 'abandoned';

/** A stored line as the desk sees it (an open row is a partial: its live text is held in memory). */
export function toCueStaff(r: CueRow): CueStaff {
  return {
    id: r.id,
    interviewId: r.interview_id,
    track: r.track,
    seq: r.seq,
    speaker: r.speaker_name === null ? null : { name: r.speaker_name, title: r.speaker_title },
    text: r.text,
    final: r.state === 'final',
    startMs: r.start_ms,
    ...(r.end_ms !== null && { endMs: r.end_ms }),
    at: r.at,
    source: r.source as CueSource,
    revised: r.revised === 1,
    author: { userId: r.author_user_id, tokenId: r.author_token_id, name: r.author_name },
  };
}

/** What viewers get of a cue: the staff view less its interview and author. */
export function toCuePublic(c: CueStaff): CuePublic {
  const { interviewId: _i, author: _a, ...pub } = c;
  return pub;
}

/** The speaker columns of a row. */
export function speakerColumns(s: Speaker | null | undefined): { speaker_name: string | null; speaker_title: string } {
  return { speaker_name: s?.name ?? null, speaker_title: s?.title ?? '' };
}
