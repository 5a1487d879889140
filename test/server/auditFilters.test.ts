import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../server/audit/log.js';
import { parseCsv } from '../../server/files/csv.js';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let a: any;
let b: any;
let qa: any;
let qb: any;
let reviewerId: number;

const interview = (slug: string) => ({ slug, title: `访谈 ${slug}`, unitId: 1, scheduledStart: '2026-06-08T06:30:00.000Z', scheduledEnd: '2026-06-08T07:30:00.000Z' });

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  a = (await staff.admin.post('/api/studio/interviews', interview('audit-a'))).body;
  b = (await staff.admin.post('/api/studio/interviews', interview('audit-b'))).body;
  for (const iv of [a, b]) expect((await staff.admin.patch(`/api/studio/interviews/${iv.id}`, { status: 'scheduled' })).status).toBe(200);
  const netizen = new Client(server.url);
  qa = (await netizen.post('/api/interviews/audit-a/questions', { content: '供暖费什么时候退还' })).body;
  qb = (await netizen.post('/api/interviews/audit-b/questions', { content: '公交线路能否延长' })).body;
  // A reason that a spreadsheet would run as a formula, had the export not guarded it.
  expect((await staff.reviewer.post(`/api/studio/questions/${qa.id}/transition`, { to: 'rejected', reason: '=HYPERLINK("http://evil.example","点此")' })).status).toBe(200);
  expect((await staff.reviewer.post(`/api/studio/questions/${qb.id}/transition`, { to: 'approved' })).status).toBe(200);
  reviewerId = (await staff.admin.get('/api/studio/users')).body.find((u: any) => u.username === 'reviewer1').id;
});
afterAll(async () => server?.close());

const actions = (list: any[]) => list.map((e) => e.action);

describe('filtering the audit log', () => {
  it('by interview: its own entries and those of its questions, not another interview’s', async () => {
    const r = await staff.admin.get(`/api/studio/audit?interviewId=${a.id}`);
    expect(r.status).toBe(200);
    expect(actions(r.body)).toEqual(['interview.create', 'interview.status.scheduled', 'question.submit', 'question.rejected']);
    expect(r.body.every((e: any) => (e.entity === 'interview' ? e.entityId === a.id : e.entityId === qa.id))).toBe(true);
    expect(actions((await staff.admin.get(`/api/studio/audit?interviewId=${b.id}`)).body)).toEqual(['interview.create', 'interview.status.scheduled', 'question.submit', 'question.approved']);
  });

  it('by actor (a staff member, the netizens, the system) and by action, exact or by prefix', async () => {
    const byReviewer = (await staff.admin.get(`/api/studio/audit?actor=${reviewerId}`)).body;
    expect(actions(byReviewer)).toEqual(['auth.login', 'question.rejected', 'question.approved']);
    expect(actions((await staff.admin.get('/api/studio/audit?actor=netizen')).body)).toEqual(['question.submit', 'question.submit']);
    expect(actions((await staff.admin.get('/api/studio/audit?action=question.rejected')).body)).toEqual(['question.rejected']);
    expect(actions((await staff.admin.get(`/api/studio/audit?action=question.*&interviewId=${b.id}`)).body)).toEqual(['question.submit', 'question.approved']);
    // The old parameters keep working.
    expect(actions((await staff.admin.get(`/api/studio/audit?entity=question&entityId=${qa.id}&limit=1`)).body)).toEqual(['question.rejected']);
    const facets = (await staff.admin.get('/api/studio/audit/facets')).body;
    expect(facets.actions).toEqual(expect.arrayContaining(['question.rejected', 'interview.create', 'user.create']));
    expect(facets.actors.map((x: any) => x.id)).toContain(reviewerId);
  });

  it('by days of the site calendar (Beijing time), both ends included', async () => {
    // 00:30 Beijing time on 1 April is still 31 March in UTC.
    await recordAudit(server.domain.db, { actor: { id: null, name: 'system', role: 'system' }, action: 'test.midnight', entity: 'settings', entityId: null, at: '2026-03-31T16:30:00.000Z' });
    const day = (from: string, to: string) => staff.admin.get(`/api/studio/audit?action=test.midnight&from=${from}&to=${to}`);
    expect((await day('2026-04-01', '2026-04-01')).body).toHaveLength(1);
    expect((await day('2026-03-01', '2026-03-31')).body).toHaveLength(0);
    expect((await staff.admin.get('/api/studio/audit?actor=system&action=test.midnight')).body).toHaveLength(1);
    const reversed = await day('2026-04-02', '2026-04-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.fields[0]).toMatchObject({ field: 'to', message: '结束日期不能早于开始日期' });
    expect((await staff.admin.get('/api/studio/audit?from=2026-4-1')).body.fields[0].field).toBe('from');
    expect((await staff.admin.get('/api/studio/audit?to=2026-13-01')).status).toBe(400);
    expect((await staff.admin.get('/api/studio/audit?actor=someone')).status).toBe(400);
  });
});

describe('paging and exporting the audit log', () => {
  it('pages past the newest entries with `before`, without gaps or repeats', async () => {
    const all = (await staff.admin.get('/api/studio/audit?limit=1000')).body;
    expect(all.length).toBeGreaterThan(10);
    const pages: any[] = [];
    let before: number | undefined;
    for (;;) {
      const page = (await staff.admin.get(`/api/studio/audit?limit=4${before ? `&before=${before}` : ''}`)).body;
      if (page.length === 0) break;
      pages.unshift(...page);
      before = page[0].id;
    }
    expect(pages.map((e) => e.id)).toEqual(all.map((e: any) => e.id));
  });

  it('exports the filtered log as CSV for Excel: BOM, Chinese header, site time, formula cells defused, audited', async () => {
    const res = await fetch(`${server.url}/api/studio/audit.csv?interviewId=${a.id}`, { headers: { cookie: staff.admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8')).map((r) => r.cells);
    expect(rows[0]).toEqual(['编号', '时间 (Asia/Shanghai)', '操作人', '操作', '操作说明', '对象类型', '对象编号', '理由', '改动前', '改动后']);
    expect(rows.slice(1).map((r) => r[3])).toEqual(['interview.create', 'interview.status.scheduled', 'question.submit', 'question.rejected']);
    // Each action also in words, and the kind of object in words, for the person reading it in Excel.
    expect(rows.slice(1).map((r) => r[4])).toEqual(['创建访谈', '访谈状态改为“已排期”', '提交', '不予发布']);
    expect(rows.slice(1).map((r) => r[5])).toEqual(['访谈', '访谈', '提问', '提问']);
    const rejected = rows.find((r) => r[3] === 'question.rejected')!;
    expect(rejected[2]).toBe('reviewer1 (reviewer)');
    expect(rejected[7]).toBe('\'=HYPERLINK("http://evil.example","点此")');
    expect(rejected[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(JSON.parse(rejected[9]!).status).toBe('rejected');
    // No cell starts a formula.
    expect(rows.flat().some((c) => /^[=+\-@]/.test(c))).toBe(false);
    const exported = (await staff.admin.get('/api/studio/audit?action=audit.export')).body;
    expect(exported.at(-1)).toMatchObject({ actorName: 'admin (admin)', after: { filter: { interviewId: a.id } } });

    const en = await fetch(`${server.url}/api/studio/audit.csv?action=question.*`, { headers: { cookie: staff.admin.cookie, 'accept-language': 'en' } });
    expect((await en.text()).split('\r\n')[0]).toBe('No.,Time (Asia/Shanghai),Actor,Action,Action in words,Entity,Entity id,Reason,Before,After');
  });

  it('is for admins only', async () => {
    for (const role of ['host', 'director', 'reviewer', 'editor'] as const) {
      expect((await staff[role].get('/api/studio/audit')).status, role).toBe(403);
      expect((await staff[role].get('/api/studio/audit/facets')).status, role).toBe(403);
      const csv = await fetch(`${server.url}/api/studio/audit.csv`, { headers: { cookie: staff[role].cookie } });
      expect(csv.status, role).toBe(403);
    }
    expect((await fetch(`${server.url}/api/studio/audit.csv`)).status).toBe(401);
  });
});
