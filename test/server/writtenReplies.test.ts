import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, nextEvent, startServer, staffClients, viewerSocket, type TestServer } from '../helpers/server.js';

// A real SMTP server on loopback: what the asker's mail client would receive, parsed as such.
interface Mail {
  to: string;
  subject: string;
  text: string;
}
const inbox: Mail[] = [];
let refuseMail = false;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(_address, _session, callback) {
    // A mail server that is down or refuses: the publication must stand, the mail be tried again.
    callback(refuseMail ? Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }) : undefined);
  },
  onData(stream, _session, callback) {
    simpleParser(stream)
      .then((m) => {
        inbox.push({ to: m.to && !Array.isArray(m.to) ? m.to.text : '', subject: m.subject ?? '', text: m.text ?? '' });
        callback();
      })
      .catch(callback);
  },
});

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
const units: Record<'water' | 'housing', { id: number; name: string }> = {} as never;
let liaisonWater: Client;
let liaisonHousing: Client;

async function liaison(username: string, unitId: number): Promise<Client> {
  const r = await staff.admin.post('/api/studio/users', { username, displayName: '联络员', role: 'liaison', unitId, password: `${username}-Pass-2026`, mustChangePassword: false });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const c = new Client(server.url);
  await c.login(username, `${username}-Pass-2026`);
  return c;
}

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as { port: number }).port;
  server = await startServer({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: '在线访谈 <noreply@ft.example.gov.cn>', PUBLIC_URL: 'https://ft.example.gov.cn' });
  staff = await staffClients(server.url);
  for (const [key, name] of [['water', '区水务局'], ['housing', '区住房保障中心']] as const) {
    const r = await staff.admin.post('/api/studio/units', { name });
    units[key] = { id: r.body.id, name };
  }
  liaisonWater = await liaison('water-liaison', units.water.id);
  liaisonHousing = await liaison('housing-liaison', units.housing.id);
});
afterAll(async () => {
  vi.useRealTimers();
  await server?.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

const netizen = () => new Client(server.url);
async function ask(slug: string, content: string, contact?: string): Promise<{ id: number; ticket: string }> {
  const r = await netizen().post(`/api/interviews/${slug}/questions`, { content, ...(contact && { contact }) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}
const move = async (who: Client, id: number, to: string, extra: object = {}) => {
  const r = await who.post(`/api/studio/questions/${id}/transition`, { to, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
};

async function liveInterview(slug: string, unitId: number) {
  const r = await staff.admin.post('/api/studio/interviews', {
    slug,
    title: `访谈 ${slug}`,
    unitId,
    scheduledStart: '2026-09-30T02:00:00.000Z',
    scheduledEnd: '2026-09-30T03:00:00.000Z',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  await staff.admin.patch(`/api/studio/interviews/${r.body.id}`, { status: 'scheduled' });
  return r.body.id as number;
}

/** Ends the broadcast as if at `instant` (the server reads the same clock), and waits for the assignment. */
async function endAt(id: number, instant: string) {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: new Date(instant) });
  try {
    expect((await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'live' })).status).toBe(200);
    expect((await staff.director.patch(`/api/studio/interviews/${id}`, { status: 'ended' })).status).toBe(200);
    await server.domain.replies.idle();
  } finally {
    vi.useRealTimers();
  }
}

const repliesOf = async (who: Client, query = '') => {
  const r = await who.get(`/api/studio/replies${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as Array<Record<string, any>>;
};

describe('书面答复: assignment when the broadcast ends', () => {
  let national: {
    interviewId: number;
    answered: number;
    deferred: { id: number; ticket: string };
    notReached: number;
    queued: number;
    rejected: number;
    pending: number;
    same: { id: number; ticket: string };
  };

  beforeAll(async () => {
    const interviewId = await liveInterview('wr-national-day', units.water.id);
    const slug = 'wr-national-day';
    const [answered, deferred, notReached, queued, rejected, pending, same] = [
      await ask(slug, '小区供水管网什么时候改造？'),
      await ask(slug, '老旧小区二次供水水压不足怎么办？', 'asker@example.com'),
      await ask(slug, '水费阶梯价格如何计算？'),
      await ask(slug, '停水通知能否提前发布？'),
      await ask(slug, '广告内容'),
      await ask(slug, '夜间施工噪音扰民？'),
      await ask(slug, '二次供水水压不足，能解决吗？'),
    ];
    for (const q of [answered, deferred, notReached, queued]) await move(staff.reviewer, q!.id, 'approved');
    await move(staff.reviewer, rejected!.id, 'rejected', { reason: '与本期主题无关' });
    await move(staff.host, answered!.id, 'on_air');
    await move(staff.host, answered!.id, 'answered');
    await move(staff.host, deferred!.id, 'deferred');
    await move(staff.host, queued!.id, 'queued');
    // Wednesday 30 September 2026, 14:00 Beijing time: 国庆节 (1–7 October) and the 调休 Saturday 10 October follow.
    await endAt(interviewId, '2026-09-30T06:00:00.000Z');
    national = { interviewId, answered: answered!.id, deferred: deferred!, notReached: notReached!.id, queued: queued!.id, rejected: rejected!.id, pending: pending!.id, same: same! };
  });

  it('assigns the deferred and the not reached to the unit, due 5 working days later across 国庆节', async () => {
    const list = await repliesOf(staff.admin, `?interviewId=${national.interviewId}`);
    expect(list.map((r) => r.questionId).sort()).toEqual([national.deferred.id, national.notReached, national.queued].sort());
    for (const r of list) {
      // 10-08 Thu, 10-09 Fri, 10-10 Sat (调休, a working day), 10-12 Mon, 10-13 Tue.
      expect(r).toMatchObject({ status: 'assigned', acceptedOn: '2026-09-30', dueOn: '2026-10-13', unit: '区水务局', unitId: units.water.id, overdue: true });
    }
    // Never the asker's address: only whether they can be told.
    expect(JSON.stringify(list)).not.toContain('asker@example.com');
    expect(list.find((r) => r.questionId === national.deferred.id)!.notice).toBe('pending');
    expect(list.find((r) => r.questionId === national.notReached)!.notice).toBe('none');
    const audit = await staff.admin.get(`/api/studio/audit?entity=interview&entityId=${national.interviewId}`);
    const assign = audit.body.filter((e: any) => e.action === 'written_reply.assign');
    expect(assign).toHaveLength(1);
    expect(assign[0]).toMatchObject({ actorName: 'system (system)', after: { acceptedOn: '2026-09-30', dueOn: '2026-10-13' } });
  });

  it('is idempotent, and follows the questions moved after the end', async () => {
    expect(await server.domain.replies.assignInterview(national.interviewId)).toBe(0);
    // A reviewer approves a question still pending after the broadcast: it was not reached, so it is the unit's.
    await move(staff.reviewer, national.pending, 'approved');
    // A reviewer reconsiders one left over: rejected, it needs no reply and leaves the list.
    await move(staff.reviewer, national.notReached, 'rejected', { reason: '重复提问' });
    await server.domain.replies.idle();
    const ids = (await repliesOf(staff.admin, `?interviewId=${national.interviewId}`)).map((r) => r.questionId).sort();
    expect(ids).toEqual([national.deferred.id, national.queued, national.pending].sort());
    await server.domain.replies.recover();
    expect(await repliesOf(staff.admin, `?interviewId=${national.interviewId}`)).toHaveLength(3);
  });

  it("moves open deadlines when an admin overrides a day, and across 劳动节's 调休 Saturday", async () => {
    // Friday 9 October made a day off (a local arrangement): the fifth working day becomes Wednesday 14.
    const set = await staff.admin.put('/api/studio/calendar/overrides/2026-10-09', { kind: 'holiday', note: '区里调整' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(new Set((await repliesOf(staff.admin, `?interviewId=${national.interviewId}`)).map((r) => r.dueOn))).toEqual(new Set(['2026-10-14']));
    const year = await staff.admin.get('/api/studio/calendar/2026');
    const day = (d: string) => year.body.days.find((x: any) => x.date === d);
    expect(year.body.libraryKnows).toBe(true);
    expect(day('2026-10-01')).toMatchObject({ workday: false, kind: 'holiday', holiday: '国庆节' });
    expect(day('2026-10-10')).toMatchObject({ workday: true, kind: 'makeup', holiday: '国庆节' });
    expect(day('2026-10-09')).toMatchObject({ workday: false, kind: 'weekday', override: { kind: 'holiday', note: '区里调整' } });
    expect((await staff.admin.request('DELETE', '/api/studio/calendar/overrides/2026-10-09')).status).toBe(204);
    expect(new Set((await repliesOf(staff.admin, `?interviewId=${national.interviewId}`)).map((r) => r.dueOn))).toEqual(new Set(['2026-10-13']));
    const audit = (await staff.admin.get('/api/studio/audit?entity=calendar')).body.map((e: any) => [e.action, e.after?.deadlinesMoved]);
    expect(audit).toEqual([['calendar.override.set', 3], ['calendar.override.remove', 3]]);

    // Thursday 30 April: 劳动节 1–5 May off, Saturday 9 May worked: due Monday 11 May.
    const labour = await liveInterview('wr-labour-day', units.housing.id);
    const q = await ask('wr-labour-day', '公租房申请多久能审核完？');
    await move(staff.reviewer, q.id, 'approved');
    await move(staff.host, q.id, 'deferred');
    await endAt(labour, '2026-04-30T03:00:00.000Z');
    expect((await repliesOf(liaisonHousing))[0]).toMatchObject({ questionId: q.id, acceptedOn: '2026-04-30', dueOn: '2026-05-11', unit: '区住房保障中心' });

    // A year the library does not know is said so; bad dates and roles are refused.
    expect((await staff.admin.get('/api/studio/calendar/2027')).body.libraryKnows).toBe(false);
    const bad = await staff.admin.put('/api/studio/calendar/overrides/2026-02-30', { kind: 'holiday' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0]).toMatchObject({ field: 'date', code: 'date_invalid' });
    expect((await staff.admin.put('/api/studio/calendar/overrides/2026-02-03', { kind: 'rest' })).body.fields[0].field).toBe('kind');
    expect((await staff.admin.request('DELETE', '/api/studio/calendar/overrides/2026-02-03')).status).toBe(404);
    for (const who of [staff.reviewer, staff.host, liaisonWater]) {
      expect((await who.put('/api/studio/calendar/overrides/2026-10-09', { kind: 'holiday' })).status).toBe(403);
      expect((await who.get('/api/studio/calendar/2026')).status).toBe(403);
    }
  });

  it('is drafted by the liaison, returned, resubmitted and approved; the ticket shows it and the asker gets the e-mail', async () => {
    const reply = (await repliesOf(liaisonWater)).find((r) => r.questionId === national.deferred.id)!;
    expect(reply).toBeDefined();
    // Only its own unit's: the other unit's liaison, the crew and a reviewer drafting are refused.
    expect((await liaisonHousing.get(`/api/studio/replies/${reply.id}`)).status).toBe(403);
    expect((await liaisonHousing.put(`/api/studio/replies/${reply.id}/draft`, { content: '越权' })).status).toBe(403);
    expect((await liaisonHousing.get(`/api/studio/replies?unitId=${units.water.id}`)).status).toBe(403);
    expect((await repliesOf(liaisonHousing)).every((r) => r.unitId === units.housing.id)).toBe(true);
    expect((await staff.host.get('/api/studio/replies')).status).toBe(403);
    expect((await staff.reviewer.put(`/api/studio/replies/${reply.id}/draft`, { content: '审核员代写' })).status).toBe(403);

    const empty = await liaisonWater.put(`/api/studio/replies/${reply.id}/draft`, { content: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.fields[0].field).toBe('content');
    const draft = await liaisonWater.put(`/api/studio/replies/${reply.id}/draft`, { content: '我局已安排加压泵站改造。' });
    expect(draft.body).toMatchObject({ status: 'assigned', content: '我局已安排加压泵站改造。' });
    // The ticket shows nothing before publication.
    expect((await netizen().get(`/api/questions/by-ticket/${national.deferred.ticket}`)).body).toMatchObject({ status: 'deferred', writtenReply: null });
    expect((await staff.reviewer.post(`/api/studio/replies/${reply.id}/approve`)).status).toBe(409);

    expect((await liaisonWater.post(`/api/studio/replies/${reply.id}/submit`, {})).body.status).toBe('submitted');
    expect((await liaisonWater.put(`/api/studio/replies/${reply.id}/draft`, { content: '再改' })).status).toBe(409);
    expect((await liaisonWater.post(`/api/studio/replies/${reply.id}/approve`)).status).toBe(403);
    const noReason = await staff.reviewer.post(`/api/studio/replies/${reply.id}/return`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.fields[0].field).toBe('reason');
    const returned = await staff.reviewer.post(`/api/studio/replies/${reply.id}/return`, { reason: '请写明完工时间' });
    expect(returned.body).toMatchObject({ status: 'returned', returnReason: '请写明完工时间' });
    expect((await liaisonWater.get(`/api/studio/replies/${reply.id}`)).body.returnReason).toBe('请写明完工时间');

    const content = '我局已将该小区列入今年二次供水改造计划，加压泵站将于11月底前完工，咨询电话 12345。';
    expect((await liaisonWater.post(`/api/studio/replies/${reply.id}/submit`, { content })).body.status).toBe('submitted');
    const overview = (await staff.reviewer.get('/api/studio/replies/overview')).body;
    expect(overview.find((u: any) => u.unitId === units.water.id)).toMatchObject({ open: 3, awaitingApproval: 1, overdue: 3, nextDue: '2026-10-13', published: 0 });
    expect((await liaisonWater.get('/api/studio/replies/overview')).status).toBe(403);

    // The asker following the ticket live, and one whose same question was merged into it, hear of it.
    const same = national.same;
    await move(staff.reviewer, same.id, 'merged', { mergeInto: national.deferred.id });
    const socket = await viewerSocket(server.url, 'wr-national-day');
    await socket.emitWithAck('follow', { tickets: [national.deferred.ticket, same.ticket] });
    const pushed = nextEvent<any>(socket, 'question:mine', (v) => v.id === national.deferred.id && v.status === 'answered_in_writing');
    const pushedFollower = nextEvent<any>(socket, 'question:mine', (v) => v.id === same.id);

    const published = await staff.reviewer.post(`/api/studio/replies/${reply.id}/approve`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', answeringUnit: '区水务局', overdue: true, returnReason: null });
    const repliedOn = published.body.repliedOn as string;
    expect(repliedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await pushed).writtenReply).toMatchObject({ content, unit: '区水务局' });
    expect((await pushedFollower).mergedInto).toMatchObject({ id: national.deferred.id, status: 'answered_in_writing' });
    socket.close();

    // The asker's ticket page: answered in writing, with 受理日期, 答复日期, 答复部门 and 答复内容.
    const ticket = await netizen().get(`/api/questions/by-ticket/${national.deferred.ticket}`);
    expect(ticket.body.status).toBe('answered_in_writing');
    expect(ticket.body.writtenReply).toEqual({ questionId: national.deferred.id, acceptedOn: '2026-09-30', repliedOn, unit: '区水务局', content });
    // And the interview page.
    const page = await netizen().get('/api/interviews/wr-national-day/written-replies');
    expect(page.body).toEqual([{ questionId: national.deferred.id, acceptedOn: '2026-09-30', repliedOn, unit: '区水务局', content, question: '老旧小区二次供水水压不足怎么办？', nickname: '' }]);
    expect(JSON.stringify(page.body)).not.toContain('asker@example.com');

    // The e-mail reaches the SMTP server, in Chinese, with the reply and the interview page's link.
    await server.domain.replyNotifier.sendPending();
    await vi.waitFor(() => expect(inbox).toHaveLength(1));
    expect(inbox[0]).toMatchObject({ to: 'asker@example.com', subject: '【书面答复】访谈 wr-national-day' });
    expect(inbox[0]!.text).toContain(content);
    expect(inbox[0]!.text).toContain('答复部门：区水务局');
    expect(inbox[0]!.text).toContain('https://ft.example.gov.cn/v/wr-national-day');
    expect((await staff.admin.get(`/api/studio/replies/${reply.id}`)).body.notice).toBe('sent');

    const log = (await staff.admin.get(`/api/studio/audit?entity=written_reply&entityId=${reply.id}`)).body.map((e: any) => [e.action, e.actorName]);
    expect(log).toEqual([
      ['written_reply.draft', 'water-liaison (liaison)'],
      ['written_reply.submit', 'water-liaison (liaison)'],
      ['written_reply.return', 'reviewer1 (reviewer)'],
      ['written_reply.submit', 'water-liaison (liaison)'],
      ['written_reply.publish', 'reviewer1 (reviewer)'],
    ]);
    expect((await repliesOf(liaisonWater, '?state=published')).map((r) => r.id)).toEqual([reply.id]);
  });

  it('adds only the new ones when a reopened interview ends again, and drops one answered live after all', async () => {
    const slug = 'wr-reopened';
    const interviewId = await liveInterview(slug, units.water.id);
    const first = await ask(slug, '河道整治何时开工？');
    await move(staff.reviewer, first.id, 'approved');
    expect((await staff.director.patch(`/api/studio/interviews/${interviewId}`, { status: 'live' })).status).toBe(200);
    expect((await staff.director.patch(`/api/studio/interviews/${interviewId}`, { status: 'ended' })).status).toBe(200);
    await server.domain.replies.idle();
    expect((await repliesOf(staff.admin, `?interviewId=${interviewId}`)).map((r) => r.questionId)).toEqual([first.id]);

    // Ended by mistake: reopened the same day, the first question is answered on air, a new one deferred.
    expect((await staff.admin.post(`/api/studio/interviews/${interviewId}/reopen`, { reason: '误点结束' })).status).toBe(200);
    const second = await ask(slug, '河道保洁由谁负责？');
    await move(staff.reviewer, second.id, 'approved');
    await move(staff.host, second.id, 'deferred');
    await move(staff.host, first.id, 'on_air');
    await move(staff.host, first.id, 'answered');
    await server.domain.replies.idle();
    expect(await repliesOf(staff.admin, `?interviewId=${interviewId}`)).toEqual([]);
    expect((await staff.director.patch(`/api/studio/interviews/${interviewId}`, { status: 'ended' })).status).toBe(200);
    await server.domain.replies.idle();
    expect((await repliesOf(staff.admin, `?interviewId=${interviewId}`)).map((r) => r.questionId)).toEqual([second.id]);
    const assigned = (await staff.admin.get(`/api/studio/audit?entity=interview&entityId=${interviewId}`)).body.filter((e: any) => e.action === 'written_reply.assign');
    expect(assigned.map((e: any) => e.after.questionIds)).toEqual([[first.id], [second.id]]);
    const withdrawn = (await staff.admin.get('/api/studio/audit?entity=written_reply')).body.filter((e: any) => e.action === 'written_reply.withdraw');
    expect(withdrawn.at(-1)).toMatchObject({ reason: 'question answered', before: { question_id: first.id } });
  });

  it('keeps a publication when the mail fails, tries again later, and wants a second person to approve', async () => {
    const slug = 'wr-mail-retry';
    const interviewId = await liveInterview(slug, units.water.id);
    const q = await ask(slug, '雨污分流工程进度如何？', 'second@example.com');
    const unlucky = await ask(slug, '排水管网何时清淤？', 'third@example.com');
    await move(staff.reviewer, q.id, 'approved');
    await move(staff.reviewer, unlucky.id, 'approved');
    await endAt(interviewId, '2026-06-08T03:00:00.000Z');
    const [reply, other] = await repliesOf(staff.admin, `?interviewId=${interviewId}`);
    expect(reply!.dueOn).toBe('2026-06-15');
    // An admin may answer for the unit, but not approve their own submission.
    await staff.admin.post(`/api/studio/replies/${reply!.id}/submit`, { content: '工程已完成八成。' });
    const own = await staff.admin.post(`/api/studio/replies/${reply!.id}/approve`);
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ error: 'forbidden', message: expect.stringContaining('不能审核自己提交的答复') });

    refuseMail = true;
    const before = inbox.length;
    expect((await staff.reviewer.post(`/api/studio/replies/${reply!.id}/approve`)).status).toBe(200);
    await server.domain.replyNotifier.sendPending();
    const afterFail = (await staff.admin.get(`/api/studio/replies/${reply!.id}`)).body;
    expect(afterFail).toMatchObject({ status: 'published', notice: 'pending' });
    expect(inbox.length).toBe(before);
    expect((await netizen().get(`/api/questions/by-ticket/${q.ticket}`)).body.status).toBe('answered_in_writing');

    refuseMail = false;
    await server.domain.replyNotifier.sendPending();
    await vi.waitFor(() => expect(inbox.length).toBe(before + 1));
    expect(inbox.at(-1)).toMatchObject({ to: 'second@example.com' });
    expect((await staff.admin.get(`/api/studio/replies/${reply!.id}`)).body.notice).toBe('sent');
    // Told once: a later run sends nothing more.
    await server.domain.replyNotifier.sendPending();
    expect(inbox.length).toBe(before + 1);

    // A mail refused every time is given up after 5 tries, and says so; the reply stays published.
    refuseMail = true;
    await liaisonWater.post(`/api/studio/replies/${other!.id}/submit`, { content: '已安排汛前清淤。' });
    expect((await staff.reviewer.post(`/api/studio/replies/${other!.id}/approve`)).status).toBe(200);
    for (let i = 0; i < 6; i++) await server.domain.replyNotifier.sendPending();
    expect((await staff.admin.get(`/api/studio/replies/${other!.id}`)).body).toMatchObject({ status: 'published', notice: 'failed' });
    refuseMail = false;
    await server.domain.replyNotifier.sendPending();
    expect(inbox.length).toBe(before + 1);
  });
});
