import fs from 'node:fs';
import path from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishFixture } from '../helpers/publication.js';
import { startServer, staffClients, tempDataDir, viewerSocket, type TestServer } from '../helpers/server.js';

/** Polls until `check` holds (the server learns of a disconnect a moment after the client closes). */
async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the audience records (观看记录, 回放观看)', () => {
  const dataDir = tempDataDir();
  let server: TestServer;
  let staff: Awaited<ReturnType<typeof staffClients>>;
  const sockets: Socket[] = [];
  const rows = () => server.domain.db.selectFrom('viewer_sessions').selectAll().orderBy('id').execute();

  beforeAll(async () => {
    server = await startServer({}, dataDir);
    staff = await staffClients(server.url);
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });

  it('records a session per live viewer, and its end when the viewer leaves', async () => {
    expect((await staff.director.patch('/api/studio/interviews/1', { status: 'live' })).status).toBe(200);
    for (let n = 0; n < 3; n++) sockets.push(await viewerSocket(server.url, 'demo'));
    // The asker's ticket page is not an audience member.
    const ticketPage = ioClient(`${server.url}/viewer`, { auth: { interview: 'demo', ticketsOnly: true }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => ticketPage.once('connect', () => resolve()));
    sockets.push(ticketPage);

    await server.domain.viewerSessions.flush();
    const open = await rows();
    expect(open).toHaveLength(3);
    expect(open.map((r) => r.socket_id).sort()).toEqual(sockets.slice(0, 3).map((s) => s.id).sort());
    expect(open.every((r) => r.interview_id === 1 && r.ended_at === null)).toBe(true);

    sockets[0]!.close();
    await until(async () => {
      await server.domain.viewerSessions.flush();
      return (await rows()).some((r) => r.ended_at !== null);
    });
    const [closed] = (await rows()).filter((r) => r.ended_at !== null);
    expect(closed).toMatchObject({ socket_id: sockets[0]!.id ?? closed!.socket_id, closed_by: 'disconnect' });
    expect(closed!.ended_at! >= closed!.started_at).toBe(true);

    // The statistics see the live interview's audience at once.
    const year = new Date().getUTCFullYear();
    const stats = await staff.admin.get(`/api/studio/stats?year=${year}`);
    const demo = stats.body.interviews.find((i: { interviewId: number }) => i.interviewId === 1);
    expect(demo).toMatchObject({ peakViewers: 3, totalViewers: 3 });
  });

  it('keeps the records as written: a closed session and a replay view cannot be changed or deleted', async () => {
    const [closed] = (await rows()).filter((r) => r.ended_at !== null);
    const sqlite = server.database.sqlite;
    expect(() => sqlite.prepare('UPDATE viewer_sessions SET ended_at = ? WHERE id = ?').run('2000-01-01T00:00:00.000Z', closed!.id)).toThrow(/closed once/);
    expect(() => sqlite.prepare('UPDATE viewer_sessions SET started_at = ? WHERE ended_at IS NULL').run('2000-01-01T00:00:00.000Z')).toThrow(/never change/);
    expect(() => sqlite.prepare('DELETE FROM viewer_sessions').run()).toThrow(/append-only/);
    sqlite.prepare("INSERT INTO replay_views (interview_id, day, viewer_key, at) VALUES (1, '2026-01-01', 'x', '2026-01-01T00:00:00.000Z')").run();
    expect(() => sqlite.prepare("UPDATE replay_views SET day = '2026-01-02'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM replay_views').run()).toThrow(/append-only/);
  });

  it('counts a replay view once per browser per day, and none for a record not published', async () => {
    const views = () => server.domain.db.selectFrom('replay_views').selectAll().where('day', '!=', '2026-01-01').execute();
    const missing = await fetch(`${server.url}/api/interviews/demo/record`);
    expect(missing.status).toBe(404);
    expect(await views()).toHaveLength(0);

    expect((await staff.director.patch('/api/studio/interviews/1', { status: 'ended' })).status).toBe(200);
    const video = path.join(server.dataDir, 'stand-in.mp4');
    fs.writeFileSync(video, Buffer.alloc(1024));
    await publishFixture(server, 1, { video });
    const get = (ua: string) => fetch(`${server.url}/api/interviews/demo/record`, { headers: { 'user-agent': ua } });
    expect((await get('Browser A')).status).toBe(200);
    expect((await get('Browser A')).status).toBe(200);
    expect((await get('Browser B')).status).toBe(200);
    const counted = await views();
    expect(counted).toHaveLength(2);
    // Nothing in the table names the address or the browser.
    expect(JSON.stringify(counted)).not.toMatch(/127\.0\.0\.1|Browser/);
  });

  it('closes at boot, at their last heartbeat, the sessions a crash left open', async () => {
    // A viewer still on the page when the server stops cleanly: its session ends with the server ('shutdown'),
    // and its disconnect that follows changes nothing. (The app's close waits for open sockets to go, so the
    // session log's own close is called first here, as the app's onClose hook calls it.)
    for (const s of sockets) s.close();
    await until(async () => {
      await server.domain.viewerSessions.flush();
      return (await rows()).every((r) => r.ended_at !== null);
    });
    const watching = await viewerSocket(server.url, 'demo');
    await server.domain.viewerSessions.flush();
    await server.domain.viewerSessions.close();
    watching.close();
    await server.close();
    const after = await rowsOf(dataDir);
    expect(after.every((r) => r.ended_at !== null)).toBe(true);
    expect(after.filter((r) => r.closed_by === 'shutdown')).toHaveLength(1);
    // A crash closes nothing: leave one open as a crash does, its heartbeat 41.5 minutes in.
    const sqlite = (await import('better-sqlite3')).default;
    const raw = new sqlite(path.join(dataDir, 'fangtan.sqlite'));
    raw.prepare(`INSERT INTO viewer_sessions (session_key, interview_id, socket_id, started_at, last_seen_at, ended_at, closed_by)
      VALUES ('crashed', 1, 'sock-x', '2026-05-08T02:00:00.000Z', '2026-05-08T02:41:30.000Z', NULL, NULL)`).run();
    raw.close();

    server = await startServer({}, dataDir);
    const crashed = await server.domain.db.selectFrom('viewer_sessions').selectAll().where('session_key', '=', 'crashed').executeTakeFirstOrThrow();
    expect(crashed).toMatchObject({ ended_at: '2026-05-08T02:41:30.000Z', closed_by: 'boot' });
  }, 60_000);
});

async function rowsOf(dataDir: string): Promise<Array<{ ended_at: string | null; closed_by: string | null }>> {
  const sqlite = (await import('better-sqlite3')).default;
  const raw = new sqlite(path.join(dataDir, 'fangtan.sqlite'), { readonly: true });
  try {
    return raw.prepare('SELECT ended_at, closed_by FROM viewer_sessions').all() as Array<{ ended_at: string | null; closed_by: string | null }>;
  } finally {
    raw.close();
  }
}
