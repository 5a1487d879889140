import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startServer, staffClients, type TestServer } from '../helpers/server.js';
import { call, mediaSocket, must, next, publish } from '../helpers/media.js';

// The life of broadcast rooms on a real mediasoup worker: the routers counted are the worker's own.
let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
const open: Socket[] = [];
const IDLE_MS = 400;

async function connect(auth: Record<string, unknown>, cookie?: string): Promise<Socket> {
  const s = await mediaSocket(server.url, auth, cookie);
  open.push(s);
  return s;
}

/** Routers alive in the mediasoup worker itself, not in the server's own bookkeeping. */
async function routers(): Promise<number> {
  const workers = (server.app.media.pool as unknown as { workers: Array<import('mediasoup').types.Worker> }).workers;
  const dumps = await Promise.all(workers.map((w) => w.dump() as Promise<{ routerIds: string[] }>));
  return dumps.reduce((n, d) => n + d.routerIds.length, 0);
}

async function interview(slug: string, status: 'scheduled' | 'live'): Promise<number> {
  const created = await staff.admin.post('/api/studio/interviews', {
    slug,
    title: slug,
    unit: '区政府办',
    scheduledStart: '2026-05-08T06:30:00.000Z',
    scheduledEnd: '2026-05-08T07:30:00.000Z',
  });
  const id = created.body.id as number;
  await staff.admin.patch(`/api/studio/interviews/${id}`, { status: 'scheduled' });
  if (status === 'live') await staff.admin.patch(`/api/studio/interviews/${id}`, { status: 'live' });
  return id;
}

const hostId = async () => 'u:' + (await staff.host.get('/api/auth/me')).body.user.id;

beforeAll(async () => {
  // One viewer per router, so a room with two viewers holds a second router to close.
  server = await startServer({ MEDIA_WORKERS: '1', MEDIA_VIEWERS_PER_ROUTER: '1', MEDIA_ROOM_IDLE_SECONDS: String(IDLE_MS / 1000) });
  staff = await staffClients(server.url);
});
afterAll(async () => {
  for (const s of open) s.close();
  await server?.close();
});

describe('broadcast rooms close and free their routers', () => {
  it('closes the room, its routers and every transport when its interview ends, and tells everyone', async () => {
    const id = await interview('ending', 'live');
    expect(await routers()).toBe(0);
    const host = await connect({ as: 'staff', interviewId: id }, staff.host.cookie);
    const director = await connect({ as: 'staff', interviewId: id }, staff.director.cookie);
    await publish(host);
    await must(director, 'program:set', { participantIds: [await hostId()], layout: 'single' });
    const invite = await staff.director.post(`/api/studio/interviews/${id}/invites`, { guestName: '赵主任' });
    const guest = await connect({ as: 'guest', invite: invite.body.token });
    await publish(guest);
    const viewers = [await connect({ as: 'viewer', interview: 'ending' }), await connect({ as: 'viewer', interview: 'ending' })];
    for (const v of viewers) await must(v, 'transport:create', { direction: 'recv' });
    // The stage router serves the first viewer; the second needed a router of its own.
    expect(await routers()).toBe(2);
    const room = (await server.app.media.rooms.peek(id))!;
    expect((await room.stageRouter.dump()).transportIds.length).toBeGreaterThan(0);

    const everyone = [host, director, guest, ...viewers];
    const told = everyone.map((s) => new Promise<void>((resolve) => s.once('ended', () => resolve())));
    const dropped = everyone.map((s) => new Promise<void>((resolve) => s.once('disconnect', () => resolve())));
    const offAir = next<{ live: boolean }>(viewers[0]!, 'program', (p) => !p.live);
    expect((await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'ended' })).status).toBe(200);
    await offAir;
    await Promise.all(told);
    await Promise.all(dropped);

    await expect.poll(routers).toBe(0);
    expect(room.stageRouter.closed).toBe(true);
    expect(await server.app.media.rooms.peek(id)).toBeUndefined();
    // The guest's invitation ended with the interview: they cannot come back in.
    await expect(mediaSocket(server.url, { as: 'guest', invite: invite.body.token })).rejects.toThrow('invite_expired');
  });

  it('closes a room nobody has been in for a while; the next join opens a new one', async () => {
    const id = await interview('idle', 'scheduled');
    const viewer = await connect({ as: 'viewer', interview: 'idle' });
    await must(viewer, 'transport:create', { direction: 'recv' });
    const first = (await server.app.media.rooms.peek(id))!;
    expect(await routers()).toBe(1);

    // A short absence (a page reload) keeps the room.
    viewer.close();
    const back = await connect({ as: 'viewer', interview: 'idle' });
    expect((await call(back, 'transport:create', { direction: 'recv' })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, IDLE_MS * 1.5));
    expect(await server.app.media.rooms.peek(id)).toBe(first);
    expect(await routers()).toBe(1);

    // Everyone gone for longer than the idle time: the room and its router close.
    back.close();
    await expect.poll(routers, { timeout: 5000 }).toBe(0);
    expect(first.stageRouter.closed).toBe(true);
    expect(await server.app.media.rooms.peek(id)).toBeUndefined();

    // A later join re-creates it, and it works.
    const later = await connect({ as: 'staff', interviewId: id }, staff.host.cookie);
    const programmed = next<{ live: boolean }>(later, 'program');
    await publish(later);
    expect((await programmed).live).toBe(false);
    const second = (await server.app.media.rooms.peek(id))!;
    expect(second).not.toBe(first);
    expect(await routers()).toBe(1);
    later.close();
    await expect.poll(routers, { timeout: 5000 }).toBe(0);
  });
});
