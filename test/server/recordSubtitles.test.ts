import fs from 'node:fs';
import path from 'node:path';
import { parseSync, type NodeCue } from 'subtitle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';
import type { ProgramSpan } from '../../shared/schemas/record.js';
import { recordingDir } from '../../server/domain.js';
import { makeProgram } from '../helpers/program.js';
import { insertLiveCaptions } from '../helpers/record.js';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let n = 0;

// The recording ran from W0 for 3 s, was paused for 2 s, and ran 3 s more: a 6 s program.
const W0 = Date.parse('2026-05-08T06:30:00.000Z');
const CLOCK_ZERO = W0 - 60_000;
const SPANS: ProgramSpan[] = [
  { wallStartMs: W0, wallEndMs: W0 + 3000, programStartMs: 0 },
  { wallStartMs: W0 + 5000, wallEndMs: W0 + 8000, programStartMs: 3000 },
];

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
});
afterAll(async () => {
  await server?.close();
});

async function interview(): Promise<number> {
  const created = await staff.admin.post('/api/studio/interviews', {
    slug: `rec-${++n}`,
    title: `录像访谈 ${n}`,
    unit: '区政府办',
    scheduledStart: '2026-05-08T06:30:00.000Z',
    scheduledEnd: '2026-05-08T07:30:00.000Z',
    guests: [{ name: '张明', title: '局长' }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as number;
}

/** An interview with its program and the live captions of the broadcast. */
async function recorded(): Promise<{ id: number; base: string }> {
  const id = await interview();
  makeProgram(server, id, 6, SPANS);
  await insertLiveCaptions(server, id, CLOCK_ZERO, [
    { atWallMs: W0 + 500, typedMs: 800, text: '大家好，欢迎收看。', speaker: '主持人' },
    { atWallMs: W0 + 2000, typedMs: 900, text: '今天我们请到了张局长。', speaker: '主持人' },
    { atWallMs: W0 + 2500, typedMs: 300, text: '撤回的一句', state: 'withdrawn' },
    // Begun while the recording was paused, sent after it resumed: starts where it resumed.
    { atWallMs: W0 + 4000, typedMs: 1200, text: '请介绍一下情况', speaker: '主持人' },
    // Begun and sent in the pause: not in the record.
    { atWallMs: W0 + 4100, typedMs: 300, text: '暂停时的一句' },
    // Corrected after it was sent: the corrected text is the one stored.
    { atWallMs: W0 + 6000, typedMs: 700, text: '谢谢主持人。', speaker: '张明', revised: true },
  ]);
  return { id, base: `/api/studio/interviews/${id}/record` };
}

const EXPECTED = [
  { startMs: 500, endMs: 2000, speaker: '主持人', text: '大家好，欢迎收看。' },
  { startMs: 2000, endMs: 3000, speaker: '主持人', text: '今天我们请到了张局长。' },
  { startMs: 3000, endMs: 4000, speaker: '主持人', text: '请介绍一下情况' },
  { startMs: 4000, endMs: 5500, speaker: '张明', text: '谢谢主持人。' },
];
const strip = (cues: Array<{ startMs: number; endMs: number; speaker: string | null; text: string }>) => cues.map(({ startMs, endMs, speaker, text }) => ({ startMs, endMs, speaker, text }));

async function getText(c: Client, url: string): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(server.url + url, { headers: { cookie: c.cookie } });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

describe('the replay subtitles from the live captions', () => {
  it('maps the final cues onto the program: pauses cut out, withdrawn left out, corrected text, end at the next cue or a reading time', async () => {
    const { base } = await recorded();
    const r = await staff.editor.get(`${base}/subtitles/zh-CN`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.edited).toBe(false);
    expect(r.body.label).toBe('简体中文');
    expect(strip(r.body.cues)).toEqual(EXPECTED);
    const list = await staff.director.get(`${base}/subtitles`);
    expect(list.body).toEqual([{ track: 'zh-CN', label: '简体中文', edited: false, cues: 4 }]);
  });

  it('exports WebVTT and SRT with the trim applied that independent parsers read as the stored cues, and imports them back to the same cues', async () => {
    const { id, base } = await recorded();
    const trim = await staff.editor.put(`${base}/trim`, { inMs: 1000, outMs: 5000 });
    expect(trim.status, JSON.stringify(trim.body)).toBe(200);
    expect(trim.body).toEqual({ inMs: 1000, outMs: 5000, durationMs: 6000 });
    // On the published video: shifted by the in point, cut at the in and out points.
    const published = [
      { startMs: 0, endMs: 1000, speaker: '主持人', text: '大家好，欢迎收看。' },
      { startMs: 1000, endMs: 2000, speaker: '主持人', text: '今天我们请到了张局长。' },
      { startMs: 2000, endMs: 3000, speaker: '主持人', text: '请介绍一下情况' },
      { startMs: 3000, endMs: 4000, speaker: '张明', text: '谢谢主持人。' },
    ];

    const vtt = await getText(staff.editor, `${base}/subtitles/zh-CN/export?format=vtt`);
    expect(vtt.status).toBe(200);
    expect(vtt.type).toContain('text/vtt');
    const parsed = new WebVTTParser().parse(vtt.text, 'metadata');
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues.map((c) => ({ startMs: Math.round(c.startTime * 1000), endMs: Math.round(c.endTime * 1000), speaker: (c.tree.children[0] as { value?: string }).value ?? null, text: c.text.replace(/^<v [^>]*>/, '') }))).toEqual(published);

    const srt = await getText(staff.editor, `${base}/subtitles/zh-CN/export?format=srt`);
    expect(srt.status).toBe(200);
    const srtCues = parseSync(srt.text).filter((nd): nd is NodeCue => nd.type === 'cue');
    expect(srtCues.map((c) => ({ startMs: c.data.start, endMs: c.data.end, text: c.data.text }))).toEqual(published.map((c) => ({ startMs: c.startMs, endMs: c.endMs, text: `${c.speaker}：${c.text}` })));

    // What E publishes is the same file.
    expect(await server.domain.recordSubtitles.exportVtt(id, 'zh-CN', { trimmed: true })).toBe(vtt.text);

    // Imported back (on the published timeline): the same cues, in program time.
    for (const [format, content] of [['vtt', vtt.text], ['srt', srt.text]] as const) {
      const back = await staff.editor.post(`${base}/subtitles/zh-CN/import`, { content, format });
      expect(back.status, JSON.stringify(back.body)).toBe(200);
      expect(back.body.edited).toBe(true);
      expect(strip(back.body.cues)).toEqual(published.map((c) => ({ ...c, startMs: c.startMs + 1000, endMs: c.endMs + 1000 })));
    }
    const again = await getText(staff.editor, `${base}/subtitles/zh-CN/export?format=vtt`);
    expect(again.text).toBe(vtt.text);
  });

  it('edits a cue, splits it, merges it back, shifts all, adds and deletes', async () => {
    const { base } = await recorded();
    const cues = (await staff.editor.get(`${base}/subtitles/zh-CN`)).body.cues as Array<{ id: number }>;
    // The first edit stores the track; the id the page was shown still names the cue.
    const edited = await staff.editor.patch(`${base}/subtitles/zh-CN/cues/${cues[1]!.id}`, { text: '今天我们请到了张明局长。', startMs: 2100 });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.edited).toBe(true);
    expect(strip(edited.body.cues)[1]).toEqual({ startMs: 2100, endMs: 3000, speaker: '主持人', text: '今天我们请到了张明局长。' });
    const second = edited.body.cues[1].id as number;

    const split = await staff.editor.post(`${base}/subtitles/zh-CN/cues/${second}/split`, { at: 7, atMs: 2500 });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    expect(strip(split.body.cues).slice(1, 3)).toEqual([
      { startMs: 2100, endMs: 2500, speaker: '主持人', text: '今天我们请到了' },
      { startMs: 2500, endMs: 3000, speaker: '主持人', text: '张明局长。' },
    ]);
    const merged = await staff.editor.post(`${base}/subtitles/zh-CN/cues/${second}/merge`);
    expect(strip(merged.body.cues)[1]).toEqual({ startMs: 2100, endMs: 3000, speaker: '主持人', text: '今天我们请到了张明局长。' });
    expect(merged.body.cues).toHaveLength(4);

    const shifted = await staff.editor.post(`${base}/subtitles/zh-CN/shift`, { deltaMs: -300 });
    expect(shifted.status).toBe(200);
    expect(shifted.body.cues.map((c: { startMs: number }) => c.startMs)).toEqual([200, 1800, 2700, 3700]);

    const added = await staff.editor.post(`${base}/subtitles/zh-CN/cues`, { startMs: 5300, endMs: 5900, text: '再见' });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const last = added.body.cues.at(-1);
    expect(last).toMatchObject({ startMs: 5300, endMs: 5900, speaker: null, text: '再见' });
    const removed = await staff.editor.request('DELETE', `${base}/subtitles/zh-CN/cues/${last.id}`);
    expect(removed.body.cues).toHaveLength(4);

    // Back to the live captions.
    const regenerated = await staff.editor.post(`${base}/subtitles/zh-CN/regenerate`);
    expect(regenerated.body.edited).toBe(false);
    expect(strip(regenerated.body.cues)).toEqual(EXPECTED);
  });

  it('draws the waveform from the program audio and caches it in peaks.json', async () => {
    const { id, base } = await recorded();
    const r = await staff.editor.get(`${base}/peaks`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.rate).toBe(50);
    expect(Math.abs(r.body.peaks.length - 300)).toBeLessThanOrEqual(3);
    // The tone sounds in the first second of every two, and is silent in the second.
    const loud = (from: number, to: number) => Math.max(...r.body.peaks.slice(from * 50 + 5, to * 50 - 5));
    expect(loud(0, 1)).toBeGreaterThan(150);
    expect(loud(1, 2)).toBeLessThan(10);
    expect(loud(2, 3)).toBeGreaterThan(150);
    const cache = path.join(recordingDir(server.config), String(id), 'peaks.json');
    expect(JSON.parse(fs.readFileSync(cache, 'utf8')).peaks).toEqual(r.body.peaks);
  });
});

describe('bad input', () => {
  it('refuses an out point at or before the in point, and points beyond the program', async () => {
    const { base } = await recorded();
    const same = await staff.editor.put(`${base}/trim`, { inMs: 2000, outMs: 2000 });
    expect(same.status).toBe(400);
    expect(same.body.fields).toEqual([expect.objectContaining({ field: 'outMs', code: 'trim_order' })]);
    expect(same.body.message).toContain('出点须晚于入点');
    expect((await staff.editor.put(`${base}/trim`, { inMs: 3000, outMs: 1000 })).status).toBe(400);
    const beyond = await staff.editor.put(`${base}/trim`, { inMs: 0, outMs: 9000 });
    expect(beyond.status).toBe(400);
    expect(beyond.body.fields[0].code).toBe('trim_outside');
    // Nothing was stored: the whole program.
    expect((await staff.editor.get(`${base}/trim`)).body).toEqual({ inMs: 0, outMs: 6000, durationMs: 6000 });
  });

  it('refuses a malformed subtitle file with the line that is wrong, in Chinese and English, and keeps the cues', async () => {
    const { base } = await recorded();
    const en = new Client(server.url, 'en');
    en.cookie = staff.editor.cookie;
    en.csrf = staff.editor.csrf;
    const cases: Array<[string, string, 'zh' | 'en', string]> = [
      ['00:00:01.000 --> 00:00:02.000\n第一句\n', 'vtt', 'zh', '第 1 行：WebVTT 文件须以“WEBVTT”开头'],
      ['WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n第一句\n\n2\n00:00:03,0 --> 00:00:04.000\n第二句\n', 'vtt', 'zh', '第 8 行：时间轴格式不正确'],
      ['1\n00:00:01,000 --> 00:00:02,000\n第一句\n\n2\n00:00:04,000 --> 00:00:03,000\n第二句\n', 'srt', 'en', 'line 6: the cue must end after it starts'],
      ['1\n00:00:01,000 --> 00:00:02,000\n第一句\n\n2\n第二句没有时间\n', 'srt', 'en', 'line 6: the timing is malformed'],
      ['1\n00:00:01,000 --> 00:00:02,000\n\n', 'srt', 'zh', '第 2 行：这条字幕没有文字'],
      // A cue after the recording's end (6 s): outside.
      ['WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n第一句\n\n00:00:05.500 --> 00:00:06.500\n太晚了\n', 'vtt', 'zh', '第 6 行：字幕时间超出录像范围'],
    ];
    for (const [content, format, lang, message] of cases) {
      const r = await (lang === 'en' ? en : staff.editor).post(`${base}/subtitles/zh-CN/import`, { content, format });
      expect(r.status, content).toBe(400);
      expect(r.body.error).toBe('validation');
      expect(r.body.message).toContain(message);
      expect(r.body.fields[0].field).toBe('content');
    }
    const kept = await staff.editor.get(`${base}/subtitles/zh-CN`);
    expect(kept.body.edited).toBe(false);
    expect(strip(kept.body.cues)).toEqual(EXPECTED);
  });

  it('refuses cue times outside the recording or backwards, a shift past the ends, and a split at the edge', async () => {
    const { base } = await recorded();
    const cues = (await staff.editor.get(`${base}/subtitles/zh-CN`)).body.cues as Array<{ id: number }>;
    const late = await staff.editor.patch(`${base}/subtitles/zh-CN/cues/${cues[3]!.id}`, { endMs: 7000 });
    expect(late.status).toBe(400);
    expect(late.body.fields[0].code).toBe('cue_outside');
    const backwards = await staff.editor.patch(`${base}/subtitles/zh-CN/cues/${cues[3]!.id}`, { startMs: 5600 });
    expect(backwards.body.fields[0].code).toBe('cue_order');
    const shift = await staff.editor.post(`${base}/subtitles/zh-CN/shift`, { deltaMs: -600 });
    expect(shift.status).toBe(400);
    expect(shift.body.message).toContain('-500 至 500');
    expect((await staff.editor.post(`${base}/subtitles/zh-CN/cues/${cues[0]!.id}/split`, { at: 9 })).status).toBe(400);
    expect((await staff.editor.post(`${base}/subtitles/zh-CN/cues/${cues[3]!.id}/merge`)).body.fields[0].code).toBe('merge_last');
    expect((await staff.editor.get(`${base}/subtitles/xx`)).status).toBe(404);
  });

  it('answers 409 before the program is composed', async () => {
    const id = await interview();
    const r = await staff.editor.get(`/api/studio/interviews/${id}/record/subtitles/zh-CN`);
    expect(r.status).toBe(409);
    expect(r.body.fields[0].code).toBe('program_not_ready');
  });

  it('lets only record editors in (403 for the host and the reviewer, 401 signed out)', async () => {
    const { base } = await recorded();
    for (const c of [staff.host, staff.reviewer]) {
      expect((await c.get(`${base}/subtitles/zh-CN`)).status).toBe(403);
      expect((await c.put(`${base}/trim`, { inMs: 0, outMs: 1000 })).status).toBe(403);
      expect((await c.post(`${base}/subtitles/zh-CN/shift`, { deltaMs: 100 })).status).toBe(403);
      expect((await getText(c, `${base}/subtitles/zh-CN/export?format=srt`)).status).toBe(403);
    }
    expect((await new Client(server.url).get(`${base}/peaks`)).status).toBe(401);
    expect((await staff.director.put(`${base}/trim`, { inMs: 0, outMs: 1000 })).status).toBe(200);
  });
});
