import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
});
afterAll(async () => {
  await server?.close();
});

const IMPORT = '/api/studio/settings/sensitive-words/import';
const EXPORT = '/api/studio/settings/sensitive-words/export';
const list = async () => (await staff.admin.get('/api/studio/settings/sensitive-words')).body.words as string[];
const setList = async (words: string[]) => expect((await staff.admin.put('/api/studio/settings/sensitive-words', { words })).status).toBe(200);
const settingsLog = async () => (await staff.admin.get('/api/studio/audit?entity=settings&limit=1000')).body as any[];

/** The raw download, as a browser gets it. */
async function download(c: Client, format: string): Promise<{ status: number; type: string | null; disposition: string | null; text: string }> {
  const res = await fetch(`${server.url}${EXPORT}?format=${format}`, { headers: { cookie: c.cookie } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text: await res.text() };
}

describe('who may import and export the list', () => {
  it('lets only admins import, and only moderators export', async () => {
    const body = { format: 'txt', content: '新词\n', mode: 'merge' };
    for (const role of ['reviewer', 'host', 'director', 'editor'] as const) {
      const r = await staff[role].post(IMPORT, body);
      expect(r.status, role).toBe(403);
      expect(r.body.error).toBe('forbidden');
    }
    expect((await new Client(server.url).post(IMPORT, body)).status).toBe(401);
    for (const role of ['host', 'director', 'editor'] as const) expect((await download(staff[role], 'txt')).status, role).toBe(403);
    expect((await download(new Client(server.url), 'txt')).status).toBe(401);
    expect((await download(staff.reviewer, 'txt')).status).toBe(200);
    expect(await list()).not.toContain('新词');
  });
});

describe('a file that cannot be read', () => {
  it('is refused whole, with the line at fault, in the caller’s language, and changes nothing', async () => {
    await setList(['赌博']);
    const broken = 'word\n刻章\n"代开,发票\n办证\n';
    const zh = await staff.admin.post(IMPORT, { format: 'csv', content: broken, mode: 'merge' });
    expect(zh.status).toBe(400);
    expect(zh.body).toMatchObject({ error: 'validation', fields: [{ field: 'content', code: 'csv_quote' }] });
    expect(zh.body.fields[0].message).toContain('第 3 行');
    const en = await staff.admin.request('POST', IMPORT, { format: 'csv', content: broken, mode: 'preview' }, { 'accept-language': 'en' });
    expect(en.body.fields[0].message).toContain('line 3');

    const binary = await staff.admin.post(IMPORT, { format: 'txt', content: '刻章\nPK\u0003\u0004\u0000\u0000xl/workbook.xml', mode: 'merge' });
    expect(binary.status).toBe(400);
    expect(binary.body.fields[0]).toMatchObject({ field: 'content', code: 'not_text' });
    expect(binary.body.fields[0].message).toContain('第 2 行');
    const undecoded = await staff.admin.post(IMPORT, { format: 'txt', content: '刻章\n办证\n\uFFFD\uFFFD', mode: 'preview' });
    expect(undecoded.body.fields[0].message).toContain('第 3 行');

    const empty = await staff.admin.post(IMPORT, { format: 'txt', content: '\n \n', mode: 'replace' });
    expect(empty.status).toBe(400);
    expect(empty.body.fields[0].code).toBe('empty_file');
    expect(await list()).toEqual(['赌博']);
  });

  it('answers a malformed request with field errors', async () => {
    const r = await staff.admin.post(IMPORT, { format: 'xlsx', content: 1, mode: 'append' });
    expect(r.status).toBe(400);
    expect(r.body.fields.map((f: any) => f.field).sort()).toEqual(['content', 'format', 'mode']);
  });
});

describe('importing a list', () => {
  const file = ['赌博', '新词一', '', '新词一', '代 开 发 票', '长'.repeat(51), '***', '新词二'].join('\r\n');

  it('previews how many words are new, duplicate and invalid, with the invalid lines’ numbers, and changes nothing', async () => {
    await setList(['赌博', '代开发票', '刻章']);
    const before = (await settingsLog()).length;
    const r = await staff.admin.post(IMPORT, { format: 'txt', content: file, mode: 'preview' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      mode: 'preview',
      new: 2,
      duplicate: 3, // 赌博 and 代 开 发 票 are listed already, 新词一 comes twice
      invalid: 2,
      problems: [
        { line: 6, code: 'too_long', text: '长'.repeat(50) },
        { line: 7, code: 'no_letters', text: '***' },
      ],
      current: 3,
      removed: 1, // 刻章
      afterMerge: 5,
      afterReplace: 4,
    });
    expect(await list()).toEqual(['代开发票', '刻章', '赌博']);
    expect((await settingsLog()).length).toBe(before);
  });

  it('merges: adds only the new words, keeps the rest, audits who did it, and screens with them at once', async () => {
    await setList(['赌博', '代开发票', '刻章']);
    const r = await staff.admin.post(IMPORT, { format: 'txt', content: file, mode: 'merge' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mode: 'merge', new: 2, afterMerge: 5 });
    expect(await list()).toEqual(['代开发票', '刻章', '新词一', '新词二', '赌博']);
    expect((await settingsLog()).at(-1)).toMatchObject({
      action: 'settings.sensitive_words.merge',
      actorName: 'admin (admin)',
      before: null,
      after: { count: 5, added: 2, removed: 0 },
    });
    const q = await new Client(server.url).post('/api/interviews/demo/questions', { content: '请问新 词 二是什么意思' });
    const seen = (await staff.reviewer.get('/api/studio/interviews/1/questions')).body.find((x: any) => x.id === q.body.id);
    expect(seen.flags.sensitiveWords).toEqual(['新词二']);
  });

  it('replaces: the file becomes the whole list, and the audit says how many went', async () => {
    await setList(['赌博', '代开发票', '刻章']);
    const r = await staff.admin.post(IMPORT, { format: 'txt', content: file, mode: 'replace' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mode: 'replace', afterReplace: 4, removed: 1 });
    expect(await list()).toEqual(['代 开 发 票', '新词一', '新词二', '赌博']);
    expect((await settingsLog()).at(-1)).toMatchObject({
      action: 'settings.sensitive_words.replace',
      before: null,
      after: { count: 4, added: 2, removed: 1 },
    });
  });

  it('reads CSV: the first column, a header skipped, quoted cells with commas, quotes and line breaks', async () => {
    const csv = '\uFEFF敏感词,分类,备注\r\n赌博,违法,\r\n"逗号,词",其他,"多行\r\n备注"\r\n"引""号""词",其他\r\n"多\n行"\r\n刻章\r\n';
    const r = await staff.admin.post(IMPORT, { format: 'csv', content: csv, mode: 'replace' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await list()).toEqual(['刻章', '引"号"词', '赌博', '逗号,词'].sort());
    // A line break inside a word is no word: reported on the line its cell starts.
    expect(r.body.problems).toEqual([{ line: 6, code: 'control_chars', text: '多\n行' }]);
    // A line break inside a quoted cell still counts for the line numbers that follow.
    const bad = await staff.admin.post(IMPORT, { format: 'csv', content: `${csv}"未闭合\r\n`, mode: 'preview' });
    expect(bad.body.fields[0].message).toContain('第 9 行');
  });

  it('handles a site-sized list of 50,000 words', async () => {
    const words = Array.from({ length: 50_000 }, (_, i) => `词${i.toString(36)}测`);
    const r = await staff.admin.post(IMPORT, { format: 'txt', content: words.join('\n'), mode: 'replace' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ new: 50_000, invalid: 0, afterReplace: 50_000 });
    expect((await list()).length).toBe(50_000);
    const q = await new Client(server.url).post('/api/interviews/demo/questions', { content: '这个问题里没有列出的说法' });
    const last = words.at(-1)!;
    const q2 = await new Client(server.url).post('/api/interviews/demo/questions', { content: `问题里有${last}这个词` });
    const qs = (await staff.reviewer.get('/api/studio/interviews/1/questions')).body;
    expect(qs.find((x: any) => x.id === q.body.id).flags.sensitiveWords).toEqual([]);
    expect(qs.find((x: any) => x.id === q2.body.id).flags.sensitiveWords).toEqual([last]);
    // The editor's own save of the whole list works at this size too.
    const saved = await staff.admin.put('/api/studio/settings/sensitive-words', { words: [...words, '新加的词'] });
    expect(saved.status).toBe(200);
    expect(saved.body.words.length).toBe(50_001);
  });
});

describe('exporting the list', () => {
  const words = ['赌博', '逗号,词', '引"号"词', '=HYPERLINK'];

  it('downloads .txt, one word a line, exactly the list', async () => {
    await setList(['赌博', '刻章', '代开发票']);
    const r = await download(staff.admin, 'txt');
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/plain; charset=utf-8');
    expect(r.disposition).toBe('attachment; filename="sensitive-words.txt"');
    expect(r.text).toBe(`${(await list()).join('\n')}\n`);
    expect((await settingsLog()).at(-1)).toMatchObject({ action: 'settings.sensitive_words.export', actorName: 'admin (admin)', after: { count: 3, format: 'txt' } });
  });

  it('downloads .csv that Excel opens as UTF-8, safe from formulas, and that imports back to the same list', async () => {
    await setList(words);
    const r = await download(staff.admin, 'csv');
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/csv; charset=utf-8');
    expect(r.disposition).toBe('attachment; filename="sensitive-words.csv"');
    // fetch's text() drops the byte-order mark; the bytes start with it.
    const bytes = new Uint8Array(await (await fetch(`${server.url}${EXPORT}?format=csv`, { headers: { cookie: staff.admin.cookie } })).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.text.split('\r\n')[0]).toBe('word');
    expect(r.text.split('\r\n')).toContain("'=HYPERLINK");
    expect(r.text).toContain('"逗号,词"');
    const before = await list();
    await setList(['别的词']);
    const back = await staff.admin.post(IMPORT, { format: 'csv', content: r.text, mode: 'replace' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(await list()).toEqual(before);
  });
});
