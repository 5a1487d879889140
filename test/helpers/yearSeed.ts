import type { Db } from '../../server/db/index.js';

/**
 * A year of records (2026, Asia/Shanghai) written straight into the tables, with every figure counted by hand
 * (see seedYear). The statistics test checks the computed numbers against it; the browser test shows it.
 */
export const A = '市发展和改革委员会';
export const B = '市教育局';
export const C = '市卫生健康委员会';
// 16:00 Beijing on 13 Oct 2026: a reply due that day is not overdue yet, one due on 9 May is.
export const NOW = new Date('2026-10-13T08:00:00Z');

async function unit(db: Db, name: string): Promise<number> {
  const at = new Date().toISOString();
  const r = await db.insertInto('units').values({ name, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

async function interview(db: Db, slug: string, unitId: number, unitName: string, status: string, startedAt: string | null): Promise<number> {
  const at = '2026-01-01T00:00:00.000Z';
  const r = await db
    .insertInto('interviews')
    .values({
      slug, title: `${unitName}在线访谈 ${slug}`, unit: unitName, unit_id: unitId, topic: '', summary: '',
      scheduled_start: startedAt ?? '2026-11-20T02:00:00.000Z', scheduled_end: startedAt ?? '2026-11-20T03:00:00.000Z',
      status, pre_moderation: 1, guests: '[]', created_at: at, updated_at: at,
      ended_at: status === 'ended' && startedAt ? new Date(Date.parse(startedAt) + 3600_000).toISOString() : null, broadcast_started_at: startedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Inserts questions of the given statuses; returns their ids in order. */
async function questions(db: Db, interviewId: number, statuses: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const [n, status] of statuses.entries()) {
    const at = new Date().toISOString();
    const r = await db
      .insertInto('questions')
      .values({ interview_id: interviewId, original_content: `问题 ${n}`, public_content: `问题 ${n}`, nickname: '网友', contact: null, ticket_hash: `t-${interviewId}-${n}`, status, flags: '{}', reason: null, merged_into: null, queue_position: null, created_at: at, updated_at: at, answered_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(r.id);
  }
  return ids;
}

async function reply(db: Db, questionId: number, interviewId: number, unitId: number, r: { status: string; acceptedOn: string; dueOn: string; repliedOn?: string }): Promise<void> {
  const at = new Date().toISOString();
  await db
    .insertInto('written_replies')
    .values({ question_id: questionId, interview_id: interviewId, unit_id: unitId, status: r.status, accepted_on: r.acceptedOn, due_on: r.dueOn, assigned_at: at, replied_on: r.repliedOn ?? null, published_at: r.repliedOn ? at : null, answering_unit: r.repliedOn ? 'x' : null, updated_at: at })
    .execute();
}

let sessionNo = 0;
async function session(db: Db, interviewId: number, socketId: string, start: string, end: string): Promise<void> {
  sessionNo += 1;
  await db
    .insertInto('viewer_sessions')
    .values({ session_key: `k${sessionNo}`, interview_id: interviewId, socket_id: socketId, started_at: start, last_seen_at: end, ended_at: end, closed_by: 'disconnect' })
    .execute();
}

async function plan(db: Db, year: number, unitId: number, seq: number): Promise<void> {
  const at = new Date().toISOString();
  await db.insertInto('plan_entries').values({ year, seq, unit_id: unitId, time_text: '5月', window_start: `${year}-05-01`, window_end: `${year}-05-31`, interview_id: null, created_at: at, updated_at: at }).execute();
}

/**
 * The seeded year, counted by hand:
 * I1 (A, 29 Apr): questions answered×3, rejected×2, deferred×2, queued×1, merged×1, pending×1 → received 10,
 *   published 6, rejected 2, live 3. Replies (due 9 May, a 调休 Saturday; 1–5 May off): published 6 May (2 working
 *   days), published 12 May (7, overdue), submitted and past due (overdue) → written 2/3, overdue 2, avg 4.5.
 *   Sessions: a 02:00–02:30, b 02:10–02:20, c 02:15–02:50, d 02:20–02:25 (starts as b ends), a again 02:31–02:40
 *   (a recovered connection), y 02:55–03:10 (cut at the end, 03:00), z 01:50–01:58 (before the start: none)
 *   → peak 3, viewers 5, watch 30+10+35+5+9+5 = 94 min. Replay views 2.
 * I2 (B, 30 Sep): answered×1, approved×2, rejected×1 → received 4, published 3, rejected 1, live 1. Replies (due
 *   13 Oct across 国庆节, 10 Oct a 调休 Saturday): published 12 Oct (4), assigned due today (not overdue yet).
 *   One session of an hour.
 * I3 (A, 01:00 Beijing on 1 Jan 2026, still 31 Dec in UTC): answered×2; one replay view.
 * Not counted: I4 (B, 00:30 Beijing on 1 Jan 2027), I5 (A, never live), a 2025 plan row.
 * Plan 2026: A 2, B 1, C 1.
 */
export async function seedYear(db: Db): Promise<{ i1: number; i2: number; i3: number }> {
  const a = await unit(db, A);
  const b = await unit(db, B);
  const c = await unit(db, C);
  await plan(db, 2026, a, 1);
  await plan(db, 2026, a, 2);
  await plan(db, 2026, b, 3);
  await plan(db, 2026, c, 4);
  await plan(db, 2025, a, 1);

  const i1 = await interview(db, 'fgw-2026', a, A, 'ended', '2026-04-29T02:00:00.000Z');
  const q1 = await questions(db, i1, ['answered', 'answered', 'answered', 'rejected', 'rejected', 'deferred', 'deferred', 'queued', 'merged', 'pending']);
  await reply(db, q1[5]!, i1, a, { status: 'published', acceptedOn: '2026-04-29', dueOn: '2026-05-09', repliedOn: '2026-05-06' });
  await reply(db, q1[6]!, i1, a, { status: 'published', acceptedOn: '2026-04-29', dueOn: '2026-05-09', repliedOn: '2026-05-12' });
  await reply(db, q1[7]!, i1, a, { status: 'submitted', acceptedOn: '2026-04-29', dueOn: '2026-05-09' });
  const t = (hm: string) => `2026-04-29T${hm}:00.000Z`;
  await session(db, i1, 'a', t('02:00'), t('02:30'));
  await session(db, i1, 'b', t('02:10'), t('02:20'));
  await session(db, i1, 'c', t('02:15'), t('02:50'));
  await session(db, i1, 'd', t('02:20'), t('02:25'));
  await session(db, i1, 'a', t('02:31'), t('02:40'));
  // Cut to the broadcast (02:00–03:00): a page left before the start is no viewer; one from 02:55 counts 5 min.
  await session(db, i1, 'z', t('01:50'), t('01:58'));
  await session(db, i1, 'y', t('02:55'), t('03:10'));
  for (const key of ['v1', 'v2']) await db.insertInto('replay_views').values({ interview_id: i1, day: '2026-05-01', viewer_key: key, at: '2026-05-01T01:00:00.000Z' }).execute();

  const i2 = await interview(db, 'jyj-2026', b, B, 'ended', '2026-09-30T02:00:00.000Z');
  const q2 = await questions(db, i2, ['answered', 'approved', 'approved', 'rejected']);
  await reply(db, q2[1]!, i2, b, { status: 'published', acceptedOn: '2026-09-30', dueOn: '2026-10-13', repliedOn: '2026-10-12' });
  await reply(db, q2[2]!, i2, b, { status: 'assigned', acceptedOn: '2026-09-30', dueOn: '2026-10-13' });
  await session(db, i2, 'e', '2026-09-30T02:00:00.000Z', '2026-09-30T03:00:00.000Z');

  const i3 = await interview(db, 'fgw-newyear', a, A, 'ended', '2025-12-31T17:00:00.000Z');
  await questions(db, i3, ['answered', 'answered']);
  await db.insertInto('replay_views').values({ interview_id: i3, day: '2026-01-02', viewer_key: 'v1', at: '2026-01-02T01:00:00.000Z' }).execute();

  const i4 = await interview(db, 'jyj-2027', b, B, 'ended', '2026-12-31T16:30:00.000Z');
  await questions(db, i4, ['answered', 'rejected']);
  await interview(db, 'fgw-planned', a, A, 'scheduled', null);
  return { i1, i2, i3 };
}

