import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ViewerSessionLog } from '../../server/audience/sessions.js';
import { openDatabase, type OpenedDb } from '../../server/db/index.js';
import { tempDataDir } from '../helpers/server.js';

// The session log on its own, over a real SQLite file, with a clock the test moves.
describe('the viewer-session log (观看记录)', () => {
  let opened: OpenedDb;
  let now = new Date('2026-05-08T02:00:00.000Z');
  const clock = () => now;
  const at = (iso: string) => (now = new Date(iso));
  const rows = () => opened.db.selectFrom('viewer_sessions').selectAll().orderBy('id').execute();

  beforeAll(async () => {
    opened = await openDatabase(tempDataDir(), 'NORMAL');
    const t = '2026-05-01T00:00:00.000Z';
    await opened.db
      .insertInto('interviews')
      .values({ slug: 's', title: 't', unit: 'u', unit_id: null, topic: '', summary: '', scheduled_start: t, scheduled_end: t, status: 'live', pre_moderation: 1, guests: '[]', created_at: t, updated_at: t, ended_at: null })
      .execute();
  });
  afterAll(async () => opened.close());

  it('writes a session that began and ended between two flushes as one closed row', async () => {
    const log = new ViewerSessionLog(opened.db, (err) => { throw err; }, clock);
    const key = log.opened(1, 'sock-1');
    at('2026-05-08T02:00:05.000Z');
    log.closed(key);
    expect(await rows()).toHaveLength(0);
    await log.flush();
    expect(await rows()).toMatchObject([{ socket_id: 'sock-1', started_at: '2026-05-08T02:00:00.000Z', ended_at: '2026-05-08T02:00:05.000Z', closed_by: 'disconnect' }]);
    await log.close();
  });

  it('moves the heartbeat of open sessions forward, ends one written earlier, and closes the rest at shutdown', async () => {
    const log = new ViewerSessionLog(opened.db, (err) => { throw err; }, clock);
    at('2026-05-08T03:00:00.000Z');
    const a = log.opened(1, 'sock-a');
    log.opened(1, 'sock-b');
    await log.flush();
    at('2026-05-08T03:00:30.000Z');
    await log.heartbeat();
    const open = (await rows()).filter((r) => r.ended_at === null);
    expect(open.map((r) => r.last_seen_at)).toEqual(['2026-05-08T03:00:30.000Z', '2026-05-08T03:00:30.000Z']);
    at('2026-05-08T03:00:40.000Z');
    log.closed(a);
    await log.flush();
    at('2026-05-08T03:01:00.000Z');
    await log.close();
    // A disconnect after the shutdown changes nothing.
    log.closed(a);
    const byId = new Map((await rows()).map((r) => [r.socket_id, r]));
    expect(byId.get('sock-a')).toMatchObject({ ended_at: '2026-05-08T03:00:40.000Z', closed_by: 'disconnect' });
    expect(byId.get('sock-b')).toMatchObject({ ended_at: '2026-05-08T03:01:00.000Z', closed_by: 'shutdown' });
  });

  it("drops a session the database refuses (its interview is gone) without holding back the others", async () => {
    const errors: unknown[] = [];
    const log = new ViewerSessionLog(opened.db, (err) => errors.push(err), clock);
    at('2026-05-08T04:00:00.000Z');
    log.opened(999, 'sock-x');
    const good = log.opened(1, 'sock-y');
    await log.flush();
    // The batch failed, then each was written alone: the refused one is reported, the other is on disk.
    expect(errors).toHaveLength(1);
    expect((await rows()).map((r) => r.socket_id)).toContain('sock-y');
    expect((await rows()).map((r) => r.socket_id)).not.toContain('sock-x');
    at('2026-05-08T04:10:00.000Z');
    log.closed(good);
    const before = errors.length;
    await log.flush();
    expect(errors).toHaveLength(before);
    expect((await rows()).find((r) => r.socket_id === 'sock-y')).toMatchObject({ ended_at: '2026-05-08T04:10:00.000Z' });
    await log.close();
  });
});
