import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ProgramSpan } from '../../shared/schemas/record.js';
import type { TestServer } from './server.js';

/**
 * A composed program without a broadcast (server/record/compose* makes the real ones): a program.mp4 as the
 * composer writes them (H.264 high/AAC 48 kHz, 30 fps, a key frame every second, fast start) from ffmpeg's test
 * picture and a tone that beeps one second in two (so a waveform has something to show), and its ready
 * record_programs row with the given spans.
 */
export function makeProgram(server: TestServer, interviewId: number, seconds: number, spans: ProgramSpan[]): string {
  const rel = path.join(String(interviewId), 'program.mp4');
  const file = path.join(recordingDirOf(server), rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=320x180:rate=30:duration=${seconds}`,
    '-f', 'lavfi', '-i', `aevalsrc='if(lt(mod(t,2),1),0.8*sin(2*PI*440*t),0)':s=48000:d=${seconds}`,
    '-c:v', 'libx264', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-preset', 'ultrafast',
    '-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart', '-shortest', file,
  ]);
  const now = new Date().toISOString();
  server.database.sqlite
    .prepare(`INSERT INTO record_programs (interview_id, state, path, duration_ms, bytes, spans, error, started_at, composed_at)
      VALUES (?, 'ready', ?, ?, ?, ?, NULL, ?, ?)
      ON CONFLICT(interview_id) DO UPDATE SET state = 'ready', path = excluded.path, duration_ms = excluded.duration_ms, bytes = excluded.bytes, spans = excluded.spans`)
    .run(interviewId, rel, seconds * 1000, fs.statSync(file).size, JSON.stringify(spans), now, now);
  return file;
}

export function recordingDirOf(server: TestServer): string {
  return path.resolve(server.config.RECORDING_DIR ?? path.join(server.config.DATA_DIR, 'recordings'));
}

/** What ffprobe says of a media file: its streams' types and its duration in ms. */
export function probe(file: string): { streams: string[]; durationMs: number; startMs: number } {
  const out = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type:format=duration,start_time', '-of', 'json', file]).toString()) as {
    streams: Array<{ codec_type: string }>;
    format: { duration: string; start_time: string };
  };
  return { streams: out.streams.map((s) => s.codec_type).sort(), durationMs: Math.round(Number(out.format.duration) * 1000), startMs: Math.round(Number(out.format.start_time) * 1000) };
}
