import sharp from 'sharp';
import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startServer({ PREVIEW_WARN_DAYS: '7' });
  staff = await staffClients(server.url);
});
afterAll(async () => server?.close());

let slugs = 0;
/** An interview starting `inDays` from now, scheduled unless asked to stay a draft. */
async function interview(inDays: number, status: 'draft' | 'scheduled' = 'scheduled'): Promise<{ id: number; slug: string }> {
  const slug = `pv-${++slugs}`;
  const start = new Date(Date.now() + inDays * DAY);
  const r = await staff.admin.post('/api/studio/interviews', {
    slug,
    title: `预告测试 ${slug}`,
    unitId: 1,
    topic: '优化营商环境',
    scheduledStart: start.toISOString(),
    scheduledEnd: new Date(start.getTime() + 3600_000).toISOString(),
    guests: [{ name: '王芳', title: '局长' }],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  if (status === 'scheduled') expect((await staff.admin.patch(`/api/studio/interviews/${r.body.id}`, { status: 'scheduled' })).status).toBe(200);
  return { id: r.body.id, slug };
}

function upload(client: Client, interviewId: number, body: Buffer, type: string, alt: string | null) {
  const query = alt === null ? '' : `?alt=${encodeURIComponent(alt)}`;
  return client.upload(`/api/studio/interviews/${interviewId}/preview/poster${query}`, body, type);
}

/** A poster as a designer's camera or tool leaves it: with EXIF (maker, GPS). */
function poster(): Promise<Buffer> {
  return sharp({ create: { width: 1600, height: 900, channels: 3, background: '#2b5797' } })
    .jpeg()
    .withExifMerge({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 27/1' } })
    .toBuffer();
}

async function auditActions(interviewId: number): Promise<string[]> {
  const r = await staff.admin.get(`/api/studio/audit?entity=interview&entityId=${interviewId}`);
  return r.body.map((e: { action: string }) => e.action);
}

describe('预告: the admin publishes a preview, the public interview view carries it', () => {
  it('saves a summary and a poster, publishes: the public view shows poster, alt text and summary with the interview’s topic, unit, guests and time', async () => {
    const iv = await interview(5);
    const before = await new Client(server.url).get(`/api/interviews/${iv.slug}`);
    expect(before.body.preview).toBeNull();

    expect((await staff.admin.put(`/api/studio/interviews/${iv.id}/preview`, { summary: '欢迎网友提前提问。' })).status).toBe(200);
    const up = await upload(staff.admin, iv.id, await poster(), 'image/jpeg', '访谈海报：王芳局长谈营商环境');
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body.poster).toMatchObject({ alt: '访谈海报：王芳局长谈营商环境', width: 1280, height: 720 });
    expect(up.body.published).toBe(false);

    // Not public yet: neither the view nor the poster file.
    expect((await new Client(server.url).get(`/api/interviews/${iv.slug}`)).body.preview).toBeNull();
    expect((await fetch(`${server.url}/previews/posters/${up.body.poster.large}`)).status).toBe(404);

    const pub = await staff.admin.post(`/api/studio/interviews/${iv.id}/preview/publish`);
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    expect(pub.body.published).toBe(true);

    const view = await new Client(server.url).get(`/api/interviews/${iv.slug}`);
    expect(view.body).toMatchObject({ topic: '优化营商环境', guests: [{ name: '王芳', title: '局长' }], status: 'scheduled' });
    expect(view.body.preview).toMatchObject({ summary: '欢迎网友提前提问。', poster: { alt: '访谈海报：王芳局长谈营商环境' } });
    const list = await new Client(server.url).get('/api/interviews');
    expect(list.body.find((i: { slug: string }) => i.slug === iv.slug).preview.summary).toBe('欢迎网友提前提问。');

    const file = await fetch(`${server.url}/previews/posters/${view.body.preview.poster.large}`);
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    // Re-encoded without the original's metadata.
    expect(await exifr.parse(bytes).catch(() => undefined)).toBeUndefined();

    const unpub = await staff.admin.post(`/api/studio/interviews/${iv.id}/preview/unpublish`, { reason: '嘉宾变更' });
    expect(unpub.status).toBe(200);
    expect((await new Client(server.url).get(`/api/interviews/${iv.slug}`)).body.preview).toBeNull();
    expect(await auditActions(iv.id)).toEqual(expect.arrayContaining(['preview.update', 'preview.poster', 'preview.publish', 'preview.unpublish']));
  });

  it('refuses: publishing without a poster (400 poster), a poster without a description (400 alt), a non-image (415), a draft interview (409)', async () => {
    const iv = await interview(3);
    const noPoster = await staff.admin.post(`/api/studio/interviews/${iv.id}/preview/publish`);
    expect(noPoster.status).toBe(400);
    expect(noPoster.body.fields).toEqual([expect.objectContaining({ field: 'poster' })]);

    const noAlt = await upload(staff.admin, iv.id, await poster(), 'image/jpeg', null);
    expect(noAlt.status).toBe(400);
    expect(noAlt.body.fields).toEqual([expect.objectContaining({ field: 'alt' })]);

    const pdf = await upload(staff.admin, iv.id, Buffer.from('%PDF-1.4 not an image'), 'image/jpeg', '海报');
    expect(pdf.status).toBe(415);
    // Nothing was stored by the refused uploads.
    expect((await staff.admin.get(`/api/studio/interviews/${iv.id}/preview`)).body.poster).toBeNull();

    const draft = await interview(3, 'draft');
    expect((await upload(staff.admin, draft.id, await poster(), 'image/jpeg', '海报')).status).toBe(200);
    const early = await staff.admin.post(`/api/studio/interviews/${draft.id}/preview/publish`);
    expect(early.status).toBe(409);
  });

  it('is the planners’ (admin) work: other roles 403, a netizen 401', async () => {
    const iv = await interview(4);
    for (const role of ['host', 'reviewer', 'director', 'editor'] as const) {
      expect((await staff[role].get(`/api/studio/interviews/${iv.id}/preview`)).status, role).toBe(403);
      expect((await staff[role].post(`/api/studio/interviews/${iv.id}/preview/publish`)).status, role).toBe(403);
      expect((await staff[role].get('/api/studio/previews/warnings')).status, role).toBe(403);
    }
    expect((await upload(staff.host, iv.id, await poster(), 'image/jpeg', '海报')).status).toBe(403);
    expect((await new Client(server.url).get(`/api/studio/interviews/${iv.id}/preview`)).status).toBe(401);
  });

  it('warns about interviews less than PREVIEW_WARN_DAYS away without a published preview, until it is published', async () => {
    const soon = await interview(2);
    const draftSoon = await interview(6, 'draft');
    const far = await interview(10);
    const warned = async () => (await staff.admin.get('/api/studio/previews/warnings')).body;
    let w = await warned();
    expect(w.warnDays).toBe(7);
    const ids = w.interviews.map((i: { interviewId: number }) => i.interviewId);
    expect(ids).toContain(soon.id);
    expect(ids).toContain(draftSoon.id);
    expect(ids).not.toContain(far.id);
    expect(w.interviews.find((i: { interviewId: number }) => i.interviewId === soon.id).daysLeft).toBeGreaterThanOrEqual(1);

    expect((await upload(staff.admin, soon.id, await poster(), 'image/jpeg', '海报')).status).toBe(200);
    expect((await staff.admin.post(`/api/studio/interviews/${soon.id}/preview/publish`)).status).toBe(200);
    w = await warned();
    expect(w.interviews.map((i: { interviewId: number }) => i.interviewId)).not.toContain(soon.id);
  });
});

describe('预提问: questions before the broadcast are marked asked in advance', () => {
  it('marks a question asked while scheduled, not one asked live; both go through moderation; staff see the flag', async () => {
    const iv = await interview(1);
    const netizen = new Client(server.url);
    const early = await netizen.post(`/api/interviews/${iv.slug}/questions`, { content: '提前问：开办企业要几天？' });
    expect(early.status).toBe(201);
    expect(early.body.status).toBe('pending');
    expect((await staff.admin.patch(`/api/studio/interviews/${iv.id}`, { status: 'live' })).status).toBe(200);
    const live = await netizen.post(`/api/interviews/${iv.slug}/questions`, { content: '直播中提问：税费怎么减免？' });
    expect(live.status).toBe(201);

    for (const role of ['reviewer', 'host'] as const) {
      const list = (await staff[role].get(`/api/studio/interviews/${iv.id}/questions`)).body as Array<{ id: number; askedInAdvance: boolean; status: string }>;
      expect(list.find((q) => q.id === early.body.id), role).toMatchObject({ askedInAdvance: true, status: 'pending' });
      expect(list.find((q) => q.id === live.body.id)?.askedInAdvance, role).toBe(false);
    }
    // The usual moderation: approved like any other, still marked.
    const ok = await staff.reviewer.post(`/api/studio/questions/${early.body.id}/transition`, { to: 'approved' });
    expect(ok.status).toBe(200);
    expect(ok.body.askedInAdvance).toBe(true);
  });
});
