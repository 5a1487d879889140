import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { QUESTION_STATUSES } from '../../shared/schemas/question.js';
import { Client, startServer, staffClients, viewerSocket, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let netizen: Client;
let viewer: Socket;
/** The public list as a viewer socket knows it from the events it heard, by question id. */
const heard = new Map<number, unknown>();

beforeAll(async () => {
  server = await startServer({ QUESTION_RATE_MAX: '100' });
  staff = await staffClients(server.url);
  netizen = new Client(server.url);
  viewer = await viewerSocket(server.url, 'demo');
  viewer.on('question', (q: { id: number }) => heard.set(q.id, q));
  viewer.on('question:removed', ({ id }: { id: number }) => heard.delete(id));
  // Whatever the demo interview already lists is the starting point of the events.
  for (const q of (await netizen.get('/api/interviews/demo/questions')).body as Array<{ id: number }>) heard.set(q.id, q);
});
afterAll(async () => {
  viewer?.close();
  await server?.close();
});

/** The GET list, by id, as a map like `heard`. */
async function listed(): Promise<Map<number, unknown>> {
  const list = (await netizen.get('/api/interviews/demo/questions')).body as Array<{ id: number }>;
  return new Map(list.map((q) => [q.id, q]));
}

describe('the public list and the /viewer events agree', () => {
  it('for a question in every status, and through every kind of move', async () => {
    const ask = async (content: string) => {
      const r = await netizen.post('/api/interviews/demo/questions', { content });
      expect(r.status).toBe(201);
      return r.body.id as number;
    };
    const steps: Array<[string, () => Promise<{ status: number }>]> = [];
    const ids: Record<string, number> = {};
    for (const [name, content] of [
      ['a', '公交线路调整前会征求意见吗？'],
      ['b', '学区划分的依据是什么？'],
      ['c', '医保异地结算怎么办理？'],
      ['d', '公交线路调整之前会不会征求意见？'],
      ['e', '夜市摊位如何申请？'],
      ['f', '社区养老服务站何时开放？'],
    ] as const) {
      ids[name] = await ask(content);
    }
    const move = (who: Client, name: string, body: Record<string, unknown>) => () => who.post(`/api/studio/questions/${ids[name]}/transition`, body);
    steps.push(
      ['a approved', move(staff.reviewer, 'a', { to: 'approved' })],
      ['b approved with new wording', move(staff.reviewer, 'b', { to: 'approved', publicContent: '学区是怎样划分的？' })],
      ['c approved', move(staff.reviewer, 'c', { to: 'approved' })],
      ['d merged into a', move(staff.reviewer, 'd', { to: 'merged', mergeInto: ids.a })],
      ['e rejected', move(staff.reviewer, 'e', { to: 'rejected', reason: '与主题无关' })],
      ['e approved after all', move(staff.reviewer, 'e', { to: 'approved' })],
      ['e rejected again', move(staff.reviewer, 'e', { to: 'rejected', reason: '与主题无关' })],
      ['a queued', move(staff.host, 'a', { to: 'queued' })],
      ['b queued', move(staff.host, 'b', { to: 'queued' })],
      ['queue reordered', () => staff.host.put('/api/studio/interviews/1/queue', { order: [ids.b, ids.a] })],
      ['a on air', move(staff.host, 'a', { to: 'on_air' })],
      ['b on air: a back to the queue', move(staff.host, 'b', { to: 'on_air' })],
      ['b answered', move(staff.host, 'b', { to: 'answered' })],
      ['a deferred', move(staff.host, 'a', { to: 'deferred' })],
      ['c public wording edited', () => staff.reviewer.patch(`/api/studio/questions/${ids.c}`, { publicContent: '医保异地结算如何办理？' })],
    );
    // Every status some question was in after some step: the walk must cover them all.
    const statuses = new Set<string>();
    for (const [step, run] of steps) {
      expect((await run()).status, step).toBe(200);
      const expected = await listed();
      await expect.poll(() => heard, { timeout: 5000, message: step }).toEqual(expected);
      const all = (await staff.reviewer.get('/api/studio/interviews/1/questions')).body as Array<{ id: number; status: string }>;
      for (const q of all) if (Object.values(ids).includes(q.id)) statuses.add(q.status);
    }
    expect([...statuses].sort()).toEqual([...QUESTION_STATUSES].sort());
  });
});
