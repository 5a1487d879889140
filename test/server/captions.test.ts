import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { WebVTTParser, type VttNode } from 'webvtt-parser';
import { PROTOCOL_VERSION } from '../../shared/events.js';
import { Client, nextEvent, startServer, staffClients, viewerSocket, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
/** A second caption editor, for hand-overs. */
let editor2: Client;
const sockets: Socket[] = [];
let n = 0;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  const made = await staff.admin.post('/api/studio/users', { username: 'editor2', displayName: '字幕员乙', role: 'editor', password: 'editor2-password-1', mustChangePassword: false });
  expect(made.status).toBe(201);
  editor2 = new Client(server.url);
  await editor2.login('editor2', 'editor2-password-1');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
});

/** A new interview with one guest, taken live by the director unless `live` is false. */
async function interview(live = true): Promise<{ id: number; slug: string }> {
  const slug = `cap-${++n}`;
  const created = await staff.admin.post('/api/studio/interviews', {
    slug,
    title: `字幕访谈 ${n}`,
    unit: '区政府办',
    scheduledStart: '2026-05-08T06:30:00.000Z',
    scheduledEnd: '2026-05-08T07:30:00.000Z',
    guests: [{ name: '张明', title: '局长' }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await staff.admin.patch(`/api/studio/interviews/${created.body.id}`, { status: 'scheduled' })).status).toBe(200);
  if (live) expect((await staff.director.patch(`/api/studio/interviews/${created.body.id}`, { status: 'live' })).status).toBe(200);
  return { id: created.body.id, slug };
}

/** A caption desk socket signed in as `c`, or the refusal's code. */
async function desk(c: Client | undefined, base = server.url): Promise<{ socket: Socket; refused?: string }> {
  const socket = ioClient(`${base}/captions`, {
    auth: { protocol: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    ...(c && { extraHeaders: { cookie: c.cookie } }),
  });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (err) => resolve({ socket, refused: err.message }));
  });
}

/** Emits and resolves with the acknowledgement. */
function ask<T = any>(socket: Socket, event: string, payload: unknown): Promise<{ ok: boolean; data: T; error: { error: string; fields?: Array<{ field: string }> } }> {
  return new Promise((resolve) => socket.emit(event, payload, resolve));
}

async function joinedDesk(c: Client, interviewId: number, base = server.url): Promise<Socket> {
  const { socket, refused } = await desk(c, base);
  expect(refused).toBeUndefined();
  const joined = await ask(socket, 'join', { interviewId });
  expect(joined.ok, JSON.stringify(joined)).toBe(true);
  return socket;
}

async function viewers(slug: string, count: number, base = server.url): Promise<Array<{ socket: Socket; cues: any[]; removed: number[] }>> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const socket = await viewerSocket(base, slug);
      sockets.push(socket);
      const v = { socket, cues: [] as any[], removed: [] as number[] };
      socket.on('cue', (c) => v.cues.push(c));
      socket.on('cue:removed', (p: { id: number }) => v.removed.push(p.id));
      return v;
    }),
  );
}

const rowOf = (id: number) => server.database.sqlite.prepare('SELECT state, text, revised FROM caption_cues WHERE id = ?').get(id) as { state: string; text: string; revised: number } | undefined;
const audits = (action: string) => server.database.sqlite.prepare('SELECT actor_name, entity_id FROM audit_log WHERE action = ?').all(action) as Array<{ actor_name: string; entity_id: number }>;
const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('the caption desk', () => {
  it('refuses every role but caption editors and admins at the handshake, and a socket without a session', async () => {
    for (const c of [staff.host, staff.director, staff.reviewer]) expect((await desk(c)).refused).toBe('forbidden');
    expect((await desk(undefined)).refused).toBe('unauthorized');
    const unit = (await staff.admin.get('/api/studio/units')).body[0];
    const made = await staff.admin.post('/api/studio/users', { username: 'liaison1', displayName: '联络员', role: 'liaison', unitId: unit.id, password: 'liaison-password-1', mustChangePassword: false });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const liaison = new Client(server.url);
    await liaison.login('liaison1', 'liaison-password-1');
    expect((await desk(liaison)).refused).toBe('forbidden');
    expect((await desk(staff.editor)).refused).toBeUndefined();
    expect((await desk(staff.admin)).refused).toBeUndefined();
  });

  it('refuses a cue while the interview is not live (409 not_live), and an over-long one', async () => {
    const { id } = await interview(false);
    const socket = await joinedDesk(staff.editor, id);
    const refused = await ask(socket, 'send', { interviewId: id, text: '还没开播' });
    expect(refused.ok).toBe(false);
    expect(refused.error.error).toBe('not_live');
    expect((await ask(socket, 'line', { interviewId: id, text: '还没开播' })).error.error).toBe('not_live');
    await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'live' });
    const long = await ask(socket, 'send', { interviewId: id, text: '长'.repeat(201) });
    expect(long.error.error).toBe('validation');
    expect(long.error.fields?.[0]?.field).toBe('text');
  });

  it('sends partials then the final line to every viewer in order, one id, on disk when acked', async () => {
    const { id, slug } = await interview();
    const audience = await viewers(slug, 3);
    const socket = await joinedDesk(staff.editor, id);
    const speaker = { name: '张明', title: '局长' };
    const first = await ask(socket, 'line', { interviewId: id, text: '各位', speaker });
    expect(first.ok).toBe(true);
    const lineId = first.data.id as number;
    await new Promise((r) => setTimeout(r, 150));
    expect((await ask(socket, 'line', { interviewId: id, text: '各位网友', speaker })).data.id).toBe(lineId);
    await new Promise((r) => setTimeout(r, 150));
    const sent = await ask(socket, 'send', { interviewId: id, text: '各位网友，大家好。', speaker });
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    // Acked means committed: the row is final with the text before anyone reads it back.
    expect(rowOf(lineId)).toMatchObject({ state: 'final', text: '各位网友，大家好。' });
    expect(sent.data).toMatchObject({ id: lineId, final: true, seq: 1, track: 'zh-CN', speaker, source: 'desk', author: { name: 'editor' } });
    for (const v of audience) {
      await until(() => v.cues.some((c) => c.final));
      expect(v.cues.map((c) => [c.id, c.text, c.final])).toEqual([
        [lineId, '各位', false],
        [lineId, '各位网友', false],
        [lineId, '各位网友，大家好。', true],
      ]);
      // Viewers never see who typed it.
      expect(v.cues[2]).not.toHaveProperty('author');
      expect(v.cues[2].endMs).toBeGreaterThanOrEqual(v.cues[2].startMs);
    }
    const listed = await new Client(server.url).get(`/api/interviews/${slug}/captions`);
    expect(listed.body.map((c: any) => c.text)).toEqual(['各位网友，大家好。']);
  });

  it('replaces a corrected cue (same id, revised) and removes a withdrawn one, both audited', async () => {
    const { id, slug } = await interview();
    const socket = await joinedDesk(staff.editor, id);
    const a = (await ask(socket, 'send', { interviewId: id, text: '老旧小区该造' })).data;
    const b = (await ask(socket, 'send', { interviewId: id, text: '这句说错了' })).data;
    const audience = await viewers(slug, 2);
    const fixed = await ask(socket, 'correct', { id: a.id, text: '老旧小区改造' });
    expect(fixed.data).toMatchObject({ id: a.id, text: '老旧小区改造', revised: true, final: true });
    const gone = await ask(socket, 'withdraw', { id: b.id });
    expect(gone.ok).toBe(true);
    for (const v of audience) {
      await until(() => v.removed.includes(b.id));
      expect(v.cues.filter((c) => c.id === a.id).at(-1)).toMatchObject({ text: '老旧小区改造', revised: true });
    }
    const listed = (await new Client(server.url).get(`/api/interviews/${slug}/captions`)).body;
    expect(listed.map((c: any) => [c.id, c.text])).toEqual([[a.id, '老旧小区改造']]);
    expect(audits('caption.correct').some((e) => e.entity_id === a.id && e.actor_name.startsWith('editor1'))).toBe(true);
    expect(audits('caption.withdraw').some((e) => e.entity_id === b.id)).toBe(true);
  });

  it('hands a track over without losing the first typist’s unsent text', async () => {
    const { id, slug } = await interview();
    const [v] = await viewers(slug, 1);
    const one = await joinedDesk(staff.editor, id);
    const two = await joinedDesk(editor2, id);
    const typed = await ask(one, 'line', { interviewId: id, text: '还没按回车的这半句' });
    const held = await ask(two, 'send', { interviewId: id, text: '我也想打' });
    expect(held.error.error).toBe('track_held');
    const holderSeen = nextEvent<any>(one, 'holder', (p) => p.holder?.name === '字幕员乙');
    const took = await ask(two, 'takeover', { interviewId: id, track: 'zh-CN' });
    expect(took.ok, JSON.stringify(took)).toBe(true);
    expect(took.data).toMatchObject({ userId: expect.any(Number), name: '字幕员乙', text: '' });
    await holderSeen;
    // The first typist's half line became a final cue in their name, before the new holder typed anything.
    expect(rowOf(typed.data.id)).toMatchObject({ state: 'final', text: '还没按回车的这半句' });
    await until(() => v!.cues.some((c) => c.id === typed.data.id && c.final));
    const after = await ask(two, 'send', { interviewId: id, text: '接着说' });
    expect(after.ok).toBe(true);
    expect((await ask(one, 'line', { interviewId: id, text: '再打一句' })).error.error).toBe('track_held');
    const joined = await ask(one, 'join', { interviewId: id });
    const cues = joined.data.cues as any[];
    expect(cues.map((c) => [c.text, c.author.name])).toEqual([
      ['还没按回车的这半句', 'editor'],
      ['接着说', '字幕员乙'],
    ]);
    expect(joined.data.holders).toMatchObject([{ track: 'zh-CN', name: '字幕员乙' }]);
  });

  it('keeps a disconnected holder’s unsent text as a final cue after a few seconds, and frees the track', async () => {
    const { id, slug } = await interview();
    const [v] = await viewers(slug, 1);
    const one = await joinedDesk(staff.editor, id);
    const two = await joinedDesk(editor2, id);
    const typed = await ask(one, 'line', { interviewId: id, text: '断线前打的字' });
    const freed = nextEvent<any>(two, 'holder', (p) => p.holder === null, 9000);
    one.disconnect();
    await freed;
    expect(rowOf(typed.data.id)).toMatchObject({ state: 'final', text: '断线前打的字' });
    await until(() => v!.cues.some((c) => c.id === typed.data.id && c.final));
    expect((await ask(two, 'send', { interviewId: id, text: '我接着打' })).ok).toBe(true);
  }, 15_000);

  it('shows the desk the speakers: the host entry, then each guest with 职务', async () => {
    const { id } = await interview();
    const socket = await joinedDesk(staff.editor, id);
    const joined = await ask(socket, 'join', { interviewId: id });
    expect(joined.data.speakers).toEqual([
      { name: 'host', title: '主持人', role: 'host' },
      { name: '张明', title: '局长', role: 'guest' },
    ]);
    expect(joined.data.tracks).toEqual([{ lang: 'zh-CN', label: '简体中文', primary: true }]);
    expect(typeof joined.data.broadcastStartedAt).toBe('string');
  });
});

describe('the editor role', () => {
  it('captions and adds tracks, but still cannot moderate questions or hand out ingest tokens', async () => {
    const { id, slug } = await interview();
    const q = await new Client(server.url).post(`/api/interviews/${slug}/questions`, { content: '字幕编辑能审核这条吗？' });
    expect(q.status).toBe(201);
    expect((await staff.editor.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'approved' })).status).toBe(403);
    expect((await staff.editor.post(`/api/studio/interviews/${id}/captions/tokens`, { track: 'zh-CN' })).status).toBe(403);
    const added = await staff.editor.post(`/api/studio/interviews/${id}/captions/tracks`, { lang: 'en', label: 'English' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect((await staff.editor.post(`/api/studio/interviews/${id}/captions/tracks`, { lang: 'en', label: 'English' })).status).toBe(409);
    expect((await staff.host.post(`/api/studio/interviews/${id}/captions/tracks`, { lang: 'fr', label: 'Français' })).status).toBe(403);
    const tracks = (await new Client(server.url).get(`/api/interviews/${slug}/captions/tracks`)).body;
    expect(tracks.map((t: any) => t.lang)).toEqual(['zh-CN', 'en']);
    const socket = await joinedDesk(staff.editor, id);
    const en = await ask(socket, 'send', { interviewId: id, track: 'en', text: 'Good morning.' });
    expect(en.data).toMatchObject({ track: 'en', seq: 1 });
    expect((await new Client(server.url).get(`/api/interviews/${slug}/captions?track=en`)).body.map((c: any) => c.text)).toEqual(['Good morning.']);
    expect((await ask(socket, 'send', { interviewId: id, track: 'de', text: 'Guten Tag.' })).error.error).toBe('not_found');
  });
});

describe('the ingest for outside captioners', () => {
  async function token(interviewId: number, track = 'zh-CN'): Promise<{ id: number; token: string; ingestPath: string }> {
    const r = await staff.director.post(`/api/studio/interviews/${interviewId}/captions/tokens`, { track, label: 'CART 速记' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  }
  const post = (path: string, body: string, type: string) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': type }, body }).then(async (r) => ({ status: r.status, body: await r.json() }));

  it('takes text/plain blocks and JSON to every viewer, marked as ingest, and lists the token without its secret', async () => {
    const { id, slug } = await interview();
    const [v, w] = await viewers(slug, 2);
    const t = await token(id);
    const now = new Date();
    const stamp = (ms: number) => new Date(now.getTime() + ms).toISOString().replace('Z', '');
    const text = `${stamp(0)}\n第一句字幕\n${stamp(2000)} region:reg1#cue1\n第二句\n第二行\n`;
    const plain = await post(t.ingestPath, text, 'text/plain; charset=utf-8');
    expect(plain.status, JSON.stringify(plain.body)).toBe(200);
    expect(plain.body.cues.map((c: any) => [c.text, c.final, c.source])).toEqual([
      ['第一句字幕', true, 'ingest'],
      ['第二句\n第二行', true, 'ingest'],
    ]);
    expect(plain.body.cues[1].startMs - plain.body.cues[0].startMs).toBe(2000);
    const partial = await post(t.ingestPath, JSON.stringify({ text: '语音识别中', final: false }), 'application/json');
    expect(partial.status).toBe(200);
    const json = await post(t.ingestPath, JSON.stringify({ text: '语音识别的结果', speaker: { name: '张明', title: '局长' } }), 'application/json');
    expect(json.status).toBe(200);
    // The partial and its final are one line.
    expect(json.body.cues[0].id).toBe(partial.body.cues[0].id);
    for (const x of [v!, w!]) {
      await until(() => x.cues.filter((c) => c.final).length === 3);
      expect(x.cues.filter((c) => c.final).map((c) => c.text)).toEqual(['第一句字幕', '第二句\n第二行', '语音识别的结果']);
      expect(x.cues.some((c) => !c.final && c.text === '语音识别中')).toBe(true);
    }
    const listed = await staff.director.get(`/api/studio/interviews/${id}/captions/tokens`);
    expect(listed.body[0]).toMatchObject({ id: t.id, track: 'zh-CN', revokedAt: null, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(listed.body)).not.toContain(t.token);
    expect(audits('caption.token.create').some((e) => e.entity_id === t.id)).toBe(true);
    // The desk may correct what the captioner sent.
    const socket = await joinedDesk(staff.editor, id);
    expect((await ask(socket, 'correct', { id: plain.body.cues[0].id, text: '第一句字幕（已更正）' })).data).toMatchObject({ revised: true, source: 'ingest' });
  });

  it('refuses a bad or revoked token (401), an interview not live (409), an over-long cue (400) and body (413)', async () => {
    const { id } = await interview();
    const t = await token(id);
    expect((await post('/api/ingest/captions/not-a-token', 'hello', 'text/plain')).status).toBe(401);
    expect((await post(t.ingestPath, JSON.stringify({ text: '长'.repeat(201) }), 'application/json')).status).toBe(400);
    const longPlain = await post(t.ingestPath, `2026-12-02T10:00:00.000\n${'长'.repeat(201)}`, 'text/plain');
    expect(longPlain.status).toBe(400);
    expect(longPlain.body.fields[0].field).toBe('text');
    expect((await post(t.ingestPath, '# nothing but a comment', 'text/plain')).status).toBe(400);
    expect((await post(t.ingestPath, 'x'.repeat(17 * 1024), 'text/plain')).status).toBe(413);
    expect((await post(t.ingestPath, '通过', 'text/plain')).status).toBe(200);
    const revoked = await staff.director.post(`/api/studio/interviews/${id}/captions/tokens/${t.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect(audits('caption.token.revoke').some((e) => e.entity_id === t.id)).toBe(true);
    const refused = await post(t.ingestPath, '撤销之后', 'text/plain');
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('unauthorized');
    const scheduled = await interview(false);
    const early = await token(scheduled.id);
    const notLive = await post(early.ingestPath, '还没开播', 'text/plain');
    expect(notLive.status).toBe(409);
    expect(notLive.body.error).toBe('not_live');
  });
});

describe('the transcript files', () => {
  it('serves the final cues as WebVTT and SRT while live, with the speaker', async () => {
    const { id, slug } = await interview();
    const socket = await joinedDesk(staff.editor, id);
    await ask(socket, 'send', { interviewId: id, text: '欢迎收看<在线访谈> & 交流', speaker: { name: '张明', title: '局长' } });
    await ask(socket, 'send', { interviewId: id, text: '第二句' });
    const res = await fetch(`${server.url}/api/interviews/${slug}/captions.vtt`);
    expect(res.headers.get('content-type')).toContain('text/vtt');
    const vtt = new WebVTTParser().parse(await res.text(), 'metadata');
    expect(vtt.errors).toEqual([]);
    expect(vtt.cues).toHaveLength(2);
    const voice = vtt.cues[0]!.tree.children.find((c: VttNode) => c.name === 'v');
    expect(voice?.value).toBe('张明');
    expect(vtt.cues[0]!.text).toContain('欢迎收看&lt;在线访谈&gt; &amp; 交流');
    expect(vtt.cues[0]!.endTime).toBeGreaterThan(vtt.cues[0]!.startTime);
    const srt = await (await fetch(`${server.url}/api/interviews/${slug}/captions.srt`)).text();
    expect(srt).toMatch(/^1\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}\n张明：欢迎收看<在线访谈> & 交流\n\n2\n/);
  });

  it('is in /openapi.json', async () => {
    const spec = (await new Client(server.url).get('/openapi.json')).body;
    for (const p of ['/api/interviews/{slug}/captions', '/api/interviews/{slug}/captions.vtt', '/api/interviews/{slug}/captions.srt', '/api/ingest/captions/{token}']) expect(spec.paths).toHaveProperty([p]);
  });
});

describe('after a restart', () => {
  it('keeps the cues, and a viewer connecting afterwards gets the recent ones at once', async () => {
    const own = await startServer();
    const crew = await staffClients(own.url);
    await crew.director.patch('/api/studio/interviews/1', { status: 'live' });
    const socket = await joinedDesk(crew.editor, 1, own.url);
    const sent = [];
    for (let i = 1; i <= 25; i++) sent.push((await ask(socket, 'send', { interviewId: 1, text: `第${i}句` })).data);
    const open = await ask(socket, 'line', { interviewId: 1, text: '正在打' });
    expect(open.ok).toBe(true);
    socket.close();
    await own.close();

    const again = await startServer({}, own.dataDir);
    try {
      const listed = await new Client(again.url).get('/api/interviews/demo/captions');
      expect(listed.body.map((c: any) => c.text)).toEqual(sent.map((c) => c.text));
      // Listeners first: the replay follows the handshake at once, as a player that listens before connecting hears it.
      const viewer = ioClient(`${again.url}/viewer`, { auth: { interview: 'demo', protocol: PROTOCOL_VERSION }, transports: ['websocket'], reconnection: false });
      sockets.push(viewer);
      const got: any[] = [];
      viewer.on('cue', (c) => got.push(c));
      await until(() => got.length >= 20);
      await new Promise((r) => setTimeout(r, 200));
      // The last 20 finals in order; the line open when the process stopped is not shown as a cue.
      expect(got.map((c) => c.text)).toEqual(sent.slice(-20).map((c) => c.text));
      expect(got.every((c) => c.final)).toBe(true);
      viewer.close();
    } finally {
      await again.close();
    }
  });
});
