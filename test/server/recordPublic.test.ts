import fs from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterviewPublic } from '../../shared/schemas/interview.js';
import { RecordPublic } from '../../shared/schemas/record.js';
import { recordingDir } from '../../server/domain.js';
import { publishFixture, unpublishFixture } from '../helpers/publication.js';
import { Client, nextEvent, startServer, staffClients, viewerSocket, type TestServer } from '../helpers/server.js';

// The published record as the public reads it: the interview says whether there is one, GET …/record lists
// its files, and /records/… serves exactly those files (ranges, a year's cache) until it is unpublished.
let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let netizen: Client;
let viewer: Socket;
let videoBytes: Buffer;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  netizen = new Client(server.url);
  viewer = await viewerSocket(server.url, 'demo');
}, 60_000);
afterAll(async () => {
  viewer?.close();
  await server?.close();
});

const raw = (url: string, headers: Record<string, string> = {}) => fetch(server.url + url, { headers });
const file = (name: string, version = 1) => `/records/demo/${version}/${name}`;

describe('the published record on the public side', () => {
  it('is none before the broadcast, being prepared after it, and 404 until published', async () => {
    const before = await netizen.get('/api/interviews/demo');
    expect(InterviewPublic.parse(before.body).record).toBe('none');

    expect((await staff.director.patch('/api/studio/interviews/1', { status: 'live' })).status).toBe(200);
    const pushed = nextEvent<{ status: string; record: string }>(viewer, 'interview', (i) => i.status === 'ended');
    expect((await staff.director.patch('/api/studio/interviews/1', { status: 'ended' })).status).toBe(200);
    // A viewer on the page hears it at once, with the record's state.
    expect((await pushed).record).toBe('preparing');
    expect((await netizen.get('/api/interviews/demo')).body.record).toBe('preparing');
    expect((await netizen.get('/api/interviews')).body.find((i: { slug: string }) => i.slug === 'demo').record).toBe('preparing');

    const missing = await netizen.get('/api/interviews/demo/record');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: 'not_found', message: '未找到：本场访谈的实录尚未发布' });
    const en = await new Client(server.url, 'en').get('/api/interviews/demo/record');
    expect(en.body.message).toBe('Not found: the record of this interview is not published');
    expect((await raw(file('video.mp4'))).status).toBe(404);
  });

  it('lists every file as a URL once published, and serves them with ranges and a long cache', async () => {
    const { dir } = await publishFixture(server, 1);
    videoBytes = fs.readFileSync(path.join(dir, 'video.mp4'));
    expect((await netizen.get('/api/interviews/demo')).body.record).toBe('published');
    expect((await netizen.get('/api/interviews')).body.find((i: { slug: string }) => i.slug === 'demo').record).toBe('published');

    const r = await netizen.get('/api/interviews/demo/record');
    expect(r.status).toBe(200);
    const record = RecordPublic.parse(r.body);
    expect(record).toMatchObject({
      video: file('video.mp4'),
      // The fixture's publication predates posters: none, rather than a URL that would answer 404.
      poster: null,
      duration: 10_000,
      subtitles: [{ track: 'zh-CN', label: '简体中文', vtt: file('zh-CN.vtt'), srt: file('zh-CN.srt') }],
      chapters: [{ startMs: 2900, questionId: 11 }, { startMs: 5900, questionId: 12 }],
      transcript: { html: file('transcript.html'), txt: file('transcript.txt'), docx: file('transcript.docx'), json: file('transcript.json') },
    });

    const whole = await raw(record.video);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await whole.arrayBuffer()).equals(videoBytes)).toBe(true);

    const head = await fetch(server.url + record.video, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(videoBytes.length));

    // A seek: the player asks for a range and gets exactly those bytes.
    const part = await raw(record.video, { range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${videoBytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(videoBytes.subarray(1000, 2000))).toBe(true);
    const tail = await raw(record.video, { range: 'bytes=-100' });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(videoBytes.subarray(-100))).toBe(true);
    const beyond = await raw(record.video, { range: `bytes=${videoBytes.length + 10}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${videoBytes.length}`);
    expect((await beyond.json()).error).toBe('bad_request');

    // The same URL again: the browser's copy is still good. (An explicit cache-control: fetch would add no-cache.)
    const etag = whole.headers.get('etag')!;
    expect((await raw(record.video, { 'if-none-match': etag, 'cache-control': 'max-age=0' })).status).toBe(304);

    const vtt = await raw(record.subtitles[0]!.vtt);
    expect(vtt.headers.get('content-type')).toMatch(/^text\/vtt/);
    expect(await vtt.text()).toContain('今年我们新建了十二所幼儿园。');
    expect((await raw(record.transcript.docx)).headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const json = await (await raw(record.transcript.json)).json();
    expect(json.blocks.length).toBeGreaterThan(3);
    // A portal's own page may embed the files.
    expect(whole.headers.get('access-control-allow-origin')).toBe('*');
    expect(whole.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('serves only the files the manifest names, of the current version, of that interview', async () => {
    const dir = path.join(recordingDir(server.config), '1', 'published', '1');
    // Something else in the folder, and next to it, that no URL may reach.
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'internal');
    fs.writeFileSync(path.join(dir, '.hidden'), 'internal');
    const probes = [
      file('notes.txt'),
      file('.hidden'),
      file('..%2F..%2F..%2F..%2Ffangtan.sqlite'),
      file('%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2ffangtan.sqlite'),
      '/records/demo/1/../../../fangtan.sqlite',
      file('video.mp4', 2),
      '/records/no-such-interview/1/video.mp4',
    ];
    for (const url of probes) {
      const r = await raw(url);
      expect(r.status, url).toBe(404);
      expect((await r.json()).error, url).toBe('not_found');
    }
    // A draft interview's slug with the same folder layout: not public, so not found either.
    const draft = await staff.admin.post('/api/studio/interviews', {
      slug: 'draft-2026', title: '草稿', unit: '区水利局', scheduledStart: '2026-05-08T06:30:00.000Z', scheduledEnd: '2026-05-08T07:30:00.000Z',
    });
    expect(draft.status).toBe(201);
    await publishFixture(server, draft.body.id, { seconds: 2 });
    expect((await raw('/records/draft-2026/1/video.mp4')).status).toBe(404);
    expect((await netizen.get('/api/interviews/draft-2026/record')).status).toBe(404);

    const bad = await raw('/records/demo/first/video.mp4');
    expect(bad.status).toBe(400);
    expect((await bad.json()).fields[0].field).toBe('version');
  });

  it('answers 404 for everything once unpublished, and only the new version after a republication', async () => {
    await unpublishFixture(server, 1);
    expect((await netizen.get('/api/interviews/demo/record')).status).toBe(404);
    expect((await netizen.get('/api/interviews/demo')).body.record).toBe('preparing');
    expect((await raw(file('video.mp4'))).status).toBe(404);
    expect((await raw(file('zh-CN.vtt'))).status).toBe(404);

    await publishFixture(server, 1, { version: 2, seconds: 3 });
    const record = RecordPublic.parse((await netizen.get('/api/interviews/demo/record')).body);
    expect(record.video).toBe(file('video.mp4', 2));
    expect((await raw(record.video, { range: 'bytes=0-9' })).status).toBe(206);
    // The corrected record replaces the old one: the first version's files are gone from the public.
    expect((await raw(file('video.mp4', 1))).status).toBe(404);
  });

  it('describes the record in /openapi.json', async () => {
    const doc = (await netizen.get('/openapi.json')).body;
    expect(doc.paths['/api/interviews/{slug}/record'].get.responses['200']).toBeTruthy();
    expect(doc.paths['/records/{slug}/{version}/{file}'].get).toBeTruthy();
    const interview = doc.paths['/api/interviews/{slug}'].get.responses['200'].content['application/json'].schema;
    expect(interview.properties.record.enum).toEqual(['none', 'preparing', 'published']);
  });
});
