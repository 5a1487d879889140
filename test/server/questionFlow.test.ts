import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { Client, nextEvent, startServer, staffClients, viewerSocket, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let netizen: Client;
let viewer: Socket;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  netizen = new Client(server.url);
  viewer = await viewerSocket(server.url, 'demo');
});
afterAll(async () => {
  viewer?.close();
  await server?.close();
});

async function ask(content: string, extra: Record<string, string> = {}) {
  const r = await netizen.post('/api/interviews/demo/questions', { content, ...extra });
  expect(r.status).toBe(201);
  return r.body as { id: number; status: string; ticket: string };
}

describe('the moderated question flow, end to end', () => {
  it('takes a question from submission to answered, and every viewer sees each public change live', async () => {
    const seen: any[] = [];
    viewer.on('question', (q) => seen.push(q));
    const { id, status, ticket } = await ask('老旧小区加装电梯的补贴标准是多少？我的手机13812345678', { nickname: '市民老王', contact: 'wang@example.com' });
    expect(status).toBe('pending');
    expect(ticket.length).toBeGreaterThan(20);

    // 先审后发: nothing public before approval.
    expect((await netizen.get('/api/interviews/demo/questions')).body.find((q: any) => q.id === id)).toBeUndefined();
    expect((await netizen.get(`/api/questions/by-ticket/${ticket}`)).body).toMatchObject({ id, status: 'pending' });

    const approved = nextEvent<any>(viewer, 'question', (q) => q.id === id && q.status === 'approved');
    expect((await staff.reviewer.post(`/api/studio/questions/${id}/transition`, { to: 'approved' })).status).toBe(200);
    const pub = await approved;
    expect(pub.content).toBe('老旧小区加装电梯的补贴标准是多少？我的手机138****5678');
    expect(pub.nickname).toBe('市民老王');
    expect(JSON.stringify(pub)).not.toContain('wang@example.com');
    expect(JSON.stringify(pub)).not.toContain('13812345678');

    for (const to of ['queued', 'on_air', 'answered'] as const) {
      const event = nextEvent<any>(viewer, 'question', (q) => q.id === id && q.status === to);
      const r = await staff.host.post(`/api/studio/questions/${id}/transition`, { to });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect((await event).status).toBe(to);
    }
    const list = (await netizen.get('/api/interviews/demo/questions')).body;
    expect(list.find((q: any) => q.id === id)).toMatchObject({ status: 'answered', answeredAt: expect.any(String) });
    expect((await netizen.get(`/api/questions/by-ticket/${ticket}`)).body.status).toBe('answered');
    expect(seen.filter((q) => q.id === id).map((q) => q.status)).toEqual(['approved', 'queued', 'on_air', 'answered']);
    viewer.off('question');
  });

  it('tells the asker a rejection and its reason on the ticket page, and never shows it publicly', async () => {
    const { id, ticket } = await ask('这个问题与访谈无关，我想问彩票');
    const r = await staff.reviewer.post(`/api/studio/questions/${id}/transition`, { to: 'rejected', reason: '与访谈主题无关' });
    expect(r.status).toBe(200);
    const t = await netizen.get(`/api/questions/by-ticket/${ticket}`);
    expect(t.body).toMatchObject({ id, status: 'not_published', reason: '与访谈主题无关' });
    expect((await netizen.get('/api/interviews/demo/questions')).body.some((q: any) => q.id === id)).toBe(false);
  });

  it('keeps the original when a reviewer edits the public wording, and masks what the edit adds', async () => {
    const { id } = await ask('请问 请问 公交线路能不能延伸到新区啊啊啊');
    const r = await staff.reviewer.post(`/api/studio/questions/${id}/transition`, {
      to: 'approved',
      publicContent: '公交线路能否延伸到新区？联系13912345678',
    });
    expect(r.body.originalContent).toBe('请问 请问 公交线路能不能延伸到新区啊啊啊');
    expect(r.body.publicContent).toBe('公交线路能否延伸到新区？联系139****5678');
    const edited = await staff.reviewer.patch(`/api/studio/questions/${id}`, { publicContent: '公交线路能否延伸到新区？' });
    expect(edited.body.publicContent).toBe('公交线路能否延伸到新区？');
    expect(edited.body.originalContent).toBe('请问 请问 公交线路能不能延伸到新区啊啊啊');
  });

  it('flags sensitive words, personal data and likely duplicates for the reviewer', async () => {
    const first = await ask('小区停车难的问题什么时候解决？');
    const second = await ask('小区停车难的问题什么时候能解决？代开发票13800001111');
    const qs = (await staff.reviewer.get(`/api/studio/interviews/1/questions`)).body;
    const flagged = qs.find((q: any) => q.id === second.id);
    expect(flagged.flags).toMatchObject({ sensitiveWords: ['代开发票'], personalData: ['mobile'], duplicateOf: first.id });
    expect(flagged.hasContact).toBe(false);
  });

  it('merges a duplicate into another question and hides it from the public', async () => {
    const a = await ask('学校周边交通拥堵如何治理？');
    const b = await ask('学校周边交通拥堵怎么治理');
    await staff.reviewer.post(`/api/studio/questions/${a.id}/transition`, { to: 'approved' });
    const m = await staff.reviewer.post(`/api/studio/questions/${b.id}/transition`, { to: 'merged', mergeInto: a.id });
    expect(m.body).toMatchObject({ status: 'merged', mergedInto: a.id });
    const self = await ask('合并到自己是不允许的问题');
    const bad = await staff.reviewer.post(`/api/studio/questions/${self.id}/transition`, { to: 'merged', mergeInto: self.id });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('mergeInto');
  });

  it('keeps one question on air: the previous one returns to the top of the queue', async () => {
    const ids: number[] = [];
    for (const text of ['第一个排队问题关于供暖', '第二个排队问题关于供水', '第三个排队问题关于燃气']) {
      const { id } = await ask(text);
      await staff.reviewer.post(`/api/studio/questions/${id}/transition`, { to: 'approved' });
      await staff.host.post(`/api/studio/questions/${id}/transition`, { to: 'queued' });
      ids.push(id);
    }
    const [a, b, c] = ids as [number, number, number];
    const reordered = await staff.host.put('/api/studio/interviews/1/queue', { order: [c, a, b] });
    expect(reordered.status).toBe(200);
    expect(reordered.body.map((q: any) => q.id)).toEqual([c, a, b]);

    await staff.host.post(`/api/studio/questions/${c}/transition`, { to: 'on_air' });
    await staff.host.post(`/api/studio/questions/${b}/transition`, { to: 'on_air' });
    const list = (await netizen.get('/api/interviews/demo/questions')).body;
    expect(list[0]).toMatchObject({ id: b, status: 'on_air' });
    expect(list.filter((q: any) => q.status === 'queued').map((q: any) => q.id)).toEqual([c, a]);

    const wrong = await staff.host.put('/api/studio/interviews/1/queue', { order: [a] });
    expect(wrong.status).toBe(409);
    await staff.host.post(`/api/studio/questions/${b}/transition`, { to: 'deferred' });
    expect((await netizen.get('/api/interviews/demo/questions')).body.find((q: any) => q.id === b).status).toBe('deferred');
  });

  it('tells viewers when an approved question is withdrawn', async () => {
    const { id } = await ask('一个先通过后撤回的问题关于物业');
    await staff.reviewer.post(`/api/studio/questions/${id}/transition`, { to: 'approved' });
    const removed = nextEvent<any>(viewer, 'question:removed', (p) => p.id === id);
    await staff.reviewer.post(`/api/studio/questions/${id}/transition`, { to: 'rejected', reason: '重复提问' });
    expect(await removed).toEqual({ id });
  });

  it('records every decision in the audit log with who, what, when, before and after', async () => {
    const { id } = await ask('审计日志应记录的问题关于绿化');
    await staff.reviewer.post(`/api/studio/questions/${id}/transition`, { to: 'rejected', reason: '含有不文明用语' });
    await staff.reviewer.post(`/api/studio/questions/${id}/transition`, { to: 'approved' });
    const log = (await staff.admin.get(`/api/studio/audit?entity=question&entityId=${id}`)).body;
    expect(log.map((e: any) => e.action)).toEqual(['question.submit', 'question.rejected', 'question.approved']);
    expect(log[1]).toMatchObject({ actorName: 'reviewer1 (reviewer)', reason: '含有不文明用语', before: { status: 'pending' }, after: { status: 'rejected' } });
    expect(Date.parse(log[1].at)).toBeGreaterThan(0);
    // Append-only: the database itself refuses to change or delete a line.
    expect(() => server.database.sqlite.prepare('UPDATE audit_log SET actor_name = ? WHERE id = ?').run('x', log[1].id)).toThrow(/append-only/);
    expect(() => server.database.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('shows a contact to moderators only, and audits the look', async () => {
    const { id } = await ask('需要回访的问题关于低保', { contact: '13700001111' });
    expect((await staff.host.get(`/api/studio/questions/${id}/contact`)).status).toBe(403);
    const r = await staff.reviewer.get(`/api/studio/questions/${id}/contact`);
    expect(r.body).toEqual({ contact: '13700001111' });
    const log = (await staff.admin.get(`/api/studio/audit?entity=question&entityId=${id}`)).body;
    expect(log.at(-1)).toMatchObject({ action: 'question.contact.view', actorName: 'reviewer1 (reviewer)' });
    const everything = JSON.stringify((await staff.host.get('/api/studio/interviews/1/questions')).body);
    expect(everything).not.toContain('13700001111');
  });
});
