import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import SQLite from 'better-sqlite3';
import exifr from 'exifr';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../server/db/migrations.js';
import { ADMIN_PASSWORD, Client, nextEvent, startServer, staffClients, tempDataDir, viewerSocket, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
const MAX_BYTES = 400_000;

beforeAll(async () => {
  server = await startServer({ LIVETEXT_PHOTO_MAX_BYTES: String(MAX_BYTES) });
  staff = await staffClients(server.url);
});
afterAll(async () => server?.close());

let slugs = 0;
/** A live (or scheduled) interview of `unitId` asking `approval` for its live text. */
async function interview(approval: 'none' | 'reviewer' | 'liaison', unitId = 1, status: 'live' | 'scheduled' = 'live'): Promise<{ id: number; slug: string }> {
  const slug = `lt-${approval}-${++slugs}`;
  const r = await staff.admin.post('/api/studio/interviews', {
    slug,
    title: `图文直播 ${slug}`,
    unitId,
    scheduledStart: '2026-12-02T02:00:00.000Z',
    scheduledEnd: '2026-12-02T03:00:00.000Z',
    guests: [{ name: '张明', title: '局长' }],
    liveTextApproval: approval,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect(r.body.liveTextApproval).toBe(approval);
  await staff.admin.patch(`/api/studio/interviews/${r.body.id}`, { status: 'scheduled' });
  if (status === 'live') expect((await staff.admin.patch(`/api/studio/interviews/${r.body.id}`, { status: 'live' })).status).toBe(200);
  return { id: r.body.id, slug };
}

async function liaisonOf(unitId: number, username: string): Promise<Client> {
  const r = await staff.admin.post('/api/studio/users', { username, displayName: `联络员${username}`, role: 'liaison', unitId, password: `${username}-Pass-2026`, mustChangePassword: false });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const c = new Client(server.url);
  await c.login(username, `${username}-Pass-2026`);
  return c;
}

/** Uploads raw bytes as a photo, as the desk does: the body is the image, the description in `?alt=`. */
function upload(client: Client | null, interviewId: number, body: Buffer, type: string, alt: string | null = '现场照片') {
  const query = alt === null ? '' : `?alt=${encodeURIComponent(alt)}`;
  return (client ?? new Client(server.url)).upload(`/api/studio/interviews/${interviewId}/livetext/photos${query}`, body, type);
}

async function fetchBytes(client: Client | null, url: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(server.url + url, { headers: client ? { cookie: client.cookie } : {} });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** A JPEG as a phone writes it: GPS position and an Orientation tag (6: the camera was turned a quarter). */
async function phoneJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 200, height: 100, channels: 3, background: '#c33' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'TestCam', Model: 'Phone 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 27/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 5/1' },
    })
    .toBuffer();
}

/** A valid PNG of a few dozen bytes whose header claims `w` × `h` pixels (a decompression bomb's header). */
function pngClaiming(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

describe('live-text photos (图文直播)', () => {
  it('come back without EXIF or GPS, with the orientation applied, at display sizes', async () => {
    const iv = await interview('none');
    const original = await phoneJpeg();
    expect((await exifr.gps(original))?.latitude).toBeCloseTo(39.9075);

    const up = await upload(staff.editor, iv.id, original, 'image/jpeg', '张明局长在发布会现场');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    // 200 × 100 with Orientation 6 is a portrait photo: the stored one is 100 × 200, upright.
    expect(up.body).toMatchObject({ alt: '张明局长在发布会现场', width: 100, height: 200 });
    for (const src of [up.body.src.small, up.body.src.large]) {
      const file = await fetchBytes(staff.editor, src);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/jpeg');
      const meta = await sharp(file.bytes).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', width: 100, height: 200 });
      expect(meta.orientation).toBeUndefined();
      expect(meta.exif).toBeUndefined();
      expect(await exifr.parse(file.bytes, true)).toBeUndefined();
      expect(await exifr.gps(file.bytes)).toBeUndefined();
    }
    // Before its entry is published the photo is not public.
    const publicSrc = up.body.src.large.replace('/api/studio/livetext/photos/', '/livetext/photos/');
    expect((await fetchBytes(null, publicSrc)).status).toBe(404);
    expect((await fetchBytes(null, up.body.src.large)).status).toBe(401);

    const entry = await staff.editor.post(`/api/studio/interviews/${iv.id}/livetext`, { speaker: { name: '张明', title: '局长' }, text: '发布会开始', photoIds: [up.body.id] });
    expect(entry.status, JSON.stringify(entry.body)).toBe(201);
    const feed = (await new Client(server.url).get(`/api/interviews/${iv.slug}/livetext`)).body;
    expect(feed[0].photos[0]).toMatchObject({ id: up.body.id, alt: '张明局长在发布会现场', width: 100, height: 200, src: { large: publicSrc } });
    const pub = await fetchBytes(null, publicSrc);
    expect(pub.status).toBe(200);
    expect(pub.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await exifr.gps(pub.bytes)).toBeUndefined();

    // A wide photo is brought down to the display widths, never enlarged.
    const wide = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#36c' } }).jpeg({ quality: 30 }).toBuffer();
    const big = await upload(staff.editor, iv.id, wide, 'image/jpeg');
    expect(big.body).toMatchObject({ width: 1280, height: 640 });
    expect((await sharp((await fetchBytes(staff.editor, big.body.src.small)).bytes).metadata()).width).toBe(480);
  });

  it('accepts PNG and WebP, and refuses what is not an image or lies about its type (415)', async () => {
    const iv = await interview('none');
    const png = await sharp({ create: { width: 64, height: 48, channels: 4, background: '#0a0' } }).png().toBuffer();
    const webp = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#00a' } }).webp().toBuffer();
    expect((await upload(staff.editor, iv.id, png, 'image/png')).body).toMatchObject({ width: 64, height: 48 });
    expect((await upload(staff.editor, iv.id, webp, 'image/webp')).status).toBe(201);

    const text = Buffer.from('这不是图片，只是名叫 photo.jpg 的文本文件\n');
    const notImage = await upload(staff.editor, iv.id, text, 'image/jpeg');
    expect(notImage.status).toBe(415);
    expect(notImage.body).toMatchObject({ error: 'unsupported_media_type', message: '只能上传 JPEG、PNG 或 WebP 图片' });
    const lie = await upload(staff.editor, iv.id, png, 'image/jpeg');
    expect(lie.status).toBe(415);
    expect(lie.body.message).toContain('文件内容与声明的类型不符');
    expect((await upload(staff.editor, iv.id, png, 'text/plain')).status).toBe(415);
    expect((await upload(staff.editor, iv.id, png, 'application/octet-stream')).status).toBe(415);
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==', 'base64');
    expect((await upload(staff.editor, iv.id, gif, 'image/gif')).status).toBe(415);
    // A JPEG cut short: its header is fine, its pixels are not.
    const cut = (await phoneJpeg()).subarray(0, 400);
    expect((await upload(staff.editor, iv.id, cut, 'image/jpeg')).status).toBe(415);
  });

  it('refuses a file too large (413) and a header claiming absurd dimensions before decoding it', async () => {
    const iv = await interview('none');
    const noise = await sharp(Buffer.from(Array.from({ length: 600 * 600 * 3 }, () => Math.floor(Math.random() * 256))), { raw: { width: 600, height: 600, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(MAX_BYTES);
    const large = await upload(staff.editor, iv.id, noise, 'image/png');
    expect(large.status).toBe(413);
    expect(large.body).toMatchObject({ error: 'payload_too_large' });
    expect(large.body.message).toContain('MB');

    const bomb = pngClaiming(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200);
    const refused = await upload(staff.editor, iv.id, bomb, 'image/png');
    expect(refused.status).toBe(413);
    expect(refused.body.message).toContain('图片尺寸过大');
    // 1 × 1,000,000 has few pixels but no photo is like it.
    expect((await upload(staff.editor, iv.id, pngClaiming(1, 1_000_000), 'image/png')).status).toBe(413);
    // The server carries on.
    expect((await upload(staff.editor, iv.id, await phoneJpeg(), 'image/jpeg')).status).toBe(201);
  });

  it('need a description (400 on alt), an author role and a session', async () => {
    const iv = await interview('none');
    const jpeg = await phoneJpeg();
    for (const alt of [null, '   ']) {
      const r = await upload(staff.editor, iv.id, jpeg, 'image/jpeg', alt);
      expect(r.status).toBe(400);
      expect(r.body.fields).toEqual([expect.objectContaining({ field: 'alt', code: 'alt_required' })]);
    }
    expect((await upload(staff.editor, iv.id, jpeg, 'image/jpeg', '长'.repeat(301))).body.fields[0]).toMatchObject({ field: 'alt', code: 'alt_too_long' });
    expect((await upload(null, iv.id, jpeg, 'image/jpeg')).status).toBe(401);
    expect((await upload(staff.reviewer, iv.id, jpeg, 'image/jpeg')).status).toBe(403);
    // A photo of another interview cannot be attached.
    const other = await interview('none');
    const foreign = await upload(staff.editor, other.id, jpeg, 'image/jpeg');
    const r = await staff.editor.post(`/api/studio/interviews/${iv.id}/livetext`, { text: '借图', photoIds: [foreign.body.id] });
    expect(r.status).toBe(400);
    expect(r.body.fields[0]).toMatchObject({ field: 'photoIds', code: 'photo_unavailable' });
  });
});

describe('live-text entries', () => {
  it('go out at once without approval; viewers hear them, their corrections (same id) and withdrawals', async () => {
    const iv = await interview('none');
    const viewer = await viewerSocket(server.url, iv.slug);
    try {
      const heard = nextEvent<any>(viewer, 'livetext');
      const first = await staff.editor.post(`/api/studio/interviews/${iv.id}/livetext`, { speaker: { name: '主持人', title: '' }, text: '各位网友，欢迎收看' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'published', authorName: 'editor', revised: false });
      expect(await heard).toMatchObject({ id: first.body.id, text: '各位网友，欢迎收看', speaker: { name: '主持人' }, revised: false, photos: [] });
      const second = await staff.admin.post(`/api/studio/interviews/${iv.id}/livetext`, { text: '第二条' });

      const corrected = nextEvent<any>(viewer, 'livetext', (e) => e.id === first.body.id);
      const put = await staff.editor.put(`/api/studio/livetext/${first.body.id}`, { speaker: null, text: '各位网友，大家好', photoIds: [] });
      expect(put.body).toMatchObject({ id: first.body.id, status: 'published', revised: true });
      expect(await corrected).toMatchObject({ id: first.body.id, text: '各位网友，大家好', revised: true, publishedAt: first.body.publishedAt });

      // Newest first, publicly, with nothing of the staff fields.
      const list = (await new Client(server.url).get(`/api/interviews/${iv.slug}/livetext`)).body;
      expect(list.map((e: any) => e.id)).toEqual([second.body.id, first.body.id]);
      expect(Object.keys(list[0]).sort()).toEqual(['id', 'photos', 'publishedAt', 'revised', 'speaker', 'text']);

      const removed = nextEvent<any>(viewer, 'livetext:removed');
      expect((await staff.editor.post(`/api/studio/livetext/${second.body.id}/withdraw`, { reason: '误发' })).body.status).toBe('withdrawn');
      expect(await removed).toEqual({ id: second.body.id });
      expect((await new Client(server.url).get(`/api/interviews/${iv.slug}/livetext`)).body.map((e: any) => e.id)).toEqual([first.body.id]);
      expect((await staff.editor.post(`/api/studio/livetext/${second.body.id}/withdraw`, {})).status).toBe(409);

      // Still readable after the broadcast ended.
      await staff.admin.patch(`/api/studio/interviews/${iv.id}`, { status: 'ended' });
      expect((await new Client(server.url).get(`/api/interviews/${iv.slug}/livetext`)).body).toHaveLength(1);
      expect((await staff.editor.post(`/api/studio/interviews/${iv.id}/livetext`, { text: '结束后' })).status).toBe(409);

      const log = (await staff.admin.get(`/api/studio/audit?entity=livetext`)).body.filter((e: any) => [first.body.id, second.body.id].includes(e.entityId));
      expect(log.map((e: any) => [e.action, e.actorName])).toEqual([
        ['livetext.create', 'editor1 (editor)'],
        ['livetext.create', 'admin (admin)'],
        ['livetext.correct', 'editor1 (editor)'],
        ['livetext.withdraw', 'editor1 (editor)'],
      ]);
      expect(log[3].reason).toBe('误发');
    } finally {
      viewer.close();
    }
  });

  it('wait for a reviewer where the interview asks for one: reject with a reason, correct, approve', async () => {
    const iv = await interview('reviewer');
    const liaison = await liaisonOf(1, 'lt-liaison-r');
    const viewer = await viewerSocket(server.url, iv.slug);
    const heard: any[] = [];
    viewer.on('livetext', (e) => heard.push(e));
    viewer.on('livetext:removed', (e) => heard.push({ removed: e.id }));
    try {
      const posted = await staff.editor.post(`/api/studio/interviews/${iv.id}/livetext`, { text: '拟发布：补贴标准每户 5 万元' });
      expect(posted.body).toMatchObject({ status: 'pending', publishedAt: null });
      expect((await new Client(server.url).get(`/api/interviews/${iv.slug}/livetext`)).body).toEqual([]);
      const id = posted.body.id;

      // Not the liaison's call here, nor the editor's; a rejection needs its reason.
      expect((await liaison.post(`/api/studio/livetext/${id}/decision`, { decision: 'approve' })).status).toBe(403);
      expect((await staff.editor.post(`/api/studio/livetext/${id}/decision`, { decision: 'approve' })).status).toBe(403);
      expect((await staff.host.post(`/api/studio/livetext/${id}/decision`, { decision: 'approve' })).status).toBe(403);
      const noReason = await staff.reviewer.post(`/api/studio/livetext/${id}/decision`, { decision: 'reject' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.fields[0].field).toBe('reason');

      const rejected = await staff.reviewer.post(`/api/studio/livetext/${id}/decision`, { decision: 'reject', reason: '数字待核实' });
      expect(rejected.body).toMatchObject({ status: 'rejected', reason: '数字待核实', approverName: 'reviewer' });
      expect((await staff.reviewer.post(`/api/studio/livetext/${id}/decision`, { decision: 'approve' })).status).toBe(409);
      const fixed = await staff.editor.put(`/api/studio/livetext/${id}`, { speaker: null, text: '补贴标准每户最高 5 万元', photoIds: [] });
      expect(fixed.body).toMatchObject({ status: 'pending', reason: null, revised: false });
      const approved = await staff.reviewer.post(`/api/studio/livetext/${id}/decision`, { decision: 'approve' });
      expect(approved.body).toMatchObject({ status: 'published', approverName: 'reviewer' });
      expect((await new Client(server.url).get(`/api/interviews/${iv.slug}/livetext`)).body.map((e: any) => e.text)).toEqual(['补贴标准每户最高 5 万元']);

      // A correction of a published entry leaves the feed until it is approved again.
      const again = await staff.editor.put(`/api/studio/livetext/${id}`, { speaker: null, text: '补贴标准每户最高 6 万元', photoIds: [] });
      expect(again.body).toMatchObject({ status: 'pending', revised: true });
      expect((await new Client(server.url).get(`/api/interviews/${iv.slug}/livetext`)).body).toEqual([]);
      await staff.reviewer.post(`/api/studio/livetext/${id}/decision`, { decision: 'approve' });
      await expect.poll(() => heard.length).toBe(3);
      expect(heard).toEqual([
        expect.objectContaining({ id, text: '补贴标准每户最高 5 万元', revised: false }),
        { removed: id },
        expect.objectContaining({ id, text: '补贴标准每户最高 6 万元', revised: true, publishedAt: approved.body.publishedAt }),
      ]);
      const actions = (await staff.admin.get(`/api/studio/audit?entity=livetext&entityId=${id}`)).body.map((e: any) => e.action);
      expect(actions).toEqual(['livetext.create', 'livetext.reject', 'livetext.correct', 'livetext.approve', 'livetext.correct', 'livetext.approve']);
    } finally {
      viewer.close();
    }
  });

  it("wait for the unit's own liaison where the interview asks for it; another unit's liaison finds nothing", async () => {
    const mine = (await staff.admin.post('/api/studio/units', { name: '区卫健委' })).body;
    const other = (await staff.admin.post('/api/studio/units', { name: '区交通局' })).body;
    const iv = await interview('liaison', mine.id);
    const ours = await liaisonOf(mine.id, 'lt-liaison-mine');
    const theirs = await liaisonOf(other.id, 'lt-liaison-other');
    const posted = await staff.editor.post(`/api/studio/interviews/${iv.id}/livetext`, { text: '家庭医生签约服务覆盖率达到 80%' });
    expect(posted.body.status).toBe('pending');
    const id = posted.body.id;

    expect((await staff.reviewer.post(`/api/studio/livetext/${id}/decision`, { decision: 'approve' })).status).toBe(403);
    const foreign = await theirs.post(`/api/studio/livetext/${id}/decision`, { decision: 'approve' });
    expect(foreign.status).toBe(404);
    expect((await theirs.get(`/api/studio/interviews/${iv.id}/livetext`)).status).toBe(404);
    // The liaison reads what waits for it (never drafts), may not write.
    const pending = await ours.get(`/api/studio/interviews/${iv.id}/livetext`);
    expect(pending.body.map((e: any) => [e.id, e.status])).toEqual([[id, 'pending']]);
    expect((await ours.post(`/api/studio/interviews/${iv.id}/livetext`, { text: '联络员发' })).status).toBe(403);
    expect((await ours.put(`/api/studio/livetext/${id}`, { speaker: null, text: '改', photoIds: [] })).status).toBe(403);

    const approved = await ours.post(`/api/studio/livetext/${id}/decision`, { decision: 'approve' });
    expect(approved.body).toMatchObject({ status: 'published', approverName: '联络员lt-liaison-mine' });
    expect((await new Client(server.url).get(`/api/interviews/${iv.slug}/livetext`)).body.map((e: any) => e.id)).toEqual([id]);
    const log = (await staff.admin.get(`/api/studio/audit?entity=livetext&entityId=${id}`)).body;
    expect(log.map((e: any) => [e.action, e.actorName])).toEqual([
      ['livetext.create', 'editor1 (editor)'],
      ['livetext.approve', 'lt-liaison-mine (liaison)'],
    ]);
  });

  it('are refused to netizens and before the broadcast, except drafts of a scheduled interview', async () => {
    const scheduled = await interview('none', 1, 'scheduled');
    const netizen = new Client(server.url);
    expect((await netizen.post(`/api/studio/interviews/${scheduled.id}/livetext`, { text: '网友发' })).status).toBe(401);
    expect((await upload(null, scheduled.id, await phoneJpeg(), 'image/jpeg')).status).toBe(401);
    const early = await staff.editor.post(`/api/studio/interviews/${scheduled.id}/livetext`, { text: '开场白' });
    expect(early.status).toBe(409);
    expect(early.body.fields[0]).toMatchObject({ field: 'interview', code: 'livetext_not_live' });
    const draft = await staff.editor.post(`/api/studio/interviews/${scheduled.id}/livetext`, { text: '开场白', draft: true });
    expect(draft.body.status).toBe('draft');
    expect((await staff.editor.post(`/api/studio/livetext/${draft.body.id}/submit`)).status).toBe(409);
    expect((await staff.reviewer.get(`/api/studio/interviews/${scheduled.id}/livetext`)).body).toEqual([]);
    await staff.admin.patch(`/api/studio/interviews/${scheduled.id}`, { status: 'live' });
    expect((await staff.editor.post(`/api/studio/livetext/${draft.body.id}/submit`)).body.status).toBe('published');
    expect((await netizen.post(`/api/studio/livetext/${draft.body.id}/withdraw`, {})).status).toBe(401);
    expect((await netizen.post(`/api/studio/livetext/${draft.body.id}/decision`, { decision: 'approve' })).status).toBe(401);
    expect((await staff.editor.post(`/api/studio/interviews/${scheduled.id}/livetext`, { text: '' })).body.fields[0]).toMatchObject({ field: 'text' });
    // The public view of the interview does not carry the staff setting.
    expect(Object.keys((await netizen.get(`/api/interviews/${scheduled.slug}`)).body)).not.toContain('liveTextApproval');
  });
});

describe('migration 0009_livetext', () => {
  it('gives the interviews of an older database no live-text approval, and an empty feed', async () => {
    const dir = tempDataDir();
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(path.join(dir, 'fangtan.sqlite')) }) });
    expect((await new Migrator({ db: old, provider: migrationProvider }).migrateTo('0007_units')).error).toBeUndefined();
    await old.destroy();
    const raw = new SQLite(path.join(dir, 'fangtan.sqlite'));
    raw.prepare("INSERT INTO units (name, active, created_at, updated_at) VALUES ('区水利局', 1, '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')").run();
    raw.prepare(`INSERT INTO interviews (slug, title, unit, unit_id, topic, summary, scheduled_start, scheduled_end, status, pre_moderation, guests, created_at, updated_at)
      VALUES ('old-one', '防汛', '区水利局', 1, '', '', '2026-03-01T02:00:00.000Z', '2026-03-01T03:00:00.000Z', 'live', 1, '[]', '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')`).run();
    raw.close();
    const upgraded = await startServer({ DEMO: '0' }, dir);
    try {
      const admin = new Client(upgraded.url);
      await admin.login('admin', ADMIN_PASSWORD);
      const [iv] = (await admin.get('/api/studio/interviews')).body;
      expect(iv).toMatchObject({ slug: 'old-one', liveTextApproval: 'none' });
      expect((await admin.get('/api/interviews/old-one/livetext')).body).toEqual([]);
      expect((await admin.post(`/api/studio/interviews/${iv.id}/livetext`, { text: '升级后第一条' })).body.status).toBe('published');
    } finally {
      await upgraded.close();
    }
  });
});
