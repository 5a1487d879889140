import type { TestServer } from './server.js';

/** A live caption as the caption desk stores it (a fixture: the record reads the table, not the desk). */
export interface LiveCaption {
  track?: string;
  atWallMs: number;
  typedMs: number;
  text: string;
  speaker?: string | null;
  state?: 'final' | 'withdrawn';
  revised?: boolean;
}

/** Writes live captions straight into caption_cues, on a broadcast clock that started at `clockZero`. */
export async function insertLiveCaptions(server: TestServer, interviewId: number, clockZero: number, cues: LiveCaption[]): Promise<void> {
  let seq = 0;
  for (const c of cues) {
    const startMs = c.atWallMs - clockZero;
    await server.domain.db
      .insertInto('caption_cues')
      .values({
        interview_id: interviewId,
        track: c.track ?? 'zh-CN',
        seq: ++seq,
        speaker_name: c.speaker ?? null,
        speaker_title: '',
        text: c.text,
        state: c.state ?? 'final',
        start_ms: startMs,
        end_ms: startMs + c.typedMs,
        at: new Date(c.atWallMs).toISOString(),
        source: 'desk',
        author_user_id: null,
        author_token_id: null,
        author_name: 'editor1',
        revised: c.revised ? 1 : 0,
        updated_at: new Date().toISOString(),
      })
      .execute();
  }
}
