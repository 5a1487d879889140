import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Document, Packer, Paragraph } from 'docx';
import type { Chapter, PublicationManifest, Transcript } from '../../shared/schemas/record.js';
import { recordingDir } from '../../server/domain.js';
import type { TestServer } from './server.js';

const run = promisify(execFile);

/** The subtitle cues the fixture's tracks carry (published time, ms). */
export const FIXTURE_CUES = [
  { startMs: 500, endMs: 2500, speaker: '主持人', text: '各位网友大家好，欢迎收看在线访谈。' },
  { startMs: 3000, endMs: 5500, speaker: '张局长', text: '今年我们新建了十二所幼儿园。' },
  { startMs: 6000, endMs: 8500, speaker: '张局长', text: '明年还将增加三千个学位。' },
];

/** The same lines in English, for a second track. */
export const FIXTURE_CUES_EN = [
  { ...FIXTURE_CUES[0]!, speaker: 'Host', text: 'Hello everyone, welcome to the online interview.' },
  { ...FIXTURE_CUES[1]!, speaker: 'Director Zhang', text: 'This year we built twelve kindergartens.' },
  { ...FIXTURE_CUES[2]!, speaker: 'Director Zhang', text: 'Next year there will be three thousand more places.' },
];

export const FIXTURE_CHAPTERS: Chapter[] = [
  { startMs: 2900, title: '今年新建了多少所幼儿园？', questionId: 11 },
  { startMs: 5900, title: '明年的学位够不够？', questionId: 12 },
];

export const FIXTURE_TRANSCRIPT: Transcript = {
  title: '在线访谈实录',
  blocks: [
    { kind: 'heading', speaker: '', title: '', text: '访谈开始', startMs: null, questionId: null },
    { kind: 'speech', speaker: '主持人', title: '', text: FIXTURE_CUES[0]!.text, startMs: 500, questionId: null },
    { kind: 'question', speaker: '网友', title: '', text: FIXTURE_CHAPTERS[0]!.title, startMs: 2900, questionId: 11 },
    { kind: 'speech', speaker: '张局长', title: '教育局局长', text: FIXTURE_CUES[1]!.text, startMs: 3000, questionId: null },
    { kind: 'question', speaker: '网友', title: '', text: FIXTURE_CHAPTERS[1]!.title, startMs: 5900, questionId: 12 },
    { kind: 'speech', speaker: '张局长', title: '教育局局长', text: FIXTURE_CUES[2]!.text, startMs: 6000, questionId: null },
    { kind: 'livetext', speaker: '', title: '', text: '图文：访谈现场照片', startMs: null, questionId: null },
  ],
};

const clock = (ms: number, sep: '.' | ',') => {
  const h = Math.floor(ms / 3600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${sep}${pad(ms % 1000, 3)}`;
};

/** A small H.264/AAC MP4 with fast start, like the publisher writes: colour bars with a counter and a tone. */
export async function makeVideo(file: string, seconds: number, opts: { size?: string; bitrate?: string } = {}): Promise<void> {
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=${opts.size ?? '320x180'}:rate=30:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '30',
    ...(opts.bitrate ? ['-b:v', opts.bitrate] : []),
    '-c:a', 'aac', '-b:a', '64k', '-shortest', '-movflags', '+faststart', file,
  ]);
}

/**
 * Publishes a record for an interview the way helper E's publisher leaves it: a folder
 * RECORDING_DIR/<id>/published/<version>/ with the video, a WebVTT and SRT track (and an English one
 * with `english`), the transcript in
 * four forms, and the record_publications row. Returns the manifest and the folder.
 */
export async function publishFixture(
  server: TestServer,
  interviewId: number,
  opts: { version?: number; seconds?: number; video?: string; english?: boolean } = {},
): Promise<{ manifest: PublicationManifest; dir: string; version: number }> {
  const version = opts.version ?? 1;
  const rel = path.join(String(interviewId), 'published', String(version));
  const dir = path.join(recordingDir(server.config), rel);
  fs.mkdirSync(dir, { recursive: true });
  if (opts.video) fs.copyFileSync(opts.video, path.join(dir, 'video.mp4'));
  else await makeVideo(path.join(dir, 'video.mp4'), opts.seconds ?? 10);
  const tracks = [{ track: 'zh-CN', label: '简体中文', cues: FIXTURE_CUES }, ...(opts.english ? [{ track: 'en', label: 'English', cues: FIXTURE_CUES_EN }] : [])];
  for (const t of tracks) {
    const vtt = ['WEBVTT', '', ...t.cues.flatMap((c, i) => [`${i + 1}`, `${clock(c.startMs, '.')} --> ${clock(c.endMs, '.')}`, `<v ${c.speaker}>${c.text}`, ''])];
    const srt = t.cues.flatMap((c, i) => [`${i + 1}`, `${clock(c.startMs, ',')} --> ${clock(c.endMs, ',')}`, `${c.speaker}：${c.text}`, '']);
    fs.writeFileSync(path.join(dir, `${t.track}.vtt`), vtt.join('\n'));
    fs.writeFileSync(path.join(dir, `${t.track}.srt`), srt.join('\n'));
  }
  fs.writeFileSync(path.join(dir, 'transcript.json'), JSON.stringify(FIXTURE_TRANSCRIPT));
  const lines = FIXTURE_TRANSCRIPT.blocks.map((b) => `${b.speaker ? `${b.speaker}：` : ''}${b.text}`);
  fs.writeFileSync(path.join(dir, 'transcript.txt'), lines.join('\n\n'));
  fs.writeFileSync(path.join(dir, 'transcript.html'), `<!doctype html><meta charset="utf-8"><title>实录</title>${lines.map((l) => `<p>${l}</p>`).join('')}`);
  const docx = new Document({ sections: [{ children: lines.map((l) => new Paragraph(l)) }] });
  fs.writeFileSync(path.join(dir, 'transcript.docx'), await Packer.toBuffer(docx));
  const manifest: PublicationManifest = {
    durationMs: (opts.seconds ?? 10) * 1000,
    video: 'video.mp4',
    subtitles: tracks.map((t) => ({ track: t.track, label: t.label, vtt: `${t.track}.vtt`, srt: `${t.track}.srt` })),
    chapters: FIXTURE_CHAPTERS,
    transcript: { html: 'transcript.html', txt: 'transcript.txt', docx: 'transcript.docx', json: 'transcript.json' },
  };
  await server.domain.db
    .insertInto('record_publications')
    .values({ interview_id: interviewId, version, dir: rel, manifest: JSON.stringify(manifest), no_subtitles_reason: null, published_at: new Date().toISOString(), published_by: 1 })
    .execute();
  return { manifest, dir, version };
}

/** Marks the current publication unpublished, as the admin's 撤回 does. */
export async function unpublishFixture(server: TestServer, interviewId: number, version = 1): Promise<void> {
  await server.domain.db
    .updateTable('record_publications')
    .set({ unpublished_at: new Date().toISOString(), unpublished_by: 1 })
    .where('interview_id', '=', interviewId)
    .where('version', '=', version)
    .execute();
}
