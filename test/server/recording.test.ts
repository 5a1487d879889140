import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaSocket, must, publish } from '../helpers/media.js';
import { startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let full: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  // A disk that never has enough room: more free space asked for than any machine has.
  full = await startServer({ RECORDING_MIN_FREE_MB: String(1024 ** 3) });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await full?.close();
});

const rec = '/api/studio/interviews/1/recording';

describe('recording switches and refusals', () => {
  it('refuses the wrong roles, a broadcast that is not live, and too little disk, and keeps the director switch', async () => {
    // Status: on by default, not recording before the broadcast.
    const before = await staff.director.get(rec);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ whenLive: true, recording: false, health: 'idle', bytes: 0 });
    // Only the director and the admin switch it; a host or an editor may not.
    for (const who of [staff.host, staff.editor, staff.reviewer]) expect((await who.post(`${rec}/start`)).status).toBe(403);
    expect((await staff.host.put(`${rec}/settings`, { whenLive: false })).status).toBe(403);
    // Not live: 409 with a sentence saying why, in the caller's language.
    const early = await staff.director.post(`${rec}/start`);
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('直播中才能开始录制');
    expect((await staff.director.get('/api/studio/interviews/999/recording')).status).toBe(404);
    expect((await staff.director.put(`${rec}/settings`, { whenLive: 'no' })).status).toBe(400);

    // Switched off before the broadcast: going live does not record.
    expect((await staff.director.put(`${rec}/settings`, { whenLive: false })).body).toMatchObject({ whenLive: false });
    expect((await staff.director.patch('/api/studio/interviews/1', { status: 'live' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect((await staff.director.get(rec)).body).toMatchObject({ whenLive: false, recording: false });
    // Started by hand while live: recording (nobody on stage yet, which the status says).
    const started = await staff.director.post(`${rec}/start`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ recording: true, health: 'problem', problems: ['no_media'] });
    expect((await server.app.recording.manifest(1)).spans).toHaveLength(1);
    expect(Date.parse(started.body.since)).toBeGreaterThan(Date.now() - 5000);
    // What goes on air while recording is on is written to the timeline, with names, for the composer.
    const director = await mediaSocket(server.url, { as: 'staff', interviewId: 1 }, staff.director.cookie);
    const me = await publish(director).then(() => must(director, 'stage:join'));
    await must(director, 'program:set', { participantIds: [me.id], layout: 'pip' });
    await expect
      .poll(async () => (await server.app.recording.manifest(1)).timeline.at(-1), { timeout: 5000 })
      .toMatchObject({ layout: 'pip', slots: [{ participantId: me.id, name: 'director', title: '' }] });
    await must(director, 'program:set', { participantIds: [], layout: 'single' });
    await expect.poll(async () => (await server.app.recording.manifest(1)).timeline.at(-1)?.slots, { timeout: 5000 }).toEqual([]);
    director.close();
    const stopped = await staff.admin.post(`${rec}/stop`);
    expect(stopped.body).toMatchObject({ recording: false, stoppedReason: 'operator' });
    const audit = await staff.admin.get('/api/studio/audit?entity=interview&entityId=1');
    expect(audit.status).toBe(200);
    const actions = (audit.body as Array<{ action: string }>).map((e) => e.action);
    for (const a of ['recording.settings', 'recording.start', 'recording.stop']) expect(actions).toContain(a);
  });

  it('refuses to start on a disk without room, with a clear message, and does not start by itself either', async () => {
    const staffFull = await staffClients(full.url);
    expect((await staffFull.director.patch('/api/studio/interviews/1', { status: 'live' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const s = await staffFull.director.get(rec);
    expect(s.body).toMatchObject({ recording: false, stoppedReason: 'disk_full' });
    const r = await staffFull.director.post(`${rec}/start`);
    expect(r.status).toBe(409);
    expect(r.body.message).toMatch(/磁盘剩余空间不足，无法开始录制（剩余 \d+ MB，至少需要 \d+ MB）/);
    const english = (await staffFull.director.request('POST', `${rec}/start`, undefined, { 'accept-language': 'en' })).body;
    expect(english.message).toContain('not enough free disk space to record');
    expect((await staffFull.director.get(rec)).body.recording).toBe(false);
  });

  it('stops by itself when the disk fills up during the recording, keeping what was written, and says so', async () => {
    // Enough room to start, and a stop level no disk is above: the first disk check stops it.
    const filling = await startServer({ RECORDING_MIN_FREE_MB: '0', RECORDING_STOP_FREE_MB: String(1024 ** 3) });
    try {
      const s = await staffClients(filling.url);
      expect((await s.director.patch('/api/studio/interviews/1', { status: 'live' })).status).toBe(200);
      await expect.poll(async () => (await s.director.get(rec)).body.recording, { timeout: 3000 }).toBe(true);
      await expect.poll(async () => (await s.director.get(rec)).body, { timeout: 15_000 }).toMatchObject({ recording: false, stoppedReason: 'disk_full' });
      const m = await filling.app.recording.manifest(1);
      expect(m.spans).toHaveLength(1);
      expect(m.spans[0]!.endMs).toBeGreaterThan(m.spans[0]!.startMs);
      // A full disk is not retried by itself on the next edit of the live interview.
      await s.admin.patch('/api/studio/interviews/1', { summary: '更新摘要' });
      await new Promise((r) => setTimeout(r, 300));
      expect((await s.director.get(rec)).body.recording).toBe(false);
    } finally {
      await filling.close();
    }
  }, 30_000);
});
