import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YearStatistics } from '../../server/stats/service.js';
import { A, B, C, NOW, seedYear } from '../helpers/yearSeed.js';
import { Client, staffClients, startServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);

describe('statistics of a year (考核)', () => {
  let server: TestServer;
  let staff: Awaited<ReturnType<typeof staffClients>>;
  let ids: { i1: number; i2: number; i3: number };
  let stats: YearStatistics;

  beforeAll(async () => {
    server = await startServer();
    staff = await staffClients(server.url);
    ids = await seedYear(server.domain.db);
    stats = new YearStatistics(server.domain.db, server.config, () => NOW);
  });
  afterAll(async () => server.close());

  it('matches the hand count per interview', async () => {
    const report = await stats.year(2026);
    expect(report.today).toBe('2026-10-13');
    expect(report.interviews.map((i) => i.interviewId)).toEqual([ids.i3, ids.i1, ids.i2]);
    const [i3, i1, i2] = report.interviews;
    expect(i1).toMatchObject({
      unit: A, heldOn: '2026-04-29', peakViewers: 3, totalViewers: 5, watchSeconds: 94 * 60,
      questionsReceived: 10, questionsPublished: 6, questionsRejected: 2, answeredLive: 3,
      writtenAssigned: 3, answeredInWriting: 2, overdueReplies: 2, avgReplyWorkingDays: 4.5, replayViews: 2,
    });
    expect(i2).toMatchObject({
      unit: B, heldOn: '2026-09-30', peakViewers: 1, totalViewers: 1, watchSeconds: 3600,
      questionsReceived: 4, questionsPublished: 3, questionsRejected: 1, answeredLive: 1,
      writtenAssigned: 2, answeredInWriting: 1, overdueReplies: 0, avgReplyWorkingDays: 4, replayViews: 0,
    });
    expect(i3).toMatchObject({ heldOn: '2026-01-01', questionsReceived: 2, answeredLive: 2, writtenAssigned: 0, avgReplyWorkingDays: null, peakViewers: 0, replayViews: 1 });
  });

  it('matches the hand count per unit and in total', async () => {
    const report = await stats.year(2026);
    const byName = new Map(report.units.map((u) => [u.unit, u]));
    expect([...byName.keys()].sort()).toEqual([A, B, C].sort());
    expect(byName.get(A)).toMatchObject({ planned: 2, held: 2, questionsReceived: 12, answeredLive: 5, writtenAssigned: 3, answeredInWriting: 2, answerRate: 0.875, overdueReplies: 2, avgReplyWorkingDays: 4.5 });
    expect(byName.get(B)).toMatchObject({ planned: 1, held: 1, questionsReceived: 4, answeredLive: 1, writtenAssigned: 2, answeredInWriting: 1, answerRate: 0.6667, overdueReplies: 0, avgReplyWorkingDays: 4 });
    expect(byName.get(C)).toMatchObject({ planned: 1, held: 0, questionsReceived: 0, answerRate: null, avgReplyWorkingDays: null });
    expect(report.totals).toEqual({
      planned: 4, held: 3, questionsReceived: 16, answeredLive: 6, writtenAssigned: 5, answeredInWriting: 3, answerRate: 0.8182,
      overdueReplies: 2, avgReplyWorkingDays: 4.33, peakViewers: 3, totalViewers: 6, watchSeconds: 94 * 60 + 3600, replayViews: 3,
    });
    // The next year holds only the interview of 1 Jan 2027 (Beijing time).
    const next = await stats.year(2027);
    expect(next.interviews.map((i) => i.slug)).toEqual(['jyj-2027']);
  });

  it("counts reply time on the admin's working calendar", async () => {
    // An admin declares 12 Oct 2026 a day off: the reply published that day took 3 working days, not 4.
    await server.domain.db.insertInto('calendar_overrides').values({ date: '2026-10-12', kind: 'holiday', note: '测试', set_by: null, set_at: new Date().toISOString() }).execute();
    try {
      const i2 = (await stats.year(2026)).interviews.find((i) => i.interviewId === ids.i2)!;
      expect(i2.avgReplyWorkingDays).toBe(3);
    } finally {
      await server.domain.db.deleteFrom('calendar_overrides').execute();
    }
  });

  it('serves the year to the admin, refuses other roles and a bad year', async () => {
    const ok = await staff.admin.get('/api/studio/stats?year=2026');
    expect(ok.status).toBe(200);
    expect(ok.body.totals.questionsReceived).toBe(16);
    for (const role of ['host', 'director', 'reviewer', 'editor'] as const) {
      expect((await staff[role].get('/api/studio/stats?year=2026')).status).toBe(403);
      expect((await staff[role].get('/api/studio/stats/report.xlsx?year=2026')).status).toBe(403);
      expect((await staff[role].get('/api/studio/stats/report.pdf?year=2026')).status).toBe(403);
    }
    // A unit's liaison is refused too, even for its own unit's figures: the assessment is the centre's.
    const unitA = await server.domain.db.selectFrom('units').select('id').where('name', '=', A).executeTakeFirstOrThrow();
    const made = await staff.admin.post('/api/studio/users', { username: 'liaison.fgw', displayName: '发改联络员', role: 'liaison', unitId: unitA.id, password: 'Liaison-pass-2026', mustChangePassword: false });
    expect(made.status).toBe(201);
    const liaison = new Client(server.url);
    await liaison.login('liaison.fgw', 'Liaison-pass-2026');
    expect((await liaison.get('/api/studio/stats?year=2026')).status).toBe(403);
    expect((await liaison.get('/api/studio/stats/report.pdf?year=2026')).status).toBe(403);
    expect((await new Client(server.url).get('/api/studio/stats?year=2026')).status).toBe(401);
    const bad = await staff.admin.get('/api/studio/stats?year=abc');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('year');
    expect((await staff.admin.get('/api/studio/stats/report.xlsx?year=1900')).status).toBe(400);
  });

  it('exports an .xlsx that an independent reader (python zipfile + XML) opens with the numbers', async () => {
    const res = await fetch(`${server.url}/api/studio/stats/report.xlsx?year=2026`, { headers: { cookie: staff.admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const file = path.join(server.dataDir, 'report.xlsx');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const { stdout } = await run('python3', [path.join(import.meta.dirname, '../helpers/read_xlsx.py'), file]);
    const sheets = JSON.parse(stdout) as Record<string, string[][]>;
    expect(Object.keys(sheets)).toEqual(['单位统计', '访谈统计', '说明']);
    const units = sheets['单位统计']!;
    expect(units[0]!.slice(0, 3)).toEqual(['单位', '计划场次', '实际场次']);
    const rowA = units.find((r) => r[0] === A)!;
    // 单位, 计划, 实际, 收到提问, 现场答复, 转书面, 书面答复, 答复率, 逾期, 平均用时
    expect(rowA.slice(0, 10)).toEqual([A, '2', '2', '12', '5', '3', '2', '0.875', '2', '4.5']);
    expect(units.at(-1)!.slice(0, 4)).toEqual(['合计', '4', '3', '16']);
    const i1 = sheets['访谈统计']!.find((r) => r[0]!.includes('fgw-2026'))!;
    expect(i1.slice(1, 6)).toEqual([A, '2026-04-29', '3', '5', String(94 * 60)]);
    expect(sheets['说明']!.some((r) => r[0] === '答复率' && r[1]!.includes('÷'))).toBe(true);
  });

  it('exports a PDF whose extracted text (pdftotext) holds the Chinese unit names and the methods', async () => {
    const res = await fetch(`${server.url}/api/studio/stats/report.pdf?year=2026`, { headers: { cookie: staff.admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const file = path.join(server.dataDir, 'report.pdf');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    const text = stdout.replace(/\s+/g, '');
    for (const name of [A, B, C]) expect(text).toContain(name);
    expect(text).toContain('2026年度在线访谈工作统计报告');
    expect(text).toContain('指标说明');
    expect(text).toContain('87.5%');
    // Both exports are in the audit log, with who and which figures.
    const audit = await server.domain.db.selectFrom('audit_log').selectAll().where('action', '=', 'stats.report.export').execute();
    expect(audit.map((e) => JSON.parse(e.after!).format).sort()).toEqual(['pdf', 'xlsx']);
    expect(audit.every((e) => e.actor_name.startsWith('admin') && e.entity_id === 2026)).toBe(true);
  }, 60_000);
});
