import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endOfDay, reopenDeadline } from '../../server/interviews/lifecycle.js';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
let n = 0;

beforeAll(async () => {
  server = await startServer({ MEDIA_WORKERS: '1' });
  staff = await staffClients(server.url);
});
afterAll(async () => server?.close());

/** A new interview taken live by the director, as on the day. */
async function liveInterview(): Promise<{ id: number; slug: string }> {
  const slug = `life-${++n}`;
  const created = await staff.admin.post('/api/studio/interviews', {
    slug,
    title: `访谈 ${n}`,
    unit: '区政府办',
    scheduledStart: '2026-05-08T06:30:00.000Z',
    scheduledEnd: '2026-05-08T07:30:00.000Z',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await staff.admin.patch(`/api/studio/interviews/${created.body.id}`, { status: 'scheduled' })).status).toBe(200);
  expect((await staff.director.patch(`/api/studio/interviews/${created.body.id}`, { status: 'live' })).status).toBe(200);
  return { id: created.body.id, slug };
}

const end = (id: number) => staff.director.patch(`/api/studio/interviews/${id}`, { status: 'ended' });
const reopen = (c: Client, id: number, body: unknown = { reason: '导播误点了结束直播' }) => c.post(`/api/studio/interviews/${id}/reopen`, body);
const ask = (slug: string) => new Client(server.url).post(`/api/interviews/${slug}/questions`, { content: '请问老旧小区加装电梯的补贴标准是多少？' });

describe('"the day" an interview may be reopened on', () => {
  it('is the calendar day in Beijing time, not in UTC', () => {
    // 23:59 Beijing time on 8 May is 15:59 UTC: the day ends one minute later, at 16:00 UTC.
    expect(endOfDay(new Date('2026-05-08T15:59:00Z')).toISOString()).toBe('2026-05-08T16:00:00.000Z');
    // 00:01 Beijing time on 9 May (16:01 UTC on the 8th) belongs to the 9th, although UTC still says the 8th.
    expect(endOfDay(new Date('2026-05-08T16:01:00Z')).toISOString()).toBe('2026-05-09T16:00:00.000Z');
    expect(reopenDeadline('2026-05-09T02:00:00.000Z')).toBe('2026-05-09T16:00:00.000Z');
    expect(reopenDeadline(null)).toBeNull();
  });

  it('follows the configured site zone, summer time included', () => {
    // 23:30 in Berlin on 29 March 2026, the night summer time began: midnight there is 22:00 UTC (UTC+2).
    expect(endOfDay(new Date('2026-03-29T21:30:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // The last day of a month rolls into the next month.
    expect(reopenDeadline('2026-01-31T10:00:00Z', 'Asia/Shanghai')).toBe('2026-01-31T16:00:00.000Z');
    expect(reopenDeadline('2026-01-31T17:00:00Z', 'Asia/Shanghai')).toBe('2026-02-01T16:00:00.000Z');
  });
});

describe('ending and reopening a broadcast', () => {
  it('lets an admin reopen an interview ended by mistake the same day: live again, questions flow, audited', async () => {
    const { id, slug } = await liveInterview();
    const ended = await end(id);
    expect(ended.body).toMatchObject({ status: 'ended', acceptsQuestions: false });
    expect(Date.parse(ended.body.reopenUntil)).toBeGreaterThan(Date.now());
    expect((await ask(slug)).body.error).toBe('interview_closed');

    const r = await reopen(staff.admin, id);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'live', acceptsQuestions: true, endedAt: null, reopenUntil: null });
    expect((await ask(slug)).status).toBe(201);
    // Viewers see it live again.
    expect((await new Client(server.url).get(`/api/interviews/${slug}`)).body.status).toBe('live');

    const audit = await staff.admin.get(`/api/studio/audit?entity=interview&entityId=${id}`);
    const entry = audit.body.find((e: { action: string }) => e.action === 'interview.reopen');
    expect(entry).toMatchObject({ actorName: 'admin (admin)', reason: '导播误点了结束直播', before: { status: 'ended' }, after: { status: 'live' } });
    expect(Math.abs(Date.parse(entry.at) - Date.now())).toBeLessThan(60_000);

    // Ending again is possible, and the day counts from this last end.
    expect((await end(id)).body.status).toBe('ended');
  });

  it('refuses hosts and directors (403), and a reason is required (400)', async () => {
    const { id } = await liveInterview();
    await end(id);
    for (const role of ['host', 'director', 'reviewer', 'editor'] as const) {
      const r = await reopen(staff[role], id);
      expect(r.status, role).toBe(403);
      expect(r.body.error).toBe('forbidden');
    }
    const noReason = await reopen(staff.admin, id, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.fields[0].field).toBe('reason');
    expect((await staff.admin.get(`/api/studio/interviews/${id}`)).body.status).toBe('ended');
  });

  it('refuses after the day it ended with a clear 409', async () => {
    const { id } = await liveInterview();
    await end(id);
    // Ended 25 hours ago: always an earlier day in Beijing time.
    server.database.sqlite.prepare('UPDATE interviews SET ended_at = ? WHERE id = ?').run(new Date(Date.now() - 25 * 3600_000).toISOString(), id);
    const r = await reopen(staff.admin, id);
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ error: 'conflict', fields: [{ field: 'status', code: 'reopen_too_late' }] });
    expect(r.body.message).toContain('北京时间');
    const en = new Client(server.url, 'en');
    en.cookie = staff.admin.cookie;
    en.csrf = staff.admin.csrf;
    expect((await reopen(en, id)).body.message).toMatch(/on the day it ended/);
    expect((await staff.admin.get(`/api/studio/interviews/${id}`)).body.status).toBe('ended');
  });

  it('refuses to reopen an interview that has not ended (409)', async () => {
    const { id } = await liveInterview();
    const live = await reopen(staff.admin, id);
    expect(live.status).toBe(409);
    expect(live.body.fields[0].code).toBe('reopen_not_ended');
    expect((await reopen(staff.admin, 999_999)).status).toBe(404);
    // Nor does the ordinary status change reopen it: ended stays final there.
    await end(id);
    expect((await staff.admin.patch(`/api/studio/interviews/${id}`, { status: 'live' })).status).toBe(409);
  });

  it('expires the guests\' invitations when the interview ends; the link then says the interview ended', async () => {
    const { id } = await liveInterview();
    const inv = await staff.director.post(`/api/studio/interviews/${id}/invites`, { guestName: '王主任', expiresInHours: 24 });
    expect(inv.status).toBe(201);
    const guest = new Client(server.url);
    expect((await guest.get(`/api/invites/${inv.body.token}`)).status).toBe(200);

    await end(id);
    const refused = await guest.get(`/api/invites/${inv.body.token}`);
    expect(refused.status).toBe(410);
    expect(refused.body).toMatchObject({ error: 'invite_expired', fields: [{ field: 'invite', code: 'interview_ended' }] });
    const [listed] = (await staff.director.get(`/api/studio/interviews/${id}/invites`)).body;
    expect(Date.parse(listed.expiresAt)).toBeLessThanOrEqual(Date.now());
    const audit = await staff.admin.get(`/api/studio/audit?entity=invite&entityId=${inv.body.id}`);
    expect(audit.body.map((e: { action: string }) => e.action)).toContain('invite.expire');

    // Reopened, the interview is live, but the old link stays expired: the director sends a new one.
    await reopen(staff.admin, id);
    const after = await guest.get(`/api/invites/${inv.body.token}`);
    expect(after.status).toBe(410);
    expect(after.body.fields).toBeUndefined();
  });
});
