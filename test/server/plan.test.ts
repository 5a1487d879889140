import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_FILE_MAX_BYTES } from '../../server/routes/plan.js';
import { encodeGbk } from '../helpers/gbk.js';
import { addToZip } from '../helpers/zip.js';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
  for (const name of ['小壕兔乡人民政府', '区水利局', '上郡路街道办事处', '县农业农村局', '县统计局', '镇靖镇', '区审计局']) {
    const r = await staff.admin.post('/api/studio/units', { name });
    expect(r.status, name).toBe(201);
  }
});
afterAll(async () => server?.close());

/** Sends a file as the request body, as the studio does. */
const upload = (c: Client, url: string, body: Buffer, type = 'application/octet-stream') => c.upload(url, body, type);

async function download(c: Client, url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(server.url + url, { headers: { cookie: c.cookie } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A workbook as a unit's office would make it: a title row, the header, the rows, any extra column. */
async function workbook(rows: unknown[][], edit?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('附件2');
  ws.addRow(['2026年区政府门户网站“在线访谈”活动计划安排表']);
  ws.addRow([]);
  ws.addRow(['序号', '单位', '时间', '联系人']);
  for (const r of rows) ws.addRow(r);
  edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function planOf(year: number): Promise<any[]> {
  const r = await staff.admin.get(`/api/studio/plan/${year}`);
  expect(r.status).toBe(200);
  return r.body;
}

describe('importing the annual plan (年度计划)', () => {
  it('imports an .xlsx of months, dates and windows: each row a draft interview of its unit, audited', async () => {
    const file = await workbook([
      [1, '小壕兔乡人民政府', '4月', '张三'],
      [2, '区水利局', '2026年5月8日'],
      [3, '上郡路街道办事处', '5月8日—5月19日'],
      ['４', '县统计局', '十月'],
    ]);
    const r = await upload(staff.admin, '/api/studio/plan/2026/import', file, XLSX);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.createdUnits).toEqual([]);
    // All of 2026's rows lie before today (the suite runs from December 2026 on): imported, and named as past.
    expect(r.body.pastSeqs).toEqual([1, 2, 3, 4]);
    expect(r.body.imported.map((e: any) => [e.seq, e.unit, e.timeText, e.windowStart, e.windowEnd])).toEqual([
      [1, '小壕兔乡人民政府', '4月', '2026-04-01', '2026-04-30'],
      [2, '区水利局', '2026年5月8日', '2026-05-08', '2026-05-08'],
      [3, '上郡路街道办事处', '5月8日—5月19日', '2026-05-08', '2026-05-19'],
      [4, '县统计局', '十月', '2026-10-01', '2026-10-31'],
    ]);
    // The draft interviews: the unit's, titled after it, at 09:30–10:30 Beijing time on the window's first
    // working day — October's is the 8th, after 国庆节 (1–7 October 2026).
    const ivs = await Promise.all(r.body.imported.map((e: any) => staff.admin.get(`/api/studio/interviews/${e.interviewId}`)));
    expect(ivs.map((i) => [i.body.status, i.body.title, i.body.unit, i.body.scheduledStart, i.body.scheduledEnd])).toEqual([
      ['draft', '小壕兔乡人民政府在线访谈', '小壕兔乡人民政府', '2026-04-01T01:30:00.000Z', '2026-04-01T02:30:00.000Z'],
      ['draft', '区水利局在线访谈', '区水利局', '2026-05-08T01:30:00.000Z', '2026-05-08T02:30:00.000Z'],
      ['draft', '上郡路街道办事处在线访谈', '上郡路街道办事处', '2026-05-08T01:30:00.000Z', '2026-05-08T02:30:00.000Z'],
      ['draft', '县统计局在线访谈', '县统计局', '2026-10-08T01:30:00.000Z', '2026-10-08T02:30:00.000Z'],
    ]);
    // Drafts are not public.
    expect((await new Client(server.url).get(`/api/interviews/${ivs[0]!.body.slug}`)).status).toBe(404);

    const log = (await staff.admin.get('/api/studio/audit?action=plan.*')).body;
    expect(log.map((e: any) => e.action)).toEqual(['plan.entry.create', 'plan.entry.create', 'plan.entry.create', 'plan.entry.create', 'plan.import']);
    expect(log.at(-1)).toMatchObject({ actorName: 'admin (admin)', entity: 'plan', entityId: 2026, after: { rows: 4 } });
  });

  it('reads CSV in UTF-8 with and without BOM and in GBK, comma- or tab-separated, with quoted cells', async () => {
    const csv = '序号,单位,时间,备注\r\n1,县农业农村局,"5月8日-5月19日",首批\r\n2,县统计局,5月22日至6月2日,"含""引号"", 和逗号"\r\n';
    const utf8 = await upload(staff.admin, '/api/studio/plan/2023/import', Buffer.from(csv), 'text/csv');
    expect(utf8.status, JSON.stringify(utf8.body)).toBe(201);
    expect(utf8.body.imported.map((e: any) => [e.unit, e.windowStart, e.windowEnd, e.note])).toEqual([
      ['县农业农村局', '2023-05-08', '2023-05-19', '首批'],
      ['县统计局', '2023-05-22', '2023-06-02', '含"引号", 和逗号'],
    ]);
    const bom = await upload(staff.admin, '/api/studio/plan/2024/import', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('序号,单位,时间\n1,镇靖镇,6月\n')]));
    expect(bom.status, JSON.stringify(bom.body)).toBe(201);
    expect(bom.body.imported[0]).toMatchObject({ unit: '镇靖镇', windowStart: '2024-06-01', windowEnd: '2024-06-30' });

    // As a Chinese Windows saves it, and as the notice's table pasted into a text file (tabs).
    const gbk = await upload(staff.admin, '/api/studio/plan/2025/import', encodeGbk('序号,单位,时间\r\n1,区水利局,2025年3月18日\r\n2,镇靖镇,九月\r\n'), 'text/csv');
    expect(gbk.status, JSON.stringify(gbk.body)).toBe(201);
    expect(gbk.body.imported.map((e: any) => [e.unit, e.timeText, e.windowStart])).toEqual([
      ['区水利局', '2025年3月18日', '2025-03-18'],
      ['镇靖镇', '九月', '2025-09-01'],
    ]);
    const tabs = await upload(staff.admin, '/api/studio/plan/2027/import', encodeGbk('序号\t单位\t时间\n1\t区审计局\t4月\n备注：相关单位联系人在5月1日前报送访谈提纲\t\t\n'));
    expect(tabs.status, JSON.stringify(tabs.body)).toBe(201);
    expect(tabs.body.imported).toHaveLength(1);
  });

  it('reads a 时间 that Excel turned into a date cell (as typing 5月8日 into Chinese Excel does) as that date', async () => {
    const file = await workbook([[1, '区审计局', new Date(Date.UTC(2035, 4, 8))]], (ws) => {
      ws.getCell('C4').numFmt = 'm"月"d"日"';
    });
    const r = await upload(staff.admin, '/api/studio/plan/2035/import', file, XLSX);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.imported[0]).toMatchObject({ timeText: '2035-05-08', windowStart: '2035-05-08', windowEnd: '2035-05-08' });
    // A row still to come carries no warning.
    expect(r.body.pastSeqs).toEqual([]);
  });

  it('lists every bad row with its number and reason, and imports nothing', async () => {
    const before = (await staff.admin.get('/api/studio/interviews')).body.length;
    const file = await workbook([
      [1, '区水利局', '3月'],
      [2, '区不存在局', '4月'],
      [2, '区水利局', '5月'],
      ['', '区水利局', '6月'],
      [5, '', '7月'],
      [6, '区水利局', '下半年'],
      [7, '区水利局', '2027年1月'],
      [8, '县农业农村局 县统计局 镇靖镇', '5月8日-5月19日'],
      [9, '区水利局', '2月30日'],
    ]);
    const r = await upload(staff.admin, '/api/studio/plan/2028/import', file, XLSX);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('validation');
    expect(r.body.message).toContain('未导入');
    expect(r.body.problems.map((p: any) => [p.row, p.column, p.code])).toEqual([
      [5, 'unit', 'unit_unknown'],
      [6, 'seq', 'seq_duplicate'],
      [7, 'seq', 'seq_missing'],
      [8, 'unit', 'unit_empty'],
      [9, 'time', 'time_unreadable'],
      [10, 'time', 'time_outside_year'],
      [11, 'unit', 'unit_several'],
      [12, 'time', 'time_invalid_date'],
    ]);
    expect(r.body.problems[0]).toMatchObject({ text: '区不存在局', message: '单位不存在' });
    expect(r.body.problems[5].message).toBe('时间不在所选年度内');
    expect(r.body.missingUnits).toEqual(['区不存在局']);
    // In English when the studio speaks English.
    const en = Object.assign(new Client(server.url, 'en'), { cookie: staff.admin.cookie, csrf: staff.admin.csrf });
    const inEnglish = await upload(en, '/api/studio/plan/2028/import', file, XLSX);
    expect(inEnglish.body.message).toBe('Some fields are invalid: 8 problems found; nothing was imported');
    expect(inEnglish.body.problems[5].message).toBe('the time is outside the chosen year');
    expect(await planOf(2028)).toEqual([]);
    expect((await staff.admin.get('/api/studio/interviews')).body.length).toBe(before);
    expect((await staff.admin.get('/api/studio/units')).body.map((u: any) => u.name)).not.toContain('区不存在局');
  });

  it('creates the missing units when the admin sends the file again with createUnits, audited', async () => {
    const file = await workbook([
      [1, '区水利局', '3月'],
      [2, '区林业局', '4月'],
      [3, '区林业局', '11月'],
    ]);
    const refused = await upload(staff.admin, '/api/studio/plan/2029/import', file, XLSX);
    expect(refused.status).toBe(400);
    expect(refused.body.missingUnits).toEqual(['区林业局']);
    const r = await upload(staff.admin, '/api/studio/plan/2029/import?createUnits=true', file, XLSX);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.createdUnits).toEqual(['区林业局']);
    const unit = (await staff.admin.get('/api/studio/units')).body.find((u: any) => u.name === '区林业局');
    expect(r.body.imported.filter((e: any) => e.unitId === unit.id)).toHaveLength(2);
    const log = (await staff.admin.get(`/api/studio/audit?entity=unit&entityId=${unit.id}`)).body;
    expect(log.map((e: any) => e.action)).toEqual(['unit.create']);
    // A second import of the same rows: their 序号 are the year's already.
    const again = await upload(staff.admin, '/api/studio/plan/2029/import?createUnits=true', file, XLSX);
    expect(again.status).toBe(400);
    expect(again.body.problems.map((p: any) => p.code)).toEqual(['seq_taken', 'seq_taken', 'seq_taken']);
  });

  it('refuses formulas, macros, CSV injection, broken, old and too-large files with the reason', async () => {
    const formula = await workbook([[1, '区水利局', '4月']], (ws) => {
      ws.getCell('B4').value = { formula: 'HYPERLINK("http://evil.example","区水利局")', result: '区水利局' };
    });
    const f = await upload(staff.admin, '/api/studio/plan/2030/import', formula, XLSX);
    expect(f.status).toBe(400);
    expect(f.body.fields[0]).toMatchObject({ field: 'file', code: 'plan_formula' });
    expect(f.body.message).toContain('B4');

    for (const cell of ['=1+1', '+cmd|"/c calc"!A0', '-2+3', '@SUM(A1)']) {
      const csv = await upload(staff.admin, '/api/studio/plan/2030/import', Buffer.from(`序号,单位,时间\n1,"${cell.replace(/"/g, '""')}",4月\n`));
      expect(csv.status, cell).toBe(400);
      expect(csv.body.fields[0].code, cell).toBe('plan_formula');
      expect(csv.body.message, cell).toContain('B2');
    }

    // An .xlsm: the same workbook with a VBA project in it (added by the test's own zip writer).
    const plain = await workbook([[1, '区水利局', '4月']]);
    const m = await upload(staff.admin, '/api/studio/plan/2030/import', addToZip(plain, 'xl/vbaProject.bin', Buffer.alloc(64)), 'application/vnd.ms-excel.sheet.macroEnabled.12');
    expect(m.status).toBe(400);
    expect(m.body.fields[0].code).toBe('plan_macro');
    expect(m.body.message).toContain('宏');
    expect((await upload(staff.admin, '/api/studio/plan/2030/import', addToZip(plain, 'xl/macrosheets/sheet1.xml', Buffer.alloc(64)), XLSX)).body.fields[0].code).toBe('plan_macro');
    // The writer makes a good zip: with a harmless part added, the workbook still imports.
    const harmless = await upload(staff.admin, '/api/studio/plan/2034/import', addToZip(plain, 'docProps/note.txt', Buffer.from('附注')), XLSX);
    expect(harmless.status, JSON.stringify(harmless.body)).toBe(201);
    // A zip bomb: a few kilobytes that unpack to 40 MB.
    const bomb = addToZip(plain, 'xl/media/padding.bin', Buffer.alloc(40 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(PLAN_FILE_MAX_BYTES);
    const b = await upload(staff.admin, '/api/studio/plan/2030/import', bomb, XLSX);
    expect(b.status).toBe(400);
    expect(b.body.fields[0].code).toBe('plan_unpacked_too_large');

    const broken = await upload(staff.admin, '/api/studio/plan/2030/import', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]), XLSX);
    expect(broken.body.fields[0].code).toBe('plan_malformed');
    const xls = await upload(staff.admin, '/api/studio/plan/2030/import', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]));
    expect(xls.body.fields[0].code).toBe('plan_xls');
    const noHeader = await upload(staff.admin, '/api/studio/plan/2030/import', Buffer.from('单位,日期\n区水利局,4月\n'));
    expect(noHeader.body.fields[0].code).toBe('plan_no_header');
    const empty = await upload(staff.admin, '/api/studio/plan/2030/import', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    const huge = await upload(staff.admin, '/api/studio/plan/2030/import', Buffer.alloc(3 * 1024 * 1024, 0x41));
    expect(huge.status).toBe(413);
    expect(huge.body.message).toContain('2 MB');
    const badYear = await upload(staff.admin, '/api/studio/plan/19/import', Buffer.from('序号,单位,时间\n1,区水利局,4月\n'));
    expect(badYear.status).toBe(400);
    expect(badYear.body.fields[0].field).toBe('year');
    expect(await planOf(2030)).toEqual([]);
  });

  it('is for admins only: other roles get 403, strangers 401, even for a file', async () => {
    const csv = Buffer.from('序号,单位,时间\n1,区水利局,4月\n');
    for (const role of ['host', 'director', 'reviewer', 'editor'] as const) {
      expect((await upload(staff[role], '/api/studio/plan/2031/import', csv)).status, role).toBe(403);
      expect((await staff[role].get('/api/studio/plan/2026')).status, role).toBe(403);
      expect((await staff[role].post('/api/studio/plan/2026/entries', { seq: 50, unitId: 1, timeText: '4月' })).status, role).toBe(403);
      expect((await download(staff[role], '/api/studio/plan/2026/export.xlsx')).status, role).toBe(403);
    }
    const units = (await staff.admin.get('/api/studio/units')).body;
    const liaison = await staff.admin.post('/api/studio/users', { username: 'liaison-plan', displayName: '联络员', role: 'liaison', unitId: units[0].id, password: 'liaison-plan-Pass-2026', mustChangePassword: false });
    expect(liaison.status).toBe(201);
    const l = new Client(server.url);
    await l.login('liaison-plan', 'liaison-plan-Pass-2026');
    expect((await upload(l, '/api/studio/plan/2031/import', csv)).status).toBe(403);
    expect((await l.get('/api/studio/plan/2026')).status).toBe(403);
    expect((await upload(new Client(server.url), '/api/studio/plan/2031/import', csv)).status).toBe(401);
    expect(await planOf(2031)).toEqual([]);
  });
});

describe('keeping the plan', () => {
  it('adds, edits and deletes rows; the draft interview follows while it is a draft', async () => {
    const units = (await staff.admin.get('/api/studio/units')).body;
    const water = units.find((u: any) => u.name === '区水利局');
    const audit = units.find((u: any) => u.name === '区审计局');
    const added = await staff.admin.post('/api/studio/plan/2032/entries', { seq: 1, unitId: water.id, timeText: '5月8日—5月19日', note: '先报提纲' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ year: 2032, seq: 1, unit: '区水利局', windowStart: '2032-05-08', windowEnd: '2032-05-19', note: '先报提纲' });
    expect((await staff.admin.post('/api/studio/plan/2032/entries', { seq: 1, unitId: water.id, timeText: '6月' })).status).toBe(409);
    const badTime = await staff.admin.post('/api/studio/plan/2032/entries', { seq: 2, unitId: water.id, timeText: '2031年6月' });
    expect(badTime.status).toBe(400);
    expect(badTime.body.fields[0]).toMatchObject({ field: 'timeText', code: 'time_outside_year' });
    expect((await staff.admin.post('/api/studio/plan/2032/entries', { seq: 2, unitId: 99999, timeText: '6月' })).body.fields[0].field).toBe('unitId');

    const edited = await staff.admin.patch(`/api/studio/plan/entries/${added.body.id}`, { unitId: audit.id, timeText: '2032-06-15' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ unit: '区审计局', windowStart: '2032-06-15', windowEnd: '2032-06-15' });
    const iv = (await staff.admin.get(`/api/studio/interviews/${added.body.interviewId}`)).body;
    expect(iv).toMatchObject({ unit: '区审计局', title: '区审计局在线访谈', scheduledStart: '2032-06-15T01:30:00.000Z', status: 'draft' });

    // Once scheduled, the interview is the admin's: the plan row changes alone.
    expect((await staff.admin.patch(`/api/studio/interviews/${iv.id}`, { status: 'scheduled' })).status).toBe(200);
    await staff.admin.patch(`/api/studio/plan/entries/${added.body.id}`, { timeText: '7月' });
    expect((await staff.admin.get(`/api/studio/interviews/${iv.id}`)).body.scheduledStart).toBe('2032-06-15T01:30:00.000Z');
    expect((await staff.admin.patch(`/api/studio/plan/entries/${added.body.id}`, {})).status).toBe(400);

    const second = await staff.admin.post('/api/studio/plan/2032/entries', { seq: 2, unitId: water.id, timeText: '9月' });
    const gone = await staff.admin.request('DELETE', `/api/studio/plan/entries/${second.body.id}`);
    expect(gone.body).toEqual({ interviewDeleted: true });
    expect((await staff.admin.get(`/api/studio/interviews/${second.body.interviewId}`)).status).toBe(404);
    // A draft that something already refers to (here a caption track) stays too; the row goes all the same.
    const third = await staff.admin.post('/api/studio/plan/2032/entries', { seq: 3, unitId: water.id, timeText: '10月' });
    await server.domain.db.insertInto('caption_tracks').values({ interview_id: third.body.interviewId, lang: 'en', label: 'English', created_at: new Date().toISOString(), removed_at: null }).execute();
    expect((await staff.admin.request('DELETE', `/api/studio/plan/entries/${third.body.id}`)).body).toEqual({ interviewDeleted: false });
    expect((await staff.admin.get(`/api/studio/interviews/${third.body.interviewId}`)).body.status).toBe('draft');
    const kept = await staff.admin.request('DELETE', `/api/studio/plan/entries/${added.body.id}`);
    expect(kept.body).toEqual({ interviewDeleted: false });
    expect((await staff.admin.get(`/api/studio/interviews/${iv.id}`)).status).toBe(200);
    expect(await planOf(2032)).toEqual([]);
    expect((await staff.admin.request('DELETE', `/api/studio/plan/entries/${added.body.id}`)).status).toBe(404);

    const log = (await staff.admin.get(`/api/studio/audit?entity=plan_entry&entityId=${added.body.id}`)).body;
    expect(log.map((e: any) => e.action)).toEqual(['plan.entry.create', 'plan.entry.update', 'plan.entry.update', 'plan.entry.delete']);
    expect(log[1].before.unit).toBe('区水利局');
    expect(log[1].after.unit).toBe('区审计局');
  });

  it('exports the year as .xlsx that reads back and imports again, and offers a template', async () => {
    const exp = await download(staff.admin, '/api/studio/plan/2026/export.xlsx');
    expect(exp.status).toBe(200);
    expect(exp.type).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).values).toEqual([undefined, '序号', '单位', '时间', '备注', '起始日期', '截止日期', '访谈编号']);
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => {
      if (n > 2) rows.push((row.values as unknown[]).slice(1, 4));
    });
    expect(rows).toEqual([
      [1, '小壕兔乡人民政府', '4月'],
      [2, '区水利局', '2026年5月8日'],
      [3, '上郡路街道办事处', '5月8日—5月19日'],
      [4, '县统计局', '十月'],
    ]);
    // The export is an import file: into another year's plan, whose dates it does not name, it goes as it is…
    const back = await upload(staff.admin, '/api/studio/plan/2033/import', exp.bytes, XLSX);
    expect(back.status).toBe(400);
    expect(back.body.problems).toEqual([expect.objectContaining({ row: 4, code: 'time_outside_year' })]);

    const tpl = await download(staff.admin, '/api/studio/plan/template.xlsx?year=2027');
    expect(tpl.status).toBe(200);
    const t = new ExcelJS.Workbook();
    await t.xlsx.load(tpl.bytes as unknown as ArrayBuffer);
    expect(t.worksheets.map((w) => w.name)).toEqual(['年度计划', '填写说明']);
    expect(t.worksheets[0]!.getRow(2).values).toEqual([undefined, '序号', '单位', '时间', '备注', '起始日期', '截止日期', '访谈编号']);
    // Filled in, the template imports.
    t.worksheets[0]!.addRow([2, '区审计局', '2027年8月']);
    const filled = await upload(staff.admin, '/api/studio/plan/2027/import', Buffer.from(await t.xlsx.writeBuffer()), XLSX);
    expect(filled.status, JSON.stringify(filled.body)).toBe(201);
    expect((await staff.admin.get('/api/studio/plan/years')).body).toEqual(expect.arrayContaining([2023, 2024, 2025, 2026, 2027, 2029]));
  });
});
