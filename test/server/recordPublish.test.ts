import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseSync } from 'subtitle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';
import { PublicationManifest, Transcript, type ProgramSpan } from '../../shared/schemas/record.js';
import { chaptersOf } from '../../server/record/chapters.js';
import { recordSubtitleSources } from '../../server/record/publish-sources.js';
import { RecordPublisher } from '../../server/record/publish.js';
import { RecordTranscripts } from '../../server/record/transcript-store.js';
import { transcriptHtml } from '../../server/record/transcript-export.js';
import { assembleTranscript } from '../../server/record/transcript.js';
import type { LiveRecord } from '../../server/record/live-record.js';
import { makeProgram, probe, recordingDirOf } from '../helpers/program.js';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

/**
 * After the broadcast: the on-air times of the questions, the chapters in program time, the 文字实录 assembled
 * from what went out live and its exports, and publishing (审核发布) into RECORDING_DIR/<id>/published/<v>/.
 */
let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let n = 0;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
});
afterAll(async () => {
  await server?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const audits = (action: string) => server.database.sqlite.prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY id').all(action) as Array<{ entity_id: number; actor_name: string; reason: string | null; after: string | null }>;

async function interview(): Promise<{ id: number; slug: string }> {
  const slug = `rec-${++n}`;
  const created = await staff.admin.post('/api/studio/interviews', {
    slug,
    title: `老旧小区改造访谈 ${n}`,
    unit: '区住建局',
    scheduledStart: '2026-05-08T06:30:00.000Z',
    scheduledEnd: '2026-05-08T07:30:00.000Z',
    guests: [{ name: '张明', title: '区住建局局长' }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await staff.admin.patch(`/api/studio/interviews/${created.body.id}`, { status: 'scheduled' })).status).toBe(200);
  expect((await staff.director.patch(`/api/studio/interviews/${created.body.id}`, { status: 'live' })).status).toBe(200);
  return { id: created.body.id, slug };
}

async function captioner(id: number): Promise<(text: string, speaker: { name: string; title: string }) => Promise<void>> {
  const t = await staff.director.post(`/api/studio/interviews/${id}/captions/tokens`, { track: 'zh-CN', label: '速记' });
  expect(t.status).toBe(201);
  return async (text, speaker) => {
    const r = await fetch(server.url + t.body.ingestPath, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, speaker }) });
    expect(r.status).toBe(200);
  };
}

async function askAndAir(slug: string, content: string): Promise<number> {
  const r = await new Client(server.url).post(`/api/interviews/${slug}/questions`, { content, nickname: '市民老王' });
  expect(r.status).toBe(201);
  expect((await staff.reviewer.post(`/api/studio/questions/${r.body.id}/transition`, { to: 'approved' })).status).toBe(200);
  expect((await staff.host.post(`/api/studio/questions/${r.body.id}/transition`, { to: 'on_air' })).status).toBe(200);
  return r.body.id as number;
}

const airedAt = (questionId: number) =>
  Date.parse((server.database.sqlite.prepare('SELECT on_air_at FROM question_airings WHERE question_id = ? ORDER BY id').get(questionId) as { on_air_at: string }).on_air_at);

const HOST = { name: '王芳', title: '主持人' };
const GUEST = { name: '张明', title: '区住建局局长' };

describe('chapters', () => {
  it('puts each question at its first airing in program time, skipping the paused stretch', () => {
    const spans: ProgramSpan[] = [
      { wallStartMs: 1_000_000, wallEndMs: 1_010_000, programStartMs: 0 },
      { wallStartMs: 1_070_000, wallEndMs: 1_100_000, programStartMs: 10_000 },
    ];
    const airings = [
      { questionId: 1, onAirMs: 1_004_250, offAirMs: 1_006_000 },
      { questionId: 2, onAirMs: 1_080_000, offAirMs: null },
      // Aired again later: still one chapter, at the first time.
      { questionId: 1, onAirMs: 1_090_000, offAirMs: null },
      // During the pause: where the recording resumed.
      { questionId: 3, onAirMs: 1_030_000, offAirMs: null },
      // Its wording is not public (rejected later): no chapter.
      { questionId: 4, onAirMs: 1_081_000, offAirMs: null },
    ];
    const wording = new Map([[1, '加装电梯怎么申请？'], [2, '什么时候开工？'], [3, '补贴标准是多少？']]);
    expect(chaptersOf(airings, spans, wording)).toEqual([
      { startMs: 4250, title: '加装电梯怎么申请？', questionId: 1 },
      { startMs: 10_000, title: '补贴标准是多少？', questionId: 3 },
      { startMs: 20_000, title: '什么时候开工？', questionId: 2 },
    ]);
  });
});

describe('assembling the 文字实录', () => {
  const cue = (s: number, name: string, text: string) => ({ wallStartMs: 1_000_000 + s * 1000, wallEndMs: 1_000_000 + s * 1000 + 800, speaker: { name, title: name === '王芳' ? '主持人' : '局长' }, text });
  const live = (over: Partial<LiveRecord>): LiveRecord => ({
    interviewId: 1,
    title: '访谈',
    spans: [{ wallStartMs: 1_000_000, wallEndMs: 1_100_000, programStartMs: 0 }],
    cues: [],
    airings: [],
    questions: [],
    publicWording: new Map(),
    livetext: [],
    ...over,
  });

  it('makes paragraphs by speaker, breaking on a long silence, a long paragraph, or a question between', () => {
    const long = '很'.repeat(400) + '。';
    const t = assembleTranscript(
      live({
        cues: [cue(1, '王芳', '大家好。'), cue(2, '王芳', '欢迎收看'), cue(3, '王芳', 'today'), cue(4, '张明', '谢谢。'), cue(70, '张明', '第二段。'), cue(71, '张明', long), cue(72, '张明', '第三段。'), cue(80, '张明', '回答。')],
        questions: [{ questionId: 9, wallMs: 1_075_000, content: '什么时候开工？', nickname: '' }],
        livetext: [{ wallMs: 1_090_000, speaker: null, text: '现场图片说明' }],
      }),
    );
    expect(t.blocks.map((b) => [b.kind, b.speaker, b.text.slice(0, 12), b.startMs])).toEqual([
      ['speech', '王芳', '大家好。欢迎收看 tod', 1000],
      ['speech', '张明', '谢谢。', 4000],
      ['speech', '张明', '第二段。很很很很很很很很', 70_000],
      ['speech', '张明', '第三段。', 72_000],
      ['question', '网友', '什么时候开工？', 75_000],
      ['speech', '张明', '回答。', 80_000],
      ['livetext', '', '现场图片说明', 90_000],
    ]);
    // Without a composed program the blocks have no time yet.
    expect(assembleTranscript(live({ spans: [], cues: [cue(1, '王芳', '大家好。')] })).blocks[0]!.startMs).toBeNull();
  });

  it('escapes everything in the HTML export', () => {
    const html = transcriptHtml({ title: '<b>标题</b>', blocks: [{ kind: 'speech', speaker: '"张"&', title: "<i>'", text: '<img src=x onerror=alert(1)>\n第二行', startMs: 3_723_000, questionId: null }] });
    expect(html).toContain('<title>&lt;b&gt;标题&lt;/b&gt; · 文字实录</title>');
    expect(html).toContain('<strong>&quot;张&quot;&amp;（&lt;i&gt;&#39;）</strong>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;<br>第二行');
    expect(html).toContain('<time>1:02:03</time>');
    expect(html).not.toMatch(/<img|<i>|<b>/);
  });
});

describe('the record of a broadcast', () => {
  let id: number;
  let slug: string;
  let qa: number;
  let qb: number;
  let spans: ProgramSpan[];

  beforeAll(async () => {
    ({ id, slug } = await interview());
    const say = await captioner(id);
    await say('各位网友，大家好。', HOST);
    await say('今天请来了区住建局的张明局长。', HOST);
    qa = await askAndAir(slug, '我家电话13812345678，小区加装电梯怎么申请补贴？');
    await say('加装电梯的补贴，向街道提出申请即可。', GUEST);
    expect((await staff.host.post(`/api/studio/questions/${qa}/transition`, { to: 'answered' })).status).toBe(200);
    const published = await staff.editor.post(`/api/studio/interviews/${id}/livetext`, { text: '现场：张明局长介绍补贴政策 & 申请流程', speaker: GUEST });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    await sleep(400);
    const pauseAt = Date.now() - 200;
    qb = await askAndAir(slug, '老旧小区改造什么时候开工？');
    await say('今年九月开工。', GUEST);
    expect((await staff.host.post(`/api/studio/questions/${qb}/transition`, { to: 'answered' })).status).toBe(200);
    expect((await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'ended' })).status).toBe(200);
    const started = Date.parse((server.database.sqlite.prepare('SELECT broadcast_started_at AS s FROM interviews WHERE id = ?').get(id) as { s: string }).s);
    // The director paused the recording for 100 ms between the two questions: the program skips it.
    spans = [
      { wallStartMs: started - 500, wallEndMs: pauseAt, programStartMs: 0 },
      { wallStartMs: pauseAt + 100, wallEndMs: pauseAt + 100 + 20_000, programStartMs: pauseAt - (started - 500) },
    ];
  });

  it('keeps when each question went on air, and the chapters are at those times in program time, masked', async () => {
    const before = await staff.editor.get(`/api/studio/interviews/${id}/record/chapters`);
    // Without a composed program there is no program time yet, in the chapters or the transcript opened early.
    expect(before.body).toEqual([]);
    const early = (await staff.editor.get(`/api/studio/interviews/${id}/record/transcript`)).body.transcript;
    expect(early.blocks.length).toBeGreaterThan(0);
    expect(early.blocks.every((b: any) => b.startMs === null)).toBe(true);
    makeProgram(server, id, 8, spans);
    const chapters = await staff.editor.get(`/api/studio/interviews/${id}/record/chapters`);
    expect(chapters.status).toBe(200);
    const expectA = airedAt(qa) - spans[0]!.wallStartMs;
    const expectB = spans[1]!.programStartMs + (airedAt(qb) - spans[1]!.wallStartMs);
    expect(chapters.body).toEqual([
      { startMs: expectA, title: expect.stringContaining('加装电梯怎么申请补贴'), questionId: qa },
      { startMs: expectB, title: '老旧小区改造什么时候开工？', questionId: qb },
    ]);
    expect(JSON.stringify(chapters.body)).not.toContain('13812345678');
    const airing = server.database.sqlite.prepare('SELECT on_air_at, off_air_at FROM question_airings WHERE question_id = ?').get(qa) as { on_air_at: string; off_air_at: string | null };
    expect(airing.off_air_at).not.toBeNull();
    expect(Date.parse(airing.off_air_at!)).toBeGreaterThanOrEqual(Date.parse(airing.on_air_at));
    expect((await staff.reviewer.get(`/api/studio/interviews/${id}/record/chapters`)).status).toBe(403);

    // An interview from before on-air times were kept: the audit log's on_air transitions give the same chapters.
    const sqlite = server.database.sqlite;
    const kept = sqlite.prepare('SELECT * FROM question_airings WHERE interview_id = ?').all(id);
    sqlite.prepare('DELETE FROM question_airings WHERE interview_id = ?').run(id);
    expect((await staff.editor.get(`/api/studio/interviews/${id}/record/chapters`)).body).toEqual(chapters.body);
    const put = sqlite.prepare('INSERT INTO question_airings (id, interview_id, question_id, on_air_at, off_air_at) VALUES (@id, @interview_id, @question_id, @on_air_at, @off_air_at)');
    for (const row of kept) put.run(row);
  });

  it('assembles the 文字实录: speakers in paragraphs, the questions with their time, the live text', async () => {
    const r = await staff.editor.get(`/api/studio/interviews/${id}/record/transcript`);
    expect(r.status).toBe(200);
    const t = Transcript.parse(r.body.transcript);
    expect(t.title).toBe(`老旧小区改造访谈 ${n}`);
    expect(t.blocks.map((b) => [b.kind, b.speaker, b.text])).toEqual([
      ['speech', '王芳', '各位网友，大家好。今天请来了区住建局的张明局长。'],
      ['question', '网友“市民老王”', expect.stringContaining('加装电梯怎么申请补贴')],
      ['speech', '张明', '加装电梯的补贴，向街道提出申请即可。'],
      ['livetext', '张明', '现场：张明局长介绍补贴政策 & 申请流程'],
      ['question', '网友“市民老王”', '老旧小区改造什么时候开工？'],
      ['speech', '张明', '今年九月开工。'],
    ]);
    expect(t.blocks[0]!.title).toBe('主持人');
    expect(JSON.stringify(t)).not.toContain('13812345678');
    const chapters = (await staff.editor.get(`/api/studio/interviews/${id}/record/chapters`)).body;
    expect(t.blocks.filter((b) => b.kind === 'question').map((b) => [b.questionId, b.startMs])).toEqual(chapters.map((c: any) => [c.questionId, c.startMs]));
    expect(t.blocks.every((b) => b.startMs !== null)).toBe(true);
    expect((await staff.reviewer.get(`/api/studio/interviews/${id}/record/transcript`)).status).toBe(403);
  });

  it('is edited as a document (audited), exported as escaped HTML, text and a .docx Word opens', async () => {
    const current = (await staff.editor.get(`/api/studio/interviews/${id}/record/transcript`)).body.transcript;
    current.blocks[0].text = '各位网友，大家好！<script>alert("x")</script> 欢迎 & 感谢';
    current.blocks.unshift({ kind: 'heading', speaker: '', title: '', text: '第一部分：加装电梯', startMs: null, questionId: null });
    const saved = await staff.editor.put(`/api/studio/interviews/${id}/record/transcript`, current);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.updatedBy).toBe('editor');
    const edit = audits('record.transcript.edit').find((e) => e.entity_id === id && e.actor_name.startsWith('editor1'))!;
    // The entry names what changed (the heading put first moves every block down one), not two whole documents.
    expect(JSON.parse(edit.after!)).toMatchObject({ blocks: 7, changed: expect.arrayContaining([{ index: 1, block: expect.objectContaining({ text: expect.stringContaining('<script>') }) }]) });
    expect((await staff.host.put(`/api/studio/interviews/${id}/record/transcript`, current)).status).toBe(403);
    const bad = await staff.editor.put(`/api/studio/interviews/${id}/record/transcript`, { title: '', blocks: [{ kind: 'poem', text: 1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.field)).toEqual(expect.arrayContaining(['title']));

    const html = await fetch(`${server.url}/api/studio/interviews/${id}/record/transcript.html`, { headers: { cookie: staff.editor.cookie } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const page = await html.text();
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 欢迎 &amp; 感谢');
    expect(page).not.toContain('<script>');
    expect(page).not.toMatch(/<link|src=|@import/);
    expect(page).toContain('<h2>第一部分：加装电梯</h2>');

    const txt = await (await fetch(`${server.url}/api/studio/interviews/${id}/record/transcript.txt`, { headers: { cookie: staff.editor.cookie } })).text();
    expect(txt).toMatch(/\[00:0\d\] 王芳（主持人）：\n各位网友，大家好！<script>/);
    expect(txt).toContain('【网友提问】 网友“市民老王”：');

    const docx = await fetch(`${server.url}/api/studio/interviews/${id}/record/transcript.docx`, { headers: { cookie: staff.editor.cookie } });
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    const file = path.join(server.dataDir, 'transcript.docx');
    fs.writeFileSync(file, Buffer.from(await docx.arrayBuffer()));
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString();
    expect(xml).toContain('老旧小区改造什么时候开工？');
    expect(xml).toContain('今年九月开工。');
    expect(xml).toContain('&lt;script&gt;');

    // Assembling again replaces the edits, audited.
    const again = await staff.editor.post(`/api/studio/interviews/${id}/record/transcript/regenerate`);
    expect(again.status).toBe(200);
    expect(again.body.transcript.blocks[0].text).toBe('各位网友，大家好。今天请来了区住建局的张明局长。');
    expect(audits('record.transcript.regenerate').some((e) => e.entity_id === id)).toBe(true);
    // Edited again for the publication below.
    await staff.editor.put(`/api/studio/interviews/${id}/record/transcript`, current);
  });

  it('publishes (admin only) into published/1/: a video ffprobe reads, subtitles that parse, transcript files, the manifest row, audited', async () => {
    expect((await staff.director.post(`/api/studio/interviews/${id}/record/publish`, {})).status).toBe(403);
    expect((await staff.editor.post(`/api/studio/interviews/${id}/record/publish`, {})).status).toBe(403);
    const preview = await staff.admin.get(`/api/studio/interviews/${id}/record/publish`);
    expect(preview.status).toBe(200);
    expect(preview.body.program).toEqual({ state: 'ready', durationMs: 8000, video: `/api/studio/interviews/${id}/record/program.mp4` });
    expect(preview.body.subtitles[0].cues.map((c: any) => c.text)).toEqual(['各位网友，大家好。', '今天请来了区住建局的张明局长。', '加装电梯的补贴，向街道提出申请即可。', '今年九月开工。']);

    const r = await staff.admin.post(`/api/studio/interviews/${id}/record/publish`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ version: 1, current: true, publishedBy: expect.any(String), noSubtitlesReason: null });
    const row = server.database.sqlite.prepare('SELECT * FROM record_publications WHERE interview_id = ?').get(id) as { dir: string; manifest: string; version: number };
    expect(row.dir).toBe(path.join(String(id), 'published', '1'));
    const manifest = PublicationManifest.parse(JSON.parse(row.manifest));
    const dir = path.join(recordingDirOf(server), row.dir);
    expect(fs.readdirSync(dir).sort()).toEqual(['poster.jpg', 'transcript.docx', 'transcript.html', 'transcript.json', 'transcript.txt', 'video.mp4', 'zh-CN.srt', 'zh-CN.vtt']);
    // The poster is a still of the picture (not the black before the first key frame), as a JPEG.
    expect(manifest.poster).toBe('poster.jpg');
    const still = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width', '-of', 'json', path.join(dir, 'poster.jpg')]).toString()) as { streams: Array<{ codec_name: string; width: number }> };
    expect(still.streams[0]).toEqual({ codec_name: 'mjpeg', width: 1280 });

    const video = probe(path.join(dir, manifest.video));
    expect(video.streams).toEqual(['audio', 'video']);
    expect(Math.abs(video.durationMs - 8000)).toBeLessThan(100);
    expect(manifest.durationMs).toBe(video.durationMs);

    // No trim: published time is program time, so the subtitles sit where the preview put them.
    const vtt = new WebVTTParser().parse(fs.readFileSync(path.join(dir, 'zh-CN.vtt'), 'utf8'), 'metadata');
    expect(vtt.errors).toEqual([]);
    const cues = preview.body.subtitles[0].cues;
    expect(vtt.cues.map((c) => Math.round(c.startTime * 1000))).toEqual(cues.map((c: any) => c.startMs));
    const srt = parseSync(fs.readFileSync(path.join(dir, 'zh-CN.srt'), 'utf8')).filter((x) => x.type === 'cue');
    expect(srt.map((x) => (x.data as { start: number }).start)).toEqual(cues.map((c: any) => c.startMs));
    expect(srt.map((x) => (x.data as { text: string }).text)[3]).toBe('张明：今年九月开工。');

    expect(manifest.chapters).toEqual(preview.body.chapters);
    const transcript = Transcript.parse(JSON.parse(fs.readFileSync(path.join(dir, 'transcript.json'), 'utf8')));
    expect(transcript.blocks.some((b) => b.kind === 'livetext')).toBe(true);
    expect(execFileSync('unzip', ['-p', path.join(dir, 'transcript.docx'), 'word/document.xml']).toString()).toContain('今年九月开工。');
    expect(fs.readFileSync(path.join(dir, 'transcript.html'), 'utf8')).toContain('&lt;script&gt;');

    const audit = audits('record.publish').find((e) => e.entity_id === id)!;
    expect(audit.actor_name).toMatch(/^admin/);
    expect(JSON.parse(audit.after!)).toMatchObject({ version: 1, cutStartMs: 0 });

    // Publishing again makes version 2, the current one; version 1 stays on disk.
    const second = await staff.admin.post(`/api/studio/interviews/${id}/record/publish`, {});
    expect(second.body.version).toBe(2);
    const list = (await staff.admin.get(`/api/studio/interviews/${id}/record/publish`)).body.publications;
    expect(list.map((p: any) => [p.version, p.current])).toEqual([[2, true], [1, false]]);
    expect(fs.existsSync(dir)).toBe(true);
  });

  it('unpublishes: hidden, rows kept with who and when, audited; a second unpublish is a 409', async () => {
    expect((await staff.editor.post(`/api/studio/interviews/${id}/record/unpublish`)).status).toBe(403);
    const r = await staff.admin.post(`/api/studio/interviews/${id}/record/unpublish`);
    expect(r.status).toBe(200);
    expect(r.body.every((p: any) => p.unpublishedAt && p.unpublishedBy && !p.current)).toBe(true);
    expect(server.database.sqlite.prepare('SELECT count(*) AS c FROM record_publications WHERE interview_id = ? AND unpublished_at IS NOT NULL').get(id)).toEqual({ c: 2 });
    expect(audits('record.unpublish').some((e) => e.entity_id === id)).toBe(true);
    const again = await staff.admin.post(`/api/studio/interviews/${id}/record/unpublish`);
    expect(again.status).toBe(409);
  });
});

describe('publishing refuses', () => {
  it('an interview without a ready program (409), an unknown one (404), no subtitles without a reason (400 on reason)', async () => {
    const { id } = await interview();
    expect((await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'ended' })).status).toBe(200);
    const none = await staff.admin.post(`/api/studio/interviews/${id}/record/publish`, {});
    expect(none.status).toBe(409);
    expect(none.body).toMatchObject({ error: 'conflict', message: expect.stringContaining('节目录像') });
    // A program still composing is not ready either.
    server.database.sqlite.prepare("INSERT INTO record_programs (interview_id, state, started_at) VALUES (?, 'composing', ?)").run(id, new Date().toISOString());
    expect((await staff.admin.post(`/api/studio/interviews/${id}/record/publish`, {})).status).toBe(409);
    expect((await staff.admin.post('/api/studio/interviews/9999/record/publish', {})).status).toBe(404);

    makeProgram(server, id, 3, [{ wallStartMs: Date.now() - 3000, wallEndMs: Date.now(), programStartMs: 0 }]);
    const noReason = await staff.admin.post(`/api/studio/interviews/${id}/record/publish`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.fields).toEqual([expect.objectContaining({ field: 'reason', code: 'no_subtitles_reason' })]);
    const en = await new Client(server.url, 'en');
    en.cookie = staff.admin.cookie;
    en.csrf = staff.admin.csrf;
    expect((await en.post(`/api/studio/interviews/${id}/record/publish`, { reason: '   ' })).body.fields[0].message).toContain('reason');
    const withReason = await staff.admin.post(`/api/studio/interviews/${id}/record/publish`, { reason: '手语翻译已在画面中' });
    expect(withReason.status).toBe(201);
    expect(withReason.body.noSubtitlesReason).toBe('手语翻译已在画面中');
    expect(withReason.body.manifest.subtitles).toEqual([]);
    expect(audits('record.publish').find((e) => e.entity_id === id)?.reason).toBe('手语翻译已在画面中');
  });
});

describe('a publication cut to the in and out points', () => {
  it('starts on the key frame before the in point, and shifts subtitles, chapters and transcript by that measured start', async () => {
    const { id, slug } = await interview();
    const say = await captioner(id);
    await say('开场白。', HOST);
    const q = await askAndAir(slug, '停车难怎么解决？');
    await say('正在新建停车场。', GUEST);
    expect((await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'ended' })).status).toBe(200);
    // The program starts 3.5 s before the first caption: the in point at 2.5 s cuts the waiting.
    const first = Date.parse((server.database.sqlite.prepare('SELECT at FROM caption_cues WHERE interview_id = ? ORDER BY id').get(id) as { at: string }).at);
    makeProgram(server, id, 8, [{ wallStartMs: first - 3500, wallEndMs: first + 4500, programStartMs: 0 }]);
    const db = server.domain.db;
    const transcripts = new RecordTranscripts(db);
    const live = recordSubtitleSources(server.domain.recordSubtitles);
    const publisher = new RecordPublisher(db, recordingDirOf(server), transcripts, { ...live, trim: async () => ({ inMs: 2500, outMs: 7000 }) });
    const program = await live.subtitleTracks(id);
    const chapters = await transcripts.chapters(id);
    const pub = await publisher.publish(id, {}, { id: 1, name: 'admin', role: 'admin' });
    const dir = path.join(recordingDirOf(server), String(id), 'published', String(pub.version));
    // Key frames every second: the cut starts at 2 s, and the video runs to the out point.
    const video = probe(path.join(dir, 'video.mp4'));
    expect(video.streams).toEqual(['audio', 'video']);
    expect(Math.abs(video.durationMs - 5000)).toBeLessThan(150);
    expect(JSON.parse(audits('record.publish').find((e) => e.entity_id === id)!.after!).cutStartMs).toBe(2000);
    const vtt = new WebVTTParser().parse(fs.readFileSync(path.join(dir, 'zh-CN.vtt'), 'utf8'), 'metadata');
    expect(vtt.errors).toEqual([]);
    expect(vtt.cues.map((c) => Math.round(c.startTime * 1000))).toEqual(program[0]!.cues.map((c) => c.startMs - 2000));
    expect(pub.manifest.chapters).toEqual([{ startMs: chapters[0]!.startMs - 2000, title: '停车难怎么解决？', questionId: q }]);
    const transcript = Transcript.parse(JSON.parse(fs.readFileSync(path.join(dir, 'transcript.json'), 'utf8')));
    expect(transcript.blocks.find((b) => b.kind === 'question')?.startMs).toBe(chapters[0]!.startMs - 2000);
  });
});
