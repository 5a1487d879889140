import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/events.js';
import { Client, nextEvent, startServer, staffClients, type TestServer } from '../helpers/server.js';
import { mediaSocket, must, next, publish } from '../helpers/media.js';

/**
 * What the picture says about who and what is on air: the `onair` event on /viewer (the question being
 * answered, masked, on join and on every change) and the 职务 of each person in the program (lower thirds).
 */
let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
const netizen = () => new Client(server.url);
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  expect((await staff.director.patch('/api/studio/interviews/1', { status: 'live' })).status).toBe(200);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
});

/** A viewer socket whose first `onair` (sent on join) is awaited with it. */
async function joinAndHearOnAir(): Promise<{ socket: Socket; first: unknown }> {
  // Listening before the connection: the join's `onair` may arrive with the handshake's own packets.
  const socket = ioClient(`${server.url}/viewer`, { auth: { interview: 'demo' }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  const first = await nextEvent(socket, 'onair');
  return { socket, first };
}

async function approvedQuestion(content: string): Promise<number> {
  const r = await netizen().post('/api/interviews/demo/questions', { content, nickname: '市民老王' });
  expect(r.status).toBe(201);
  expect((await staff.reviewer.post(`/api/studio/questions/${r.body.id}/transition`, { to: 'approved' })).status).toBe(200);
  return r.body.id as number;
}

const move = (id: number, to: string) => staff.host.post(`/api/studio/questions/${id}/transition`, { to });

describe('the question on air (`onair` on /viewer)', () => {
  it('is told on join, on every change, masked, and null once answered', async () => {
    const early = await joinAndHearOnAir();
    expect(early.first).toBeNull();

    // A phone number in the wording is masked in public text, on the picture too.
    const a = await approvedQuestion('我家电话13812345678，小区加装电梯怎么申请补贴？');
    const b = await approvedQuestion('老旧小区改造什么时候开工？');
    const onAirA = nextEvent<any>(early.socket, 'onair', (q) => q?.id === a);
    expect((await move(a, 'on_air')).status).toBe(200);
    const heardA = await onAirA;
    expect(heardA).toMatchObject({ id: a, status: 'on_air', nickname: '市民老王' });
    expect(heardA.content).not.toContain('13812345678');
    expect(heardA).not.toHaveProperty('contact');

    // A viewer joining now hears the question on air at once.
    const late = await joinAndHearOnAir();
    expect(late.first).toMatchObject({ id: a, content: heardA.content });

    // Replacing it on air: both viewers end on the new one.
    const onAirB = Promise.all(sockets.map((s) => nextEvent<any>(s, 'onair', (q) => q?.id === b)));
    expect((await move(b, 'on_air')).status).toBe(200);
    await onAirB;

    const cleared = Promise.all(sockets.map((s) => nextEvent<any>(s, 'onair', (q) => q === null)));
    expect((await move(b, 'answered')).status).toBe(200);
    await cleared;
    expect((await joinAndHearOnAir()).first).toBeNull();
  });
});

describe('the staff title (职务)', () => {
  it('is kept on the account, validated, and shown under the name on the picture', async () => {
    const created = await staff.admin.post('/api/studio/users', {
      username: 'anchor1',
      displayName: '王芳',
      title: '区融媒体中心主持人',
      role: 'host',
      password: 'anchor-password-1',
      mustChangePassword: false,
    });
    expect(created.status).toBe(201);
    expect(created.body.title).toBe('区融媒体中心主持人');
    const tooLong = await staff.admin.patch(`/api/studio/users/${created.body.id}`, { title: '长'.repeat(81) });
    expect(tooLong.status, JSON.stringify(tooLong.body)).toBe(400);
    expect(tooLong.body.fields?.[0]?.field).toBe('title');
    const changed = await staff.admin.patch(`/api/studio/users/${created.body.id}`, { title: '  首席主持人 ' });
    expect(changed.status).toBe(200);
    expect(changed.body.title).toBe('首席主持人');
    // A title alone is something to change; accounts made before it have none.
    const list = (await staff.admin.get('/api/studio/users')).body as Array<{ username: string; title: string }>;
    expect(list.find((u) => u.username === 'admin')?.title).toBe('');

    const anchor = new Client(server.url);
    await anchor.login('anchor1', 'anchor-password-1');

    const host = await mediaSocket(server.url, { as: 'staff', interviewId: 1 }, anchor.cookie);
    await publish(host);
    // The guest's 职务 comes from the interview's guest list, by the name on the invitation.
    const inv = await staff.director.post('/api/studio/interviews/1/invites', { guestName: '张明', expiresInHours: 1 });
    expect(inv.status).toBe(201);
    const guest = await mediaSocket(server.url, { as: 'guest', invite: inv.body.token });

    const director = await mediaSocket(server.url, { as: 'staff', interviewId: 1 }, staff.director.cookie);
    const joined = next<any[]>(director, 'participants', (ps) => ps.some((p) => p.id.startsWith('g:') && p.producers.camera));
    await publish(guest);
    const guestId = (await joined).find((p) => p.id.startsWith('g:')).id as string;
    await must(director, 'stage:admit', { participantId: guestId });

    const viewer = await mediaSocket(server.url, { as: 'viewer', interview: 'demo' });
    const program = next<any>(viewer, 'program', (p) => p.slots.length === 2);
    await must(director, 'program:set', { participantIds: [`u:${created.body.id}`, guestId], layout: 'side_by_side' });
    expect((await program).slots.map((s: any) => [s.name, s.title])).toEqual([
      ['王芳', '首席主持人'],
      ['张明', '区住房和城乡建设局局长'],
    ]);
    for (const s of [host, guest, director, viewer]) s.close();

    // The caption desk offers the host by name and 职务 too (host1, made before, has no title: 主持人).
    const desk = ioClient(`${server.url}/captions`, {
      auth: { protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie: staff.editor.cookie },
    });
    sockets.push(desk);
    const opened = await desk.timeout(5000).emitWithAck('join', { interviewId: 1 });
    expect(opened.data.speakers.filter((s: { role: string }) => s.role === 'host')).toEqual([
      { name: 'host', title: '主持人', role: 'host' },
      { name: '王芳', title: '首席主持人', role: 'host' },
    ]);
  });
});
