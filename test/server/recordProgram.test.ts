import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureManifest } from '../../server/recording/manifest.js';
import { ADMIN_PASSWORD, Client, startServer, staffClients, type TestServer } from '../helpers/server.js';
import { FakeCaptures, fakeSegments, storeCapture } from '../helpers/capture.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let captures: FakeCaptures;
let n = 0;
const T0 = Date.parse('2026-12-02T02:00:00.000Z');

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  captures = new FakeCaptures();
  await server.domain.programs.useCaptures(captures);
});
afterAll(async () => server?.close());

async function interview(to: 'live' | 'ended'): Promise<number> {
  const created = await staff.admin.post('/api/studio/interviews', {
    slug: `rec-${++n}`,
    title: `录像 ${n}`,
    unit: '区政府办',
    scheduledStart: '2026-12-02T02:00:00.000Z',
    scheduledEnd: '2026-12-02T03:00:00.000Z',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as number;
  expect((await staff.admin.patch(`/api/studio/interviews/${id}`, { status: 'scheduled' })).status).toBe(200);
  expect((await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'live' })).status).toBe(200);
  if (to === 'ended') expect((await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'ended' })).status).toBe(200);
  return id;
}

/** Three seconds of one person, as the capture would leave it. */
async function capture(id: number): Promise<CaptureManifest> {
  const dir = path.join(server.dataDir, 'fake-raw', String(id));
  const segments = await fakeSegments({ dir, participantId: 'host', wallStartMs: T0, seconds: 3, segmentSeconds: 2, source: { kind: 'colour', colour: 'green', toneHz: 440 } });
  const manifest: CaptureManifest = {
    interviewId: id,
    spans: [{ startMs: T0, endMs: T0 + 3000 }],
    segments,
    timeline: [{ atMs: T0, layout: 'single', slots: [{ participantId: 'host', name: '张明', title: '主持人' }] }],
  };
  captures.manifests.set(id, manifest);
  return manifest;
}

async function signInAll(base: string): Promise<typeof staff> {
  const out = {} as typeof staff;
  for (const role of ['admin', 'host', 'director', 'reviewer', 'editor'] as const) {
    const c = new Client(base);
    await c.login(role === 'admin' ? 'admin' : `${role}1`, role === 'admin' ? ADMIN_PASSWORD : `${role}-password-1`);
    out[role] = c;
  }
  return out;
}

const record = (c: Client, id: number) => c.get(`/api/studio/interviews/${id}/record`);
const compose = (c: Client, id: number) => c.post(`/api/studio/interviews/${id}/record/compose`);

describe('the composed program over HTTP', () => {
  it('is composed by itself once the capture of an ended interview is complete, and served to staff with ranges', async () => {
    const id = await interview('ended');
    expect((await record(staff.editor, id)).status).toBe(404);
    await capture(id);
    captures.complete(id);
    await server.domain.programs.idle();

    const ready = await record(staff.editor, id);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ state: 'ready', error: null });
    expect(Math.abs(ready.body.durationMs - 3000)).toBeLessThan(100);
    expect(ready.body.video).toMatch(new RegExp(`^/api/studio/interviews/${id}/record/program\\.mp4\\?v=\\d+$`));

    const res = await fetch(server.url + ready.body.video, { headers: { cookie: staff.editor.cookie, range: 'bytes=0-99' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toMatch(/^video\/mp4/);
    expect(res.headers.get('content-range')).toBe(`bytes 0-99/${ready.body.bytes}`);
    const head = Buffer.from(await res.arrayBuffer());
    expect(head.subarray(4, 8).toString()).toBe('ftyp');
    // Fast start: the index (moov) comes before the media (mdat), so a player starts without reading the end.
    const whole = Buffer.from(await (await fetch(server.url + ready.body.video, { headers: { cookie: staff.admin.cookie } })).arrayBuffer());
    expect(whole.indexOf('moov')).toBeLessThan(whole.indexOf('mdat'));
  }, 300_000);

  it('refuses the roles without the right: 403, and 401 without a session', async () => {
    const id = await interview('ended');
    await capture(id);
    expect((await compose(staff.reviewer, id)).status).toBe(403);
    expect((await compose(staff.host, id)).status).toBe(403);
    expect((await record(staff.reviewer, id)).status).toBe(403);
    expect((await staff.host.get(`/api/studio/interviews/${id}/record/program.mp4`)).status).toBe(403);
    expect((await new Client(server.url).get(`/api/studio/interviews/${id}/record/program.mp4`)).status).toBe(401);
  });

  it('answers 409 with a reason when there is nothing to compose yet, and composes on request otherwise', async () => {
    const live = await interview('live');
    await capture(live);
    const refused = await compose(staff.director, live);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('conflict');
    expect(refused.body.message).toContain('直播');

    const empty = await interview('ended');
    const none = await new Client(server.url, 'en').request('POST', `/api/studio/interviews/${empty}/record/compose`, undefined, {
      cookie: staff.editor.cookie,
      'x-csrf-token': staff.editor.csrf,
    });
    expect(none.status).toBe(409);
    expect(none.body.message).toContain('nothing was recorded');

    const id = await interview('ended');
    await capture(id);
    captures.capturing.add(id);
    expect((await compose(staff.editor, id)).status).toBe(409);
    captures.capturing.delete(id);

    const accepted = await compose(staff.editor, id);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ state: 'composing', video: null });
    // A second click while it runs is refused, not queued twice.
    expect((await compose(staff.editor, id)).status).toBe(409);
    await server.domain.programs.idle();
    expect((await record(staff.editor, id)).body.state).toBe('ready');
  }, 300_000);

  it('says why a composition failed, and redoes one a restart interrupted', async () => {
    const id = await interview('ended');
    const manifest = await capture(id);
    // Every segment gone (a disk cleaned by hand): the row says failed, with the reason.
    captures.manifests.set(id, { ...manifest, segments: manifest.segments.map((s) => ({ ...s, path: `${s.path}.missing` })) });
    expect((await compose(staff.editor, id)).status).toBe(202);
    await server.domain.programs.idle();
    const failed = await record(staff.editor, id);
    expect(failed.body).toMatchObject({ state: 'failed', video: null });
    expect(failed.body.error).toBeTruthy();

    // The server stopped while composing: the row is still 'composing' at the next start, which redoes it
    // from the capture its own recording service finds in the database.
    await storeCapture(server.database.db, manifest);
    await server.database.db.updateTable('record_programs').set({ state: 'composing', error: null }).where('interview_id', '=', id).execute();
    const dataDir = server.dataDir;
    await server.close();
    server = await startServer({}, dataDir);
    // The accounts exist already in this data folder: sign in again.
    staff = await signInAll(server.url);
    await server.domain.programs.idle();
    expect((await record(staff.editor, id)).body).toMatchObject({ state: 'ready', error: null });
  }, 300_000);
});
