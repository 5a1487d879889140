import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';
import { AUDIO_RTP, call, mediaSocket, must, next, publish, VIDEO_RTP } from '../helpers/media.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
const open: Socket[] = [];

async function connect(auth: Record<string, unknown>, cookie?: string): Promise<Socket> {
  const s = await mediaSocket(server.url, auth, cookie);
  open.push(s);
  return s;
}

/** Transport ids alive on every router of interview 1's room, straight from the mediasoup worker. */
async function liveTransports(): Promise<string[]> {
  const room = await server.app.media.rooms.peek(1);
  if (!room) return [];
  const dump = await room.stageRouter.dump();
  return dump.transportIds as string[];
}

async function invite(guestName: string, hours = 1): Promise<{ id: number; token: string }> {
  const r = await staff.director.post('/api/studio/interviews/1/invites', { guestName, expiresInHours: hours });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

beforeAll(async () => {
  server = await startServer({ MEDIA_WORKERS: '2', MEDIA_VIEWERS_PER_ROUTER: '1' });
  staff = await staffClients(server.url);
});
afterAll(async () => {
  for (const s of open) s.close();
  await server?.close();
});

describe('who may publish and direct', () => {
  it('refuses staff without a session, and staff whose role has no part on stage', async () => {
    await expect(mediaSocket(server.url, { as: 'staff', interviewId: 1 })).rejects.toThrow('unauthorized');
    await expect(mediaSocket(server.url, { as: 'staff', interviewId: 1 }, staff.reviewer.cookie)).rejects.toThrow('forbidden');
    await expect(mediaSocket(server.url, { as: 'staff', interviewId: 999 }, staff.director.cookie)).rejects.toThrow('not_found');
    await expect(mediaSocket(server.url, { as: 'somebody' })).rejects.toThrow('validation');
  });

  it('lets a netizen watch but never publish or direct', async () => {
    const viewer = await connect({ as: 'viewer', interview: 'demo' });
    const send = await call(viewer, 'transport:create', { direction: 'send' });
    expect(send.error.error).toBe('forbidden');
    const recv = await must(viewer, 'transport:create', { direction: 'recv' });
    const produce = await call(viewer, 'produce', { transportId: recv.id, kind: 'video', rtpParameters: VIDEO_RTP, source: 'camera' });
    expect(produce.error.error).toBe('forbidden');
    expect((await call(viewer, 'stage:join')).error.error).toBe('forbidden');
    expect((await call(viewer, 'program:set', { participantIds: [], layout: 'single' })).error.error).toBe('forbidden');
    expect((await call(viewer, 'stats')).error.error).toBe('forbidden');
    viewer.close();
  });

  it('refuses an unknown, expired or revoked invitation', async () => {
    await expect(mediaSocket(server.url, { as: 'guest', invite: 'x'.repeat(32) })).rejects.toThrow('not_found');
    const revoked = await invite('被撤销的嘉宾');
    expect((await staff.director.request('DELETE', `/api/studio/invites/${revoked.id}`)).status).toBe(200);
    await expect(mediaSocket(server.url, { as: 'guest', invite: revoked.token })).rejects.toThrow('invite_expired');
    expect((await new Client(server.url).get(`/api/invites/${revoked.token}`)).status).toBe(410);
    const expired = await invite('过期的嘉宾');
    server.database.sqlite.prepare('UPDATE invites SET expires_at = ? WHERE id = ?').run('2020-01-01T00:00:00.000Z', expired.id);
    await expect(mediaSocket(server.url, { as: 'guest', invite: expired.token })).rejects.toThrow('invite_expired');
    // Only broadcasters create invitations.
    expect((await staff.reviewer.post('/api/studio/interviews/1/invites', { guestName: 'x' })).status).toBe(403);
  });

  it('answers malformed signalling with a clear error and keeps the connection', async () => {
    const host = await connect({ as: 'staff', interviewId: 1 }, staff.host.cookie);
    for (const [event, payload] of [
      ['transport:create', { direction: 'sideways' }],
      ['transport:connect', { transportId: 'nope', dtlsParameters: {} }],
      ['produce', { transportId: 'nope', kind: 'video', rtpParameters: VIDEO_RTP, source: 'camera' }],
      ['consume', { transportId: 'nope', producerId: 'nope', rtpCapabilities: {} }],
      ['consumer:resume', { consumerId: 'nope' }],
      ['produce', 'garbage'],
    ] as const) {
      const r = await call(host, event, payload);
      expect(r.ok, event).toBe(false);
      expect(['validation', 'not_found'], `${event} ${JSON.stringify(r.error)}`).toContain(r.error.error);
    }
    // RTP parameters mediasoup cannot accept are a 400, not a crash.
    await must(host, 'stage:join');
    const t = await must(host, 'transport:create', { direction: 'send' });
    const bad = await call(host, 'produce', { transportId: t.id, kind: 'video', rtpParameters: { codecs: 'no' }, source: 'camera' });
    expect(bad.error.error).toBe('media');
    const mismatch = await call(host, 'produce', { transportId: t.id, kind: 'audio', rtpParameters: AUDIO_RTP, source: 'camera' });
    expect(mismatch.error.error).toBe('validation');
    expect(host.connected).toBe(true);
    host.close();
  });
});

describe('the program and its viewers', () => {
  it('takes a guest from the green room to air and off it, and viewers follow', async () => {
    const host = await connect({ as: 'staff', interviewId: 1 }, staff.host.cookie);
    const director = await connect({ as: 'staff', interviewId: 1 }, staff.director.cookie);
    const hostMedia = await publish(host);
    const { token } = await invite('李局长');
    const guest = await connect({ as: 'guest', invite: token });
    const guestJoined = next<any[]>(director, 'participants', (ps) => ps.some((p) => p.id.startsWith('g:') && p.producers.camera));
    const guestMedia = await publish(guest);
    const guestEntry = (await guestJoined).find((p) => p.id.startsWith('g:'));
    expect(guestEntry).toMatchObject({ name: '李局长', kind: 'guest', state: 'green_room' });

    // Not on air while still in the green room.
    const refused = await call(director, 'program:set', { participantIds: [guestEntry.id], layout: 'single' });
    expect(refused.error.error).toBe('validation');
    expect((await call(guest, 'program:set', { participantIds: [], layout: 'single' })).error.error).toBe('forbidden');
    await must(director, 'stage:admit', { participantId: guestEntry.id });
    const program = await must(director, 'program:set', { participantIds: ['u:' + (await hostId()), guestEntry.id], layout: 'side_by_side' });
    expect(program.slots.map((s: any) => s.videoProducerId)).toEqual([hostMedia.video, guestMedia.video]);

    // Before the broadcast starts nothing is on air for viewers.
    const viewer = await connect({ as: 'viewer', interview: 'demo' });
    const caps = await must(viewer, 'rtpCapabilities');
    const recv = await must(viewer, 'transport:create', { direction: 'recv' });
    const early = await call(viewer, 'consume', { transportId: recv.id, producerId: hostMedia.video, rtpCapabilities: caps });
    expect(early.error.error).toBe('forbidden');

    const live = next<any>(viewer, 'program', (p) => p.live);
    for (const status of ['live']) expect((await staff.director.patch('/api/studio/interviews/1', { status })).status).toBe(200);
    expect((await live).slots).toHaveLength(2);
    const consumers = [];
    for (const producerId of [hostMedia.video, hostMedia.audio, guestMedia.video, guestMedia.audio]) {
      const c = await must(viewer, 'consume', { transportId: recv.id, producerId, rtpCapabilities: caps });
      expect(c.producerId).toBe(producerId);
      await must(viewer, 'consumer:resume', { consumerId: c.id });
      consumers.push(c);
    }
    expect(consumers.map((c) => c.kind)).toEqual(['video', 'audio', 'video', 'audio']);

    // Off air: the program drops the guest, and a viewer can no longer receive the guest.
    const single = next<any>(viewer, 'program', (p) => p.slots.length === 1);
    await must(director, 'program:set', { participantIds: ['u:' + (await hostId())], layout: 'single' });
    expect((await single).slots[0].videoProducerId).toBe(hostMedia.video);
    const again = await call(viewer, 'consume', { transportId: recv.id, producerId: guestMedia.video, rtpCapabilities: caps });
    expect(again.error.error).toBe('forbidden');

    const stats = await must(director, 'stats');
    // The director directs without being on stage: stats cover the people on stage only.
    expect(stats.map((s: any) => s.participantId).sort()).toEqual([guestEntry.id, 'u:' + (await hostId())].sort());
    expect(stats.find((s: any) => s.participantId === guestEntry.id).connectionState).toBe('new/new');

    // A leaving guest takes every transport, producer and consumer with it.
    const before = await liveTransports();
    const guestGone = next<any[]>(director, 'participants', (ps) => ps.some((p) => p.id === guestEntry.id && !p.producers.camera));
    guest.close();
    await guestGone;
    const after = await liveTransports();
    expect(after.length).toBe(before.length - 1);

    for (const s of [viewer, host, director]) s.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(await liveTransports()).toEqual([]);
  });

  it('spreads viewers over routers on other workers and pipes the program to them', async () => {
    const created = await staff.admin.post('/api/studio/interviews', {
      slug: 'spread',
      title: '多路由',
      unit: '区政府办',
      scheduledStart: '2026-05-08T06:30:00.000Z',
      scheduledEnd: '2026-05-08T07:30:00.000Z',
    });
    const id = created.body.id;
    await staff.admin.patch(`/api/studio/interviews/${id}`, { status: 'scheduled' });
    await staff.admin.patch(`/api/studio/interviews/${id}`, { status: 'live' });
    const host = await connect({ as: 'staff', interviewId: id }, staff.host.cookie);
    const media = await publish(host);
    await must(host, 'program:set', { participantIds: ['u:' + (await hostId())], layout: 'single' });
    const viewers = [];
    for (let i = 0; i < 3; i++) {
      const v = await connect({ as: 'viewer', interview: 'spread' });
      const caps = await must(v, 'rtpCapabilities');
      const recv = await must(v, 'transport:create', { direction: 'recv' });
      const c = await must(v, 'consume', { transportId: recv.id, producerId: media.video, rtpCapabilities: caps });
      expect(c.kind).toBe('video');
      viewers.push(v);
    }
    const room = (await server.app.media.rooms.peek(id))!;
    const routers = (room as any).viewerRouters.routers as Array<import('mediasoup').types.Router>;
    const workers = new Set(routers.map((r) => server.app.media.pool.workerOf(r)?.pid));
    // One viewer per router here, so three routers, spread over both workers.
    expect(routers).toHaveLength(3);
    expect(workers.size).toBe(2);
    for (const v of [...viewers, host]) v.close();
  });
});

describe('people coming and going', () => {
  it('keeps the place of someone whose connection drops, and gives it back when they return', async () => {
    const director = await connect({ as: 'staff', interviewId: 1 }, staff.director.cookie);
    let host = await connect({ as: 'staff', interviewId: 1 }, staff.host.cookie);
    await publish(host);
    const hostPid = 'u:' + (await hostId());
    await must(director, 'program:set', { participantIds: [hostPid], layout: 'single' });
    const emptied = next<any>(director, 'program', (p) => p.slots.length === 0);
    const offline = next<any[]>(director, 'participants', (ps) => ps.some((p) => p.id === hostPid && !p.connected));
    host.close(); // the network drops
    await emptied; // no empty tile for viewers meanwhile
    expect((await offline).find((p) => p.id === hostPid)).toMatchObject({ state: 'stage', onAir: true, connected: false });
    const back = next<any>(director, 'program', (p) => p.slots.length === 1 && !!p.slots[0].videoProducerId);
    host = await connect({ as: 'staff', interviewId: 1 }, staff.host.cookie);
    const media = await publish(host);
    expect((await back).slots[0].videoProducerId).toBe(media.video);

    // Leaving on purpose gives the place up.
    const gone = next<any[]>(director, 'participants', (ps) => !ps.some((p) => p.id === hostPid));
    await must(host, 'stage:leave');
    await gone;
    expect((await must(director, 'program:set', { participantIds: [], layout: 'single' })).slots).toEqual([]);
    host.close();
    director.close();
  });

  it('serves a viewer whose connection was recovered after a drop, on a fresh peer', async () => {
    const viewer = ioClient(`${server.url}/media`, { auth: { as: 'viewer', interview: 'demo' }, transports: ['websocket'], reconnectionDelay: 100 });
    open.push(viewer);
    await new Promise((resolve) => viewer.once('connect', () => resolve(undefined)));
    await must(viewer, 'transport:create', { direction: 'recv' });
    // Recovery resumes from the last broadcast packet received: the program goes out as one.
    const programmed = next(viewer, 'program');
    await staff.admin.patch('/api/studio/interviews/1', { summary: '触发一次节目广播' });
    await programmed;
    viewer.io.engine.close(); // the network drops
    await new Promise((resolve) => viewer.once('connect', () => resolve(undefined)));
    expect(viewer.recovered).toBe(true);
    const caps = await call(viewer, 'rtpCapabilities');
    expect(caps.ok, JSON.stringify(caps.error)).toBe(true);
    expect((await call(viewer, 'transport:create', { direction: 'recv' })).ok).toBe(true);
    const missing = await call(viewer, 'consumer:resume', { consumerId: 'gone' });
    expect(missing.error).toMatchObject({ error: 'not_found', fields: [{ field: 'consumerId' }] });
    viewer.close();
  });

  it('disconnects a guest the moment their invitation is revoked', async () => {
    const director = await connect({ as: 'staff', interviewId: 1 }, staff.director.cookie);
    const { id, token } = await invite('临时嘉宾');
    const guest = await connect({ as: 'guest', invite: token });
    await publish(guest);
    const dropped = new Promise((resolve) => guest.once('disconnect', resolve));
    const removed = next<any[]>(director, 'participants', (ps) => !ps.some((p) => p.id === `g:${id}`));
    expect((await staff.director.request('DELETE', `/api/studio/invites/${id}`)).status).toBe(200);
    await dropped;
    await removed;
    director.close();
  });
});

describe('staff whose account changes while on stage', () => {
  it('take a host made editor, and a host signed out, off the stage at once', async () => {
    const director = await connect({ as: 'staff', interviewId: 1 }, staff.director.cookie);
    for (const [i, change] of (['demote', 'logout'] as const).entries()) {
      const username = `stagehost${i}`;
      const created = await staff.admin.post('/api/studio/users', { username, displayName: username, role: 'host', password: `${username}-password-1`, mustChangePassword: false });
      expect(created.status).toBe(201);
      const host = new Client(server.url);
      await host.login(username, `${username}-password-1`);
      const media = await connect({ as: 'staff', interviewId: 1 }, host.cookie);
      await publish(media);
      const dropped = new Promise((resolve) => media.once('disconnect', resolve));
      const removed = next<any[]>(director, 'participants', (ps) => !ps.some((p) => p.id === `u:${created.body.id}`));
      if (change === 'demote') expect((await staff.admin.patch(`/api/studio/users/${created.body.id}`, { role: 'editor' })).status).toBe(200);
      else expect((await host.post('/api/auth/logout')).status).toBe(204);
      await dropped;
      await removed;
    }
    director.close();
  });
});

describe('a media worker that dies', () => {
  it('is replaced, and the room tells its peers to reconnect; they can publish again', async () => {
    const host = await connect({ as: 'staff', interviewId: 1 }, staff.host.cookie);
    await publish(host);
    const hostPid = 'u:' + (await hostId());
    await must(host, 'program:set', { participantIds: [hostPid], layout: 'pip' });
    const room = (await server.app.media.rooms.peek(1))!;
    const worker = server.app.media.pool.workerOf(room.stageRouter)!;
    const told = next(host, 'reconnect');
    process.kill(worker.pid, 'SIGKILL');
    await told;
    // The old peer is gone with its room; a reconnecting client starts over on a fresh room.
    host.close();
    await new Promise((r) => setTimeout(r, 300));
    const again = await connect({ as: 'staff', interviewId: 1 }, staff.host.cookie);
    const restored = next<any>(again, 'program', (p) => p.slots.length === 1 && !!p.slots[0].videoProducerId);
    const media = await publish(again);
    // The stage and the program survive the worker: the host is back on air without the director.
    const program = await restored;
    expect(program).toMatchObject({ layout: 'pip', slots: [{ participantId: hostPid, videoProducerId: media.video }] });
    expect(server.app.media.pool.size).toBe(2);
    again.close();
  });
});

async function hostId(): Promise<number> {
  return (await staff.host.get('/api/auth/me')).body.user.id;
}
