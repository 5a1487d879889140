import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, staffClients, type TestServer } from '../helpers/server.js';

let server: TestServer;
let staff: Awaited<ReturnType<typeof staffClients>>;
const DAY = 86_400_000;
const CANDIDATES = ['老旧小区加装电梯', '义务教育入学', '医保异地结算'];

beforeAll(async () => {
  server = await startServer({ VOTE_RATE_MAX: '1000' });
  staff = await staffClients(server.url);
});
afterAll(async () => server?.close());

let slugs = 0;
async function interview(): Promise<{ id: number; slug: string }> {
  const slug = `vote-${++slugs}`;
  const start = new Date(Date.now() + 14 * DAY);
  const r = await staff.admin.post('/api/studio/interviews', {
    slug,
    title: `选题投票 ${slug}`,
    unitId: 1,
    scheduledStart: start.toISOString(),
    scheduledEnd: new Date(start.getTime() + 3600_000).toISOString(),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect((await staff.admin.patch(`/api/studio/interviews/${r.body.id}`, { status: 'scheduled' })).status).toBe(200);
  return { id: r.body.id, slug };
}

let tokens = 0;
/** A browser's own voter token, as the viewer keeps it. */
const token = () => `browser-token-${String(++tokens).padStart(6, '0')}`;

async function openVote(id: number, extra: Record<string, unknown> = {}) {
  const r = await staff.admin.post(`/api/studio/interviews/${id}/vote`, { candidates: CANDIDATES, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; candidates: Array<{ id: number; topic: string; votes: number }> };
}

describe('选题投票: the admin opens a vote, netizens vote once per browser', () => {
  it('counts one ballot per browser, 409 on a second; results hidden from the public until shown; pick sets the topic (audited)', async () => {
    const iv = await interview();
    const vote = await openVote(iv.id);
    const [a, b, c] = vote.candidates;
    const netizen = new Client(server.url);

    const publicBefore = await netizen.get(`/api/interviews/${iv.slug}/vote`);
    expect(publicBefore.status).toBe(200);
    expect(publicBefore.body).toMatchObject({ status: 'open', resultsPublic: false, total: null });
    expect(publicBefore.body.candidates.map((x: { topic: string }) => x.topic)).toEqual(CANDIDATES);
    expect(publicBefore.body.candidates.every((x: object) => !('votes' in x))).toBe(true);

    const mine = token();
    expect((await netizen.post(`/api/interviews/${iv.slug}/vote`, { candidateId: a!.id, voterToken: mine })).status).toBe(201);
    const twice = await netizen.post(`/api/interviews/${iv.slug}/vote`, { candidateId: b!.id, voterToken: mine });
    expect(twice.status).toBe(409);
    expect(twice.body.fields).toEqual([expect.objectContaining({ field: 'voterToken' })]);
    for (const pick of [a, c, c]) expect((await netizen.post(`/api/interviews/${iv.slug}/vote`, { candidateId: pick!.id, voterToken: token() })).status).toBe(201);

    // The admin sees the live count.
    const live = await staff.admin.get(`/api/studio/interviews/${iv.id}/vote`);
    expect(live.body.total).toBe(4);
    expect(live.body.candidates.map((x: { votes: number }) => x.votes)).toEqual([2, 0, 2]);
    expect((await netizen.get(`/api/interviews/${iv.slug}/vote`)).body.total).toBeNull();

    expect((await staff.admin.patch(`/api/studio/votes/${vote.id}`, { resultsPublic: true })).status).toBe(200);
    const shown = await netizen.get(`/api/interviews/${iv.slug}/vote`);
    expect(shown.body).toMatchObject({ resultsPublic: true, total: 4 });
    expect(shown.body.candidates.map((x: { votes: number }) => x.votes)).toEqual([2, 0, 2]);

    const picked = await staff.admin.post(`/api/studio/votes/${vote.id}/pick`, { candidateId: c!.id });
    expect(picked.status, JSON.stringify(picked.body)).toBe(200);
    expect(picked.body).toMatchObject({ status: 'closed', pickedCandidateId: c!.id });
    expect((await netizen.get(`/api/interviews/${iv.slug}`)).body.topic).toBe('医保异地结算');
    expect((await staff.admin.get(`/api/studio/interviews/${iv.id}`)).body.topic).toBe('医保异地结算');
    // Closed: no more ballots.
    const late = await netizen.post(`/api/interviews/${iv.slug}/vote`, { candidateId: a!.id, voterToken: token() });
    expect(late.status).toBe(409);
    expect((await staff.admin.post(`/api/studio/votes/${vote.id}/pick`, { candidateId: a!.id })).status).toBe(409);

    const audit = await staff.admin.get(`/api/studio/audit?entity=interview&entityId=${iv.id}`);
    const pickEntry = audit.body.find((e: { action: string }) => e.action === 'vote.pick');
    expect(pickEntry).toMatchObject({ before: { topic: '' }, after: { topic: '医保异地结算' }, actorName: expect.stringContaining('admin') });
    const voteAudit = await staff.admin.get(`/api/studio/audit?entity=topic_vote&entityId=${vote.id}`);
    expect(voteAudit.body.map((e: { action: string }) => e.action)).toEqual(['vote.open', 'vote.results.show']);
  });

  it('refuses fewer than 3 candidates or duplicates (400 on candidates), a second vote, a vote once live (409)', async () => {
    const iv = await interview();
    const two = await staff.admin.post(`/api/studio/interviews/${iv.id}/vote`, { candidates: ['甲', '乙'] });
    expect(two.status).toBe(400);
    expect(two.body.fields).toEqual([expect.objectContaining({ field: 'candidates' })]);
    const dup = await staff.admin.post(`/api/studio/interviews/${iv.id}/vote`, { candidates: ['甲', '乙', '甲'] });
    expect(dup.status).toBe(400);
    const past = await staff.admin.post(`/api/studio/interviews/${iv.id}/vote`, { candidates: CANDIDATES, closesAt: new Date(Date.now() - 1000).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.fields).toEqual([expect.objectContaining({ field: 'closesAt' })]);
    expect((await staff.admin.get(`/api/studio/interviews/${iv.id}/vote`)).body).toBeNull();
    const none = await new Client(server.url).get(`/api/interviews/${iv.slug}/vote`);
    expect([none.status, none.body]).toEqual([200, null]);
    expect((await new Client(server.url).get('/api/interviews/no-such-interview/vote')).status).toBe(404);

    await openVote(iv.id);
    expect((await staff.admin.post(`/api/studio/interviews/${iv.id}/vote`, { candidates: CANDIDATES })).status).toBe(409);

    const liveIv = await interview();
    expect((await staff.admin.patch(`/api/studio/interviews/${liveIv.id}`, { status: 'live' })).status).toBe(200);
    expect((await staff.admin.post(`/api/studio/interviews/${liveIv.id}/vote`, { candidates: CANDIDATES })).status).toBe(409);
  });

  it('a closed vote takes no ballot (409), nor one past its closing time; a candidate of another vote is 400; a bad token 400', async () => {
    const iv = await interview();
    const vote = await openVote(iv.id);
    const other = await interview();
    const otherVote = await openVote(other.id);
    const netizen = new Client(server.url);
    const wrong = await netizen.post(`/api/interviews/${iv.slug}/vote`, { candidateId: otherVote.candidates[0]!.id, voterToken: token() });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual([expect.objectContaining({ field: 'candidateId' })]);
    const badToken = await netizen.post(`/api/interviews/${iv.slug}/vote`, { candidateId: vote.candidates[0]!.id, voterToken: 'x' });
    expect(badToken.status).toBe(400);
    expect(badToken.body.fields).toEqual([expect.objectContaining({ field: 'voterToken' })]);

    expect((await staff.admin.post(`/api/studio/votes/${vote.id}/close`)).status).toBe(200);
    expect((await staff.admin.post(`/api/studio/votes/${vote.id}/close`)).status).toBe(409);
    const closed = await netizen.post(`/api/interviews/${iv.slug}/vote`, { candidateId: vote.candidates[0]!.id, voterToken: token() });
    expect(closed.status).toBe(409);
    expect((await netizen.get(`/api/interviews/${iv.slug}/vote`)).body.status).toBe('closed');

    // A closing time that has passed closes it for ballots without anyone closing it.
    const timed = await interview();
    const timedVote = await openVote(timed.id, { closesAt: new Date(Date.now() + DAY).toISOString() });
    expect((await netizen.post(`/api/interviews/${timed.slug}/vote`, { candidateId: timedVote.candidates[1]!.id, voterToken: token() })).status).toBe(201);
    // The closing time comes (set in the file rather than waited for).
    await server.domain.db.updateTable('topic_votes').set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', timedVote.id).execute();
    expect((await netizen.post(`/api/interviews/${timed.slug}/vote`, { candidateId: timedVote.candidates[1]!.id, voterToken: token() })).status).toBe(409);
    expect((await staff.admin.get(`/api/studio/interviews/${timed.id}/vote`)).body).toMatchObject({ status: 'closed', total: 1 });
  });

  it('is the planners’ (admin) work: other roles 403 on every staff route', async () => {
    const iv = await interview();
    const vote = await openVote(iv.id);
    for (const role of ['host', 'reviewer', 'director', 'editor'] as const) {
      const c = staff[role];
      expect((await c.post(`/api/studio/interviews/${iv.id}/vote`, { candidates: CANDIDATES })).status, role).toBe(403);
      expect((await c.get(`/api/studio/interviews/${iv.id}/vote`)).status, role).toBe(403);
      expect((await c.patch(`/api/studio/votes/${vote.id}`, { resultsPublic: true })).status, role).toBe(403);
      expect((await c.post(`/api/studio/votes/${vote.id}/close`)).status, role).toBe(403);
      expect((await c.post(`/api/studio/votes/${vote.id}/pick`, { candidateId: vote.candidates[0]!.id })).status, role).toBe(403);
    }
    expect((await staff.admin.get(`/api/studio/interviews/${iv.id}/vote`)).body.status).toBe('open');
  });
});

describe('选题投票: ballots are rate-limited per address', () => {
  it('answers 429 past VOTE_RATE_MAX ballots a minute from one address', async () => {
    const limited = await startServer({ VOTE_RATE_MAX: '3' });
    try {
      const admin = new Client(limited.url);
      await admin.login('admin', 'admin-password-1');
      const start = new Date(Date.now() + 14 * DAY);
      const iv = await admin.post('/api/studio/interviews', { slug: 'rate-vote', title: '限流', unitId: 1, scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 3600_000).toISOString() });
      await admin.patch(`/api/studio/interviews/${iv.body.id}`, { status: 'scheduled' });
      const vote = await admin.post(`/api/studio/interviews/${iv.body.id}/vote`, { candidates: CANDIDATES });
      const netizen = new Client(limited.url);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await netizen.post('/api/interviews/rate-vote/vote', { candidateId: vote.body.candidates[0].id, voterToken: token() })).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      await limited.close();
    }
  });
});
