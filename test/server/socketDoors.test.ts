import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/events.js';
import { Client, nextEvent, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
const netizen = () => new Client(server.url);

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
});
afterAll(async () => server?.close());

const auditCount = () => (server.database.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
const statusOf = (id: number) => (server.database.sqlite.prepare('SELECT status FROM questions WHERE id = ?').get(id) as { status: string }).status;

/** Connects a socket and resolves with `connected`, or with the refusal's error code. */
async function handshake(namespace: string, auth: Record<string, unknown>, cookie?: string): Promise<{ socket: Socket; refused?: string }> {
  const socket = ioClient(`${server.url}${namespace}`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    ...(cookie && { extraHeaders: { cookie } }),
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (err) => resolve({ socket, refused: err.message }));
  });
}

describe('the socket protocol version', () => {
  it('refuses a client built for another version with a stable code, on every namespace', async () => {
    const stale = PROTOCOL_VERSION + 1;
    const attempts = [
      handshake('/viewer', { interview: 'demo', protocol: stale }),
      handshake('/viewer', { interview: 'demo', protocol: 'one' }),
      handshake('/studio', { protocol: stale, language: 'zh-CN' }, staff.host.cookie),
      handshake('/media', { as: 'viewer', interview: 'demo', protocol: stale }),
      handshake('/media', { as: 'staff', interviewId: 1, protocol: 0 }, staff.director.cookie),
    ];
    for (const { socket, refused } of await Promise.all(attempts)) {
      expect(refused).toBe('protocol_version');
      socket.close();
    }
  });

  it('lets in a client of this version, and one from before clients stated theirs', async () => {
    const attempts = [
      handshake('/viewer', { interview: 'demo', protocol: PROTOCOL_VERSION }),
      handshake('/viewer', { interview: 'demo' }),
      handshake('/studio', { protocol: PROTOCOL_VERSION }, staff.host.cookie),
      handshake('/media', { as: 'viewer', interview: 'demo', protocol: PROTOCOL_VERSION }),
    ];
    for (const { socket, refused } of await Promise.all(attempts)) {
      expect(refused).toBeUndefined();
      socket.close();
    }
  });
});

describe('one door per staff action', () => {
  it('answers nothing to the removed socket actions and changes nothing', async () => {
    const { socket } = await handshake('/studio', { protocol: PROTOCOL_VERSION }, staff.reviewer.cookie);
    const q = await netizen().post('/api/interviews/demo/questions', { content: '只走一扇门的问题' });
    const before = auditCount();
    for (const [event, payload] of [
      ['transition', { id: q.body.id, to: 'approved' }],
      ['edit', { id: q.body.id, publicContent: '改过的措辞' }],
      ['reorder', { interviewId: 1, order: [q.body.id] }],
    ] as const) {
      await expect(socket.timeout(500).emitWithAck(event, payload), event).rejects.toThrow();
    }
    expect(socket.connected).toBe(true);
    expect(statusOf(q.body.id)).toBe('pending');
    expect(auditCount()).toBe(before);
    socket.close();
  });

  it('edits, moderates and orders over HTTP, and every open studio socket hears each change', async () => {
    const { socket } = await handshake('/studio', { protocol: PROTOCOL_VERSION }, staff.host.cookie);
    expect(((await socket.emitWithAck('join', { interviewId: 1 })) as { ok: boolean }).ok).toBe(true);
    const a = (await netizen().post('/api/interviews/demo/questions', { content: '第一个排队的问题' })).body.id as number;
    const b = (await netizen().post('/api/interviews/demo/questions', { content: '第二个排队的问题' })).body.id as number;

    const edited = nextEvent<any>(socket, 'question', (x) => x.id === a && x.publicContent === '第一个排队的问题（已润色）');
    const edit = await staff.reviewer.patch(`/api/studio/questions/${a}`, { publicContent: '第一个排队的问题（已润色）' });
    expect(edit.status).toBe(200);
    await edited;

    for (const id of [a, b]) {
      expect((await staff.reviewer.post(`/api/studio/questions/${id}/transition`, { to: 'approved' })).status).toBe(200);
      const queued = nextEvent<any>(socket, 'question', (x) => x.id === id && x.status === 'queued');
      expect((await staff.host.post(`/api/studio/questions/${id}/transition`, { to: 'queued' })).status).toBe(200);
      await queued;
    }

    const moved = nextEvent<any>(socket, 'question', (x) => x.id === b && x.queuePosition === 1);
    const order = await staff.host.put('/api/studio/interviews/1/queue', { order: [b, a] });
    expect(order.status).toBe(200);
    expect(order.body.map((x: any) => x.id)).toEqual([b, a]);
    await moved;

    // The role rules hold at the one door: a host may not edit a question's wording.
    expect((await staff.host.patch(`/api/studio/questions/${a}`, { publicContent: '主持人改的' })).status).toBe(403);
    socket.close();
  });
});
