import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ProgramSpan } from '../../shared/schemas/record.js';
import { recordingDir } from '../../server/domain.js';
import type { TestServer } from './server.js';

/**
 * A composed program as helper B's composer leaves it, made here with ffmpeg: a test picture with a tone
 * that beeps one second in two (so the waveform has something to show), at RECORDING_DIR/<id>/program.mp4,
 * and its ready record_programs row with the wall-clock spans it holds.
 */
export async function makeProgram(server: TestServer, interviewId: number, spans: ProgramSpan[], seconds: number): Promise<string> {
  const dir = path.join(recordingDir(server.config), String(interviewId));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'program.mp4');
  execFileSync('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=640x360:rate=30:duration=${seconds}`,
    '-f', 'lavfi', '-i', `aevalsrc='if(lt(mod(t,2),1),0.8*sin(2*PI*440*t),0)':s=48000:d=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '30', '-c:a', 'aac', '-shortest', '-movflags', '+faststart',
    file,
  ]);
  await server.domain.db
    .insertInto('record_programs')
    .values({
      interview_id: interviewId,
      state: 'ready',
      path: `${interviewId}/program.mp4`,
      duration_ms: seconds * 1000,
      bytes: fs.statSync(file).size,
      spans: JSON.stringify(spans),
      error: null,
      started_at: new Date().toISOString(),
      composed_at: new Date().toISOString(),
    })
    .execute();
  return file;
}

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
