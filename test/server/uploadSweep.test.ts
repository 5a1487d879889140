import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livetextPhotoDir, receiptUploadDir } from '../../server/domain.js';
import { sweepUnusedUploads } from '../../server/housekeeping.js';
import { outlineDocx, portraitJpeg } from '../helpers/receipt-files.js';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;

beforeAll(async () => {
  server = await startServer();
  staff = await staffClients(server.url);
});
afterAll(async () => server?.close());

/** Sends a file as the body, as the studio does; answers what the server made of it. */
async function upload(client: Client, url: string, body: Buffer, type: string) {
  const res = await client.upload(url, body, type);
  expect(res.status).toBeLessThan(300);
  return res.body;
}

const status = async (client: Client, url: string) => (await fetch(server.url + url, { headers: { cookie: client.cookie } })).status;
const files = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

async function scheduledInterview(slug: string, unitId: number): Promise<number> {
  const r = await staff.admin.post('/api/studio/interviews', {
    slug,
    title: `清理测试 ${slug}`,
    unitId,
    scheduledStart: '2027-03-20T02:00:00.000Z',
    scheduledEnd: '2027-03-20T03:00:00.000Z',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect((await staff.admin.patch(`/api/studio/interviews/${r.body.id}`, { status: 'scheduled' })).status).toBe(200);
  return r.body.id;
}

describe('unused uploads are swept after the keeping time', () => {
  it('removes a live-text photo no entry took and a 回执 photo nobody names, and keeps every photo in use', async () => {
    const unit = (await staff.admin.post('/api/studio/units', { name: '区卫健委' })).body.id as number;
    const liaisonPassword = 'Sweep-liaison-2026';
    expect((await staff.admin.post('/api/studio/users', { username: 'sweep.liaison', displayName: '卫健联络员', role: 'liaison', unitId: unit, password: liaisonPassword, mustChangePassword: false })).status).toBe(201);
    const liaison = new Client(server.url);
    await liaison.login('sweep.liaison', liaisonPassword);

    // 图文直播: two photos uploaded, one kept by an entry (a draft: the interview is not live yet).
    const lt = await scheduledInterview('sweep-livetext', unit);
    const jpeg = await portraitJpeg();
    const posted = await upload(staff.editor, `/api/studio/interviews/${lt}/livetext/photos?alt=${encodeURIComponent('现场')}`, jpeg, 'image/jpeg');
    const stray = await upload(staff.editor, `/api/studio/interviews/${lt}/livetext/photos?alt=${encodeURIComponent('未用')}`, jpeg, 'image/jpeg');
    const entry = await staff.editor.post(`/api/studio/interviews/${lt}/livetext`, { text: '访谈即将开始', photoIds: [posted.id], draft: true });
    expect(entry.status, JSON.stringify(entry.body)).toBeLessThan(300);

    // 回执: a guest's photo (accepted: the interview's guests name it), a staff member's (named by the form),
    // and one uploaded and then replaced before saving.
    const rc = await scheduledInterview('sweep-receipt', unit);
    const base = `/api/studio/interviews/${rc}/receipt`;
    const guest = await upload(liaison, `${base}/photos`, jpeg, 'image/jpeg');
    const member = await upload(liaison, `${base}/photos`, jpeg, 'image/jpeg');
    const replaced = await upload(liaison, `${base}/photos`, jpeg, 'image/jpeg');
    const saved = await liaison.put(base, {
      topic: '基层医疗服务',
      persons: [
        { role: 'guest', name: '赵强', title: '区卫健委主任', bio: '主持全面工作。', photoId: guest.id },
        { role: 'staff', name: '钱敏', title: '办公室主任', bio: '', photoId: member.id },
      ],
      contactName: '钱敏',
      contactPhone: '0912-4848222',
      contactEmail: 'qianmin@example.gov.cn',
      note: '',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await upload(liaison, `${base}/outline?name=${encodeURIComponent('提纲.docx')}`, await outlineDocx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect((await liaison.post(`${base}/submit`)).status).toBe(200);
    expect((await staff.admin.post(`${base}/decision`, { decision: 'accept' })).status).toBe(200);
    const guestPhoto = (await new Client(server.url).get('/api/interviews/sweep-receipt')).body.guests[0].photo as string;

    const livetextDir = livetextPhotoDir(server.config);
    const receiptDir = path.join(receiptUploadDir(server.config), 'photos');
    expect(files(livetextDir)).toHaveLength(4);
    expect(files(receiptDir)).toHaveLength(6);

    // Within the keeping time nothing goes, used or not.
    expect(await sweepUnusedUploads(server.domain, new Date(Date.now() - 3600_000))).toBe(0);
    expect(await status(staff.editor, stray.src.large)).toBe(200);

    // After it: the two unused ones, rows and both renderings; the rest are still served.
    expect(await sweepUnusedUploads(server.domain, new Date(Date.now() + 1000))).toBe(2);
    expect(await status(staff.editor, stray.src.large)).toBe(404);
    expect(await status(liaison, replaced.url)).toBe(404);
    expect(files(livetextDir)).toHaveLength(2);
    expect(files(receiptDir)).toHaveLength(4);
    expect(await status(staff.editor, posted.src.large)).toBe(200);
    expect(await status(liaison, guest.url)).toBe(200);
    expect(await status(liaison, member.url)).toBe(200);
    expect((await fetch(server.url + guestPhoto)).status).toBe(200);
    // The entry that holds its photo still lists it.
    const desk = (await staff.editor.get(`/api/studio/interviews/${lt}/livetext`)).body as Array<{ photos: Array<{ id: number }> }>;
    expect(desk.flatMap((e) => e.photos.map((p) => p.id))).toEqual([posted.id]);
    // A second sweep finds nothing more.
    expect(await sweepUnusedUploads(server.domain, new Date(Date.now() + 1000))).toBe(0);
  });
});
