import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outlineDocm, outlineDocx, outlineDocxWithVba, outlinePdf, portraitJpeg } from '../helpers/receipt-files.js';
import { Client, nextEvent, startServer, staffClients, viewerSocket, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
const OUTLINE_MAX = 200_000;

beforeAll(async () => {
  server = await startServer({ RECEIPT_OUTLINE_MAX_BYTES: String(OUTLINE_MAX) });
  staff = await staffClients(server.url);
});
afterAll(async () => server?.close());

async function unit(name: string): Promise<number> {
  const r = await staff.admin.post('/api/studio/units', { name });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

async function liaisonOf(unitId: number, username: string): Promise<Client> {
  const password = `${username}-Pass-2026`;
  const r = await staff.admin.post('/api/studio/users', { username, displayName: `联络员${username}`, role: 'liaison', unitId, password, mustChangePassword: false });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const c = new Client(server.url);
  await c.login(username, password);
  return c;
}

let slugs = 0;
async function interview(unitId: number, topic = ''): Promise<{ id: number; slug: string }> {
  const slug = `receipt-${++slugs}`;
  const r = await staff.admin.post('/api/studio/interviews', {
    slug,
    title: `回执测试 ${slugs}`,
    unitId,
    topic,
    scheduledStart: '2026-12-20T02:00:00.000Z',
    scheduledEnd: '2026-12-20T03:00:00.000Z',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect((await staff.admin.patch(`/api/studio/interviews/${r.body.id}`, { status: 'scheduled' })).status).toBe(200);
  return { id: r.body.id, slug };
}

/** Sends a file as the body, as the studio does; `null` sends it signed out. */
const upload = (client: Client | null, url: string, body: Buffer, type: string) => (client ?? new Client(server.url)).upload(url, body, type);

async function bytes(client: Client | null, url: string) {
  const res = await fetch(server.url + url, { headers: client ? { cookie: client.cookie } : {} });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const form = (photoIds: { guest?: number | null; staff?: number | null } = {}) => ({
  topic: '社会救助政策解读',
  persons: [
    { role: 'guest', name: '李华', title: '区民政局局长', bio: '主持区民政局全面工作。', photoId: photoIds.guest ?? null },
    { role: 'staff', name: '王芳', title: '办公室主任', bio: '', photoId: photoIds.staff ?? null },
  ],
  contactName: '王芳',
  contactPhone: '0912-4848111',
  contactEmail: 'wangfang@example.gov.cn',
  note: '嘉宾需提前半小时到场',
});

describe('回执: the liaison fills it in, the admin returns and accepts it', () => {
  it('goes submitted → returned → resubmitted → accepted, and the accepted guests become the interview’s', async () => {
    const mz = await unit('区民政局');
    const iv = await interview(mz);
    const liaison = await liaisonOf(mz, 'rc-liaison');
    const base = `/api/studio/interviews/${iv.id}/receipt`;

    // Nothing saved yet: a blank form, not started; the admin sets the due date.
    expect((await liaison.get(base)).body).toMatchObject({ status: 'not_started', dueOn: null, persons: [], outline: null });
    const due = await staff.admin.put(`${base}/due`, { dueOn: '2026-12-10' });
    expect(due.status, JSON.stringify(due.body)).toBe(200);
    expect(due.body.dueOn).toBe('2026-12-10');
    expect((await liaison.get('/api/studio/receipts')).body).toEqual([expect.objectContaining({ interviewId: iv.id, status: 'not_started', dueOn: '2026-12-10' })]);

    // Photos: a phone's JPEG is stored turned upright, without its EXIF (camera, GPS).
    const guestPhoto = await upload(liaison, `${base}/photos`, await portraitJpeg(), 'image/jpeg');
    expect(guestPhoto.status, JSON.stringify(guestPhoto.body)).toBe(201);
    expect(guestPhoto.body).toMatchObject({ width: 200, height: 300 });
    const staffPhoto = await upload(liaison, `${base}/photos`, await portraitJpeg(), 'image/jpeg');
    const seen = await bytes(liaison, guestPhoto.body.url);
    expect(seen.status).toBe(200);
    expect(await exifr.parse(seen.bytes, { gps: true, tiff: true }).catch(() => undefined)).toBeUndefined();

    // A half-filled draft saves; submitting it says what is missing, one field at a time.
    const half = await liaison.put(base, { topic: '', persons: [], contactPhone: '123' });
    expect(half.status, JSON.stringify(half.body)).toBe(200);
    expect(half.body.status).toBe('draft');
    const missingTopic = await liaison.post(`${base}/submit`);
    expect(missingTopic.status).toBe(400);
    expect(missingTopic.body.fields).toEqual([expect.objectContaining({ field: 'topic', code: 'receipt_topic_required', message: '请填写访谈主题' })]);
    await liaison.put(base, { ...form(), persons: [form().persons[1]] });
    expect((await liaison.post(`${base}/submit`)).body.fields[0]).toMatchObject({ field: 'persons', code: 'receipt_guest_required' });
    await liaison.put(base, { ...form(), contactPhone: '12345' });
    expect((await liaison.post(`${base}/submit`)).body.fields[0]).toMatchObject({ field: 'contactPhone', code: 'receipt_phone' });
    await liaison.put(base, { ...form(), contactEmail: 'not-an-address' });
    expect((await liaison.post(`${base}/submit`)).body.fields[0]).toMatchObject({ field: 'contactEmail', code: 'receipt_email' });
    const saved = await liaison.put(base, form({ guest: guestPhoto.body.id, staff: staffPhoto.body.id }));
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await liaison.post(`${base}/submit`)).body.fields[0]).toMatchObject({ field: 'outline', code: 'receipt_outline_required' });

    // The outline as a PDF, then replaced by a Word document.
    const pdf = await upload(liaison, `${base}/outline?name=${encodeURIComponent('提纲.pdf')}`, outlinePdf(), 'application/pdf');
    expect(pdf.status, JSON.stringify(pdf.body)).toBe(200);
    expect(pdf.body.outline).toMatchObject({ name: '提纲.pdf', type: 'pdf' });
    const docx = await outlineDocx();
    const word = await upload(liaison, `${base}/outline?name=${encodeURIComponent('民政局访谈提纲.docx')}`, docx, DOCX);
    expect(word.status, JSON.stringify(word.body)).toBe(200);
    expect(word.body.outline).toMatchObject({ name: '民政局访谈提纲.docx', type: 'docx', bytes: docx.length });

    const submitted = await liaison.post(`${base}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', overdue: false });
    // Submitted: the unit waits for the admin and cannot change it meanwhile.
    const locked = await liaison.put(base, form());
    expect(locked.status).toBe(409);
    expect(locked.body.message).toContain('回执已提交');
    expect((await upload(liaison, `${base}/outline`, outlinePdf(), 'application/pdf')).status).toBe(409);
    expect((await upload(liaison, `${base}/photos`, await portraitJpeg(), 'image/jpeg')).status).toBe(409);

    // Returned with a reason (required), which the liaison reads.
    const noReason = await staff.admin.post(`${base}/decision`, { decision: 'return', reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.fields[0].field).toBe('reason');
    const returned = await staff.admin.post(`${base}/decision`, { decision: 'return', reason: '请补充嘉宾简介' });
    expect(returned.body).toMatchObject({ status: 'returned', returnReason: '请补充嘉宾简介' });
    expect((await liaison.get(base)).body).toMatchObject({ status: 'returned', returnReason: '请补充嘉宾简介' });
    // Nothing to decide on a returned 回执.
    expect((await staff.admin.post(`${base}/decision`, { decision: 'accept' })).status).toBe(409);

    // Corrected (still returned while it is being edited) and submitted again.
    const corrected = form({ guest: guestPhoto.body.id, staff: staffPhoto.body.id });
    corrected.persons[0]!.bio = '主持区民政局全面工作，分管社会救助。';
    const edited = await liaison.put(base, corrected);
    expect(edited.body.status).toBe('returned');
    expect((await liaison.post(`${base}/submit`)).body.status).toBe('submitted');

    // An open viewer page hears the new guests once they are committed.
    const viewer = await viewerSocket(server.url, iv.slug);
    const pushed = nextEvent<{ guests: Array<{ name: string }> }>(viewer, 'interview', (i) => i.guests.length > 0);
    const accepted = await staff.admin.post(`${base}/decision`, { decision: 'accept' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect((await pushed).guests.map((g) => g.name)).toEqual(['李华']);
    viewer.disconnect();
    expect(accepted.body.status).toBe('accepted');
    expect((await liaison.put(base, form())).status).toBe(409);

    // The interview's guests are the 访谈嘉宾 only (not the staff member), with 职务, 简介 and the photo; the
    // interview had no topic, so it takes the 回执's.
    const pub = await new Client(server.url).get(`/api/interviews/${iv.slug}`);
    expect(pub.body.topic).toBe('社会救助政策解读');
    expect(pub.body.guests).toEqual([{ name: '李华', title: '区民政局局长', bio: '主持区民政局全面工作，分管社会救助。', photo: expect.stringMatching(/^\/guest-photos\/[A-Za-z0-9_-]{22}-480\.jpg$/) }]);
    expect(JSON.stringify(pub.body)).not.toContain('0912-4848111');
    const publicPhoto = await bytes(null, pub.body.guests[0].photo);
    expect(publicPhoto.status).toBe(200);
    expect(publicPhoto.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(publicPhoto.bytes).metadata()).width).toBeLessThanOrEqual(480);
    // The outline is never public; staff download it under its name.
    expect((await bytes(null, `${base}/outline`)).status).toBe(401);
    const dl = await bytes(staff.admin, `${base}/outline`);
    expect(dl.status).toBe(200);
    expect(dl.bytes.equals(docx)).toBe(true);
    expect(dl.headers.get('content-type')).toBe(DOCX);
    expect(dl.headers.get('content-disposition')).toContain(encodeURIComponent('民政局访谈提纲.docx'));

    // Every step is in the audit log, the return with its reason.
    const log = (await staff.admin.get(`/api/studio/audit?entity=receipt&entityId=${iv.id}`)).body as Array<{ action: string; reason: string | null; actorName: string }>;
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['receipt.due', 'receipt.save', 'receipt.outline', 'receipt.submit', 'receipt.return', 'receipt.accept']));
    expect(log.find((e) => e.action === 'receipt.return')).toMatchObject({ reason: '请补充嘉宾简介', actorName: 'admin (admin)' });
    expect(log.find((e) => e.action === 'receipt.submit')?.actorName).toBe('rc-liaison (liaison)');
    const ivLog = (await staff.admin.get(`/api/studio/audit?entity=interview&entityId=${iv.id}`)).body as Array<{ action: string }>;
    expect(ivLog.map((e) => e.action)).toContain('interview.guests_from_receipt');
  });

  it("keeps another unit's liaison and the wrong roles out", async () => {
    const mine = await unit('区水务局');
    const theirs = await unit('区交通局');
    const iv = await interview(mine, '已有主题');
    const own = await liaisonOf(mine, 'rc-own');
    const other = await liaisonOf(theirs, 'rc-other');
    const base = `/api/studio/interviews/${iv.id}/receipt`;
    expect((await own.put(base, form())).status).toBe(200);

    // Another unit's liaison: 403 on every door, and its list does not show the interview.
    const refused = await other.get(base);
    expect(refused.status).toBe(403);
    // It says why in the user's language: not a missing right of the role, but another unit's interview.
    expect(refused.body).toMatchObject({ error: 'forbidden', message: '这是其他单位的访谈，只能查看和填写本单位的回执' });
    expect((await other.put(base, form())).status).toBe(403);
    expect((await other.post(`${base}/submit`)).status).toBe(403);
    expect((await upload(other, `${base}/outline`, outlinePdf(), 'application/pdf')).status).toBe(403);
    expect((await upload(other, `${base}/photos`, await portraitJpeg(), 'image/jpeg')).status).toBe(403);
    expect((await bytes(other, `${base}/outline`)).status).toBe(403);
    expect(((await other.get('/api/studio/receipts')).body as Array<{ interviewId: number }>).some((r) => r.interviewId === iv.id)).toBe(false);

    // Wrong roles: only the admin sets the due date and decides; a reviewer or editor may not read it.
    expect((await own.put(`${base}/due`, { dueOn: '2026-12-01' })).status).toBe(403);
    expect((await own.post(`${base}/decision`, { decision: 'accept' })).status).toBe(403);
    for (const role of ['reviewer', 'editor', 'director'] as const) {
      expect((await staff[role].get(base)).status, role).toBe(403);
      expect((await staff[role].get('/api/studio/receipts')).status, role).toBe(403);
    }
    // The host reads it (prepares with the outline) but may not fill it in.
    expect((await staff.host.get(base)).status).toBe(200);
    expect((await staff.host.put(base, form())).status).toBe(403);
    expect((await upload(staff.editor, `${base}/photos`, await portraitJpeg(), 'image/jpeg')).status).toBe(403);
    expect((await upload(staff.reviewer, `${base}/outline`, outlinePdf(), 'application/pdf')).status).toBe(403);
    expect((await staff.reviewer.put(`${base}/due`, { dueOn: '2026-12-01' })).status).toBe(403);
    // Not signed in.
    expect((await new Client(server.url).get(base)).status).toBe(401);
    // Bad input: a malformed date, a person without a name, an unknown role.
    const badDue = await staff.admin.put(`${base}/due`, { dueOn: '2026-13-01' });
    expect(badDue.status).toBe(400);
    expect(badDue.body.fields[0].field).toBe('dueOn');
    const badPerson = await own.put(base, { ...form(), persons: [{ role: 'guest', name: '' }, { role: 'host', name: '某' }] });
    expect(badPerson.status).toBe(400);
    expect(badPerson.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['persons.0.name', 'persons.1.role']));
    // Another interview's photo is not this 回执's.
    const otherIv = await interview(mine);
    const foreign = await upload(own, `/api/studio/interviews/${otherIv.id}/receipt/photos`, await portraitJpeg(), 'image/jpeg');
    const stolen = await own.put(base, form({ guest: foreign.body.id }));
    expect(stolen.status).toBe(400);
    expect(stolen.body.fields[0]).toMatchObject({ field: 'persons.0.photoId', code: 'receipt_photo_unknown' });
    // An interview that has its topic keeps it on acceptance.
    await upload(own, `${base}/outline`, outlinePdf(), 'application/pdf');
    expect((await own.post(`${base}/submit`)).status).toBe(200);
    expect((await staff.admin.post(`${base}/decision`, { decision: 'accept' })).status).toBe(200);
    expect((await staff.admin.get(`/api/studio/interviews/${iv.id}`)).body.topic).toBe('已有主题');
  });

  it('refuses bad outlines and photos with the reason, and loses nothing', async () => {
    const u = await unit('区卫健委');
    const iv = await interview(u);
    const liaison = await liaisonOf(u, 'rc-files');
    const base = `/api/studio/interviews/${iv.id}/receipt`;
    const good = outlinePdf();
    expect((await upload(liaison, `${base}/outline?name=a.pdf`, good, 'application/pdf')).status).toBe(200);

    const cases: Array<[string, Buffer, string, number, string]> = [
      ['a .docm (macros)', await outlineDocm(), DOCX, 415, 'outline_macros'],
      ['a .docx hiding a VBA project', await outlineDocxWithVba(), DOCX, 415, 'outline_macros'],
      ['a program renamed .pdf', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200)]), 'application/pdf', 415, 'outline_type'],
      ['a PNG', await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).png().toBuffer(), 'application/pdf', 415, 'outline_type'],
      ['an empty file', Buffer.alloc(0), 'application/pdf', 415, 'outline_type'],
      ['a file over the limit', Buffer.concat([good, Buffer.alloc(OUTLINE_MAX)]), 'application/pdf', 413, 'outline_too_large'],
    ];
    for (const [what, body, type, status, reason] of cases) {
      const r = await upload(liaison, `${base}/outline?name=x.docx`, body, type);
      expect(r.status, what).toBe(status);
      expect(r.body.error, what).toBe(status === 413 ? 'payload_too_large' : 'unsupported_media_type');
      const expected = { outline_macros: '含宏', outline_type: '只能上传 Word 文档', outline_too_large: '不能超过' }[reason]!;
      expect(r.body.message, what).toContain(expected);
    }
    // The earlier outline is still the one there.
    const still = await liaison.get(base);
    expect(still.body.outline).toMatchObject({ name: 'a.pdf', type: 'pdf', bytes: good.length });
    expect((await bytes(liaison, `${base}/outline`)).bytes.equals(good)).toBe(true);

    // Photos: not an image, or an image claiming to be another type.
    expect((await upload(liaison, `${base}/photos`, Buffer.from('not an image'), 'image/jpeg')).status).toBe(415);
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).png().toBuffer();
    expect((await upload(liaison, `${base}/photos`, png, 'image/jpeg')).status).toBe(415);
    // A staff person's photo, or any photo never accepted, is not public.
    const p = await upload(liaison, `${base}/photos`, await portraitJpeg(), 'image/jpeg');
    expect(p.status).toBe(201);
    expect((await bytes(null, p.body.url)).status).toBe(401);
    expect((await bytes(null, '/guest-photos/AAAAAAAAAAAAAAAAAAAAAA-480.jpg')).status).toBe(404);
  });

  it('shows the admin every interview with due and overdue', async () => {
    const u = await unit('区教育局');
    const late = await interview(u);
    const onTime = await interview(u);
    await staff.admin.put(`/api/studio/interviews/${late.id}/receipt/due`, { dueOn: '2020-01-01' });
    await staff.admin.put(`/api/studio/interviews/${onTime.id}/receipt/due`, { dueOn: '2099-01-01' });
    const list = (await staff.admin.get('/api/studio/receipts')).body as Array<{ interviewId: number; overdue: boolean; status: string; unit: string }>;
    expect(list.find((r) => r.interviewId === late.id)).toMatchObject({ overdue: true, status: 'not_started', unit: '区教育局' });
    expect(list.find((r) => r.interviewId === onTime.id)).toMatchObject({ overdue: false });
    // The demo interview, with no 回执 at all, is listed too.
    expect(list.length).toBeGreaterThanOrEqual(3);
    // English reasons for an English studio.
    const en = new Client(server.url, 'en');
    en.cookie = staff.admin.cookie;
    en.csrf = staff.admin.csrf;
    const r = await en.post(`/api/studio/interviews/${late.id}/receipt/submit`);
    expect(r.body.fields[0].message).toBe('the interview topic is required');
  });
});
