import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { Client, nextEvent, startServer, staffClients, viewerSocket, type TestServer } from '../helpers/server.js';

// What the asker (the netizen who asked) sees of their own question, live over the /viewer socket.

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let netizen: Client;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  netizen = new Client(server.url);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
});

async function ask(content: string, slug = 'demo') {
  const r = await netizen.post(`/api/interviews/${slug}/questions`, { content });
  expect(r.status).toBe(201);
  return r.body as { id: number; ticket: string };
}

async function socketFor(slug = 'demo'): Promise<Socket> {
  const s = await viewerSocket(server.url, slug);
  sockets.push(s);
  return s;
}

function follow(socket: Socket, tickets: unknown): Promise<any> {
  return socket.timeout(5000).emitWithAck('follow', { tickets });
}

async function transition(id: number, body: Record<string, unknown>, as: 'reviewer' | 'host' = 'reviewer') {
  const r = await staff[as].post(`/api/studio/questions/${id}/transition`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** Everything a socket receives, to check afterwards that nothing private reached it. */
function record(socket: Socket): unknown[] {
  const got: unknown[] = [];
  socket.onAny((event: string, payload: unknown) => got.push({ event, payload }));
  return got;
}

describe('the asker follows their own question live', () => {
  it('pushes a rejection with its reason to the ticket holder at once, and nothing private to another viewer', async () => {
    const mine = await socketFor();
    const other = await socketFor();
    const othersSaw = record(other);
    const { id, ticket } = await ask('我想问问彩票中奖怎么兑奖');

    const ack = await follow(mine, [ticket]);
    expect(ack).toMatchObject({ ok: true, data: [{ id, status: 'pending', reason: null, mergedInto: null, originalContent: null }] });

    const pushed = nextEvent<any>(mine, 'question:mine', (q) => q.id === id);
    await transition(id, { to: 'rejected', reason: '与访谈主题无关' });
    expect(await pushed).toMatchObject({ id, status: 'not_published', reason: '与访谈主题无关', mergedInto: null });

    // The other viewer holds no ticket: it hears nothing of this question (it never was public).
    await new Promise((r) => setTimeout(r, 200));
    expect(JSON.stringify(othersSaw)).not.toContain('与访谈主题无关');
    expect(othersSaw.filter((e: any) => e.event === 'question:mine')).toEqual([]);
  });

  it('tells a merged question’s asker which question carries it, and follows that question to its answer', async () => {
    const mine = await socketFor();
    const other = await socketFor();
    const othersSaw = record(other);
    const target = await ask('老旧小区加装电梯，一楼住户的补偿标准是什么？');
    await transition(target.id, { to: 'approved' });
    const dup = await ask('加装电梯一楼怎么补偿？我电话13812345678');
    await follow(mine, [dup.ticket]);

    const merged = nextEvent<any>(mine, 'question:mine', (q) => q.id === dup.id);
    await transition(dup.id, { to: 'merged', mergeInto: target.id });
    expect(await merged).toMatchObject({
      id: dup.id,
      status: 'not_published',
      mergedInto: { id: target.id, content: '老旧小区加装电梯，一楼住户的补偿标准是什么？', status: 'approved', onAir: false },
    });

    // The question it was merged with goes on air and is answered: the asker hears each step.
    const onAir = nextEvent<any>(mine, 'question:mine', (q) => q.id === dup.id && q.mergedInto?.onAir === true);
    await transition(target.id, { to: 'on_air' }, 'host');
    expect((await onAir).mergedInto).toMatchObject({ id: target.id, status: 'approved', onAir: true });
    const answered = nextEvent<any>(mine, 'question:mine', (q) => q.id === dup.id && q.mergedInto?.status === 'answered');
    await transition(target.id, { to: 'answered' }, 'host');
    expect((await answered).mergedInto).toMatchObject({ id: target.id, onAir: false, answeredAt: expect.any(String) });

    // The HTTP answer says the same.
    expect((await netizen.get(`/api/questions/by-ticket/${dup.ticket}`)).body.mergedInto).toMatchObject({ id: target.id, status: 'answered' });
    await new Promise((r) => setTimeout(r, 200));
    expect(othersSaw.filter((e: any) => e.event === 'question:mine')).toEqual([]);
    expect(JSON.stringify(othersSaw)).not.toContain('13812345678');
  });

  it('never shows a merge target’s wording before it is public', async () => {
    const mine = await socketFor();
    const target = await ask('这个问题还在审核中，别人看不到');
    const dup = await ask('这个问题还在审核中吗');
    await follow(mine, [dup.ticket]);
    const merged = nextEvent<any>(mine, 'question:mine', (q) => q.id === dup.id);
    await transition(dup.id, { to: 'merged', mergeInto: target.id });
    expect((await merged).mergedInto).toEqual({ id: target.id, content: null, status: 'pending', onAir: false, answeredAt: null });
    const approved = nextEvent<any>(mine, 'question:mine', (q) => q.id === dup.id && q.mergedInto?.content !== null);
    await transition(target.id, { to: 'approved' });
    expect((await approved).mergedInto).toMatchObject({ content: '这个问题还在审核中，别人看不到', status: 'approved' });
  });

  it('tells the asker when a reviewer edited the wording, with their original, to them only', async () => {
    const mine = await socketFor();
    const other = await socketFor();
    const othersSaw = record(other);
    const original = '请问请问 公交线路能不能延伸到新区啊啊啊 我电话13912345678';
    const { id, ticket } = await ask(original);
    // Masking alone is no edit: the asker's own wording is not sent back for it.
    expect((await follow(mine, [ticket])).data[0]).toMatchObject({ content: '请问请问 公交线路能不能延伸到新区啊啊啊 我电话139****5678', originalContent: null });

    const approved = nextEvent<any>(mine, 'question:mine', (q) => q.id === id);
    await transition(id, { to: 'approved', publicContent: '公交线路能否延伸到新区？' });
    expect(await approved).toMatchObject({ status: 'approved', content: '公交线路能否延伸到新区？', originalContent: original });

    const edited = nextEvent<any>(mine, 'question:mine', (q) => q.id === id);
    expect((await staff.reviewer.patch(`/api/studio/questions/${id}`, { publicContent: '公交线路能否延伸到新城区？' })).status).toBe(200);
    expect(await edited).toMatchObject({ content: '公交线路能否延伸到新城区？', originalContent: original });

    await new Promise((r) => setTimeout(r, 200));
    // The other viewer sees the public wording, never the original.
    expect(JSON.stringify(othersSaw)).toContain('公交线路能否延伸到新城区？');
    expect(JSON.stringify(othersSaw)).not.toContain('啊啊啊');
    expect(JSON.stringify(othersSaw)).not.toContain('13912345678');
  });

  it('pushes each step of an answer, on air included', async () => {
    const mine = await socketFor();
    const { id, ticket } = await ask('停车难的问题什么时候能解决？');
    await follow(mine, [ticket]);
    const seen: any[] = [];
    mine.on('question:mine', (q: any) => seen.push(q));
    await transition(id, { to: 'approved' });
    await transition(id, { to: 'queued' }, 'host');
    await transition(id, { to: 'on_air' }, 'host');
    await transition(id, { to: 'answered' }, 'host');
    await expect.poll(() => seen.at(-1)?.status).toBe('answered');
    // Queued is the same "approved" to the asker: it is not sent twice.
    expect(seen.map((q) => [q.status, q.onAir])).toEqual([
      ['approved', false],
      ['approved', true],
      ['answered', false],
    ]);
    mine.off('question:mine');
  });

  it('refuses a bad ticket the same way whether it is malformed, unknown or another interview’s', async () => {
    const created = await staff.admin.post('/api/studio/interviews', {
      slug: 'other-one',
      title: '另一场访谈',
      unit: '区教育局',
      scheduledStart: '2026-05-08T06:30:00.000Z',
      scheduledEnd: '2026-05-08T07:30:00.000Z',
    });
    expect(created.status).toBe(201);
    expect((await staff.admin.patch(`/api/studio/interviews/${created.body.id}`, { status: 'scheduled' })).status).toBe(200);
    const elsewhere = await ask('另一场访谈的问题', 'other-one');
    const here = await ask('本场访谈的问题');

    const mine = await socketFor();
    const unknown = 'x'.repeat(32);
    const ack = await follow(mine, ['short', unknown, elsewhere.ticket, `${here.ticket}/../`, here.ticket]);
    expect(ack.ok).toBe(true);
    expect(ack.data.slice(0, 4)).toEqual([null, null, null, null]);
    expect(ack.data[4]).toMatchObject({ id: here.id });

    // Refused tickets join nothing: a change of that question does not reach this socket.
    const saw = record(mine);
    await transition(elsewhere.id, { to: 'rejected', reason: '不属于本场' });
    await transition(here.id, { to: 'rejected', reason: '测试' });
    const pushes = () => saw.filter((e: any) => e.event === 'question:mine');
    await expect.poll(() => pushes().length).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(pushes()).toMatchObject([{ payload: { id: here.id } }]);

    // Malformed messages get an error ack, and the socket stays usable.
    for (const bad of [undefined, 'abc', { tickets: [] }, { tickets: 'x' }, { tickets: Array(101).fill(unknown) }, { tickets: [1, 2] }]) {
      const r = await mine.timeout(5000).emitWithAck('follow', bad);
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { error: 'validation' } });
    }
    expect((await follow(mine, [here.ticket])).data[0]).toMatchObject({ id: here.id });
  });

  it('misses nothing across a brief reconnect: what changed meanwhile is replayed', async () => {
    const mine = ioClient(`${server.url}/viewer`, { auth: { interview: 'demo' }, transports: ['websocket'] });
    sockets.push(mine);
    await new Promise<void>((resolve) => mine.once('connect', () => resolve()));
    const { id, ticket } = await ask('断线重连期间的变化不能丢');
    await follow(mine, [ticket]);
    // Socket.IO resumes from the last broadcast a client received; a client that got none yet starts
    // afresh instead, and following again then answers with the current status.
    const approved = nextEvent<any>(mine, 'question:mine', (q) => q.id === id);
    await transition(id, { to: 'approved' });
    await approved;

    const back = new Promise<void>((resolve) => mine.once('connect', () => resolve()));
    mine.io.engine.close(); // the network drops; the client reconnects by itself
    await transition(id, { to: 'rejected', reason: '断线时拒绝' });
    await transition(id, { to: 'approved' });
    await transition(id, { to: 'rejected', reason: '再次拒绝' });
    const replayed: any[] = [];
    mine.on('question:mine', (q: any) => replayed.push(q));
    await back;
    expect(mine.recovered).toBe(true);
    await expect.poll(() => replayed.length).toBe(3);
    expect(replayed.map((q) => [q.status, q.reason])).toEqual([
      ['not_published', '断线时拒绝'],
      ['approved', null],
      ['not_published', '再次拒绝'],
    ]);
  });

  it('lets the ticket page follow its question without counting as a viewer', async () => {
    /** A new viewer learns the count as it joins. */
    const countSeenByNewViewer = async () => {
      const s = ioClient(`${server.url}/viewer`, { auth: { interview: 'demo' }, transports: ['websocket'], reconnection: false });
      sockets.push(s);
      return (await nextEvent<{ count: number }>(s, 'viewers')).count;
    };
    const before = await countSeenByNewViewer();
    const { id, ticket } = await ask('只看自己问题的页面');
    const page = ioClient(`${server.url}/viewer`, { auth: { interview: 'demo', ticketsOnly: true }, transports: ['websocket'], reconnection: false });
    sockets.push(page);
    const got = record(page);
    await new Promise<void>((resolve) => page.once('connect', () => resolve()));
    expect((await follow(page, [ticket])).data[0]).toMatchObject({ id });
    expect(await countSeenByNewViewer()).toBe(before + 1);

    await transition(id, { to: 'approved' });
    await expect.poll(() => got.length).toBe(1);
    // Only its own question: not the public event for the same approval, not the viewer count.
    expect(got).toMatchObject([{ event: 'question:mine', payload: { id, status: 'approved' } }]);
  });

  it('keeps tickets out of the request log', async () => {
    const { ticket } = await ask('日志里不能有回执');
    const lines: string[] = [];
    const { buildApp } = await import('../../server/app.js');
    const logged = await buildApp(server.domain, server.config, { level: 'info', stream: { write: (l: string) => lines.push(l) } });
    try {
      for (const url of [`/api/questions/by-ticket/${ticket}`, `/q/${ticket}`, `/q/${ticket}?lang=en`]) await logged.inject({ url });
      expect(lines.join('').length).toBeGreaterThan(0);
      expect(lines.join('')).toContain('/api/questions/by-ticket/[ticket]');
      expect(lines.join('')).not.toContain(ticket);
    } finally {
      await logged.close();
    }
  });
});
