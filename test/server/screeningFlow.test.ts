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

/** Whatever width or separators it was typed with, the text must not carry the number. */
const digitsOf = (v: unknown) => JSON.stringify(v).normalize('NFKC').replace(/[^\dX@]/g, '');

describe('personal data typed the way netizens type it', () => {
  it('publishes a question with full-width digits, a full-width ＠ and a dotted number only masked, in the list and live', async () => {
    const content = '我的手机１３８１２３４５６７８，座机０１０－１２３４５６７８，身份证１１０１０５１９４９１２３１００２Ｘ，邮箱ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ，备用138.1234.5679';
    const asked = await netizen.post('/api/interviews/demo/questions', { content, nickname: '１３９ １２３４ ５６７８' });
    expect(asked.status).toBe(201);
    const id = asked.body.id as number;

    const staffView = (await staff.reviewer.get('/api/studio/interviews/1/questions')).body.find((q: any) => q.id === id);
    expect(staffView.originalContent).toBe(content);
    expect([...staffView.flags.personalData].sort()).toEqual(['email', 'idcard', 'landline', 'mobile']);

    const live = nextEvent<any>(viewer, 'question', (q) => q.id === id && q.status === 'approved');
    expect((await staff.reviewer.post(`/api/studio/questions/${id}/transition`, { to: 'approved' })).status).toBe(200);
    const event = await live;
    const listed = (await netizen.get('/api/interviews/demo/questions')).body.find((q: any) => q.id === id);

    for (const pub of [event, listed]) {
      expect(pub.content).toBe('我的手机138****5678，座机010-******78，身份证110***********002X，邮箱w***@example.com，备用138****5679');
      expect(pub.nickname).toBe('139****5678');
      for (const secret of ['13812345678', '1234567', '110105194912', 'wang@', '13812345679', '13912345678']) {
        expect(digitsOf(pub), secret).not.toContain(secret);
      }
    }
  });

  it('masks what a reviewer’s edit adds, however it is written', async () => {
    const { body } = await netizen.post('/api/interviews/demo/questions', { content: '公交线路能不能延伸到新区' });
    const r = await staff.reviewer.post(`/api/studio/questions/${body.id}/transition`, {
      to: 'approved',
      publicContent: '公交线路能否延伸到新区？联系一三九一二三四五六七八或 6222 0212 3456 7894',
    });
    expect(r.body.publicContent).toBe('公交线路能否延伸到新区？联系139****5678或 6222********7894');
  });
});

describe('where sensitive words matched, for the review card', () => {
  it('gives the reviewer the exact stretch that matched, spaces included, and follows an edit of the public wording', async () => {
    const content = '小区门口有人代 开 发 票，电话13812345678，还有人刻-章';
    const { body } = await netizen.post('/api/interviews/demo/questions', { content, nickname: '办 证王' });
    const q = (await staff.reviewer.get('/api/studio/interviews/1/questions')).body.find((x: any) => x.id === body.id);
    expect(q.flags.sensitiveWords).toEqual(['代开发票', '刻章', '办证']);
    const slices = (text: string, part: 'original' | 'public' | 'nickname') =>
      q.flags.sensitiveMatches.flatMap((m: any) => m[part].map((r: any) => text.slice(r.start, r.end)));
    expect(slices(q.originalContent, 'original')).toEqual(['代 开 发 票', '刻-章']);
    // The public wording is masked, so the same words sit elsewhere in it.
    expect(q.publicContent).not.toBe(q.originalContent);
    expect(slices(q.publicContent, 'public')).toEqual(['代 开 发 票', '刻-章']);
    expect(slices(q.nickname, 'nickname')).toEqual(['办 证']);

    const edited = await staff.reviewer.post(`/api/studio/questions/${body.id}/transition`, {
      to: 'approved',
      publicContent: '反映：有人刻 章，请核查',
    });
    expect(edited.status).toBe(200);
    const after = edited.body.flags.sensitiveMatches;
    expect(after.map((m: any) => m.public.map((r: any) => edited.body.publicContent.slice(r.start, r.end)))).toEqual([[], ['刻 章'], []]);
    expect(after[0].original).toEqual(q.flags.sensitiveMatches[0].original);
  });
});
