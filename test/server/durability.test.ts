import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { ADMIN_PASSWORD, Client, startServer, staffClients, tempDataDir, type TestServer } from '../helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Starts `server/server.ts` as its own process, as `npm run serve` does, and waits for its banner. */
async function spawnServer(dataDir: string, port: number): Promise<{ proc: ChildProcess; url: string; out: () => string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ADMIN_PASSWORD, LOG_LEVEL: 'warn', QUESTION_RATE_MAX: '1000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    proc.stdout!.on('data', () => {
      if (out.includes('fangtan is running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
  return { proc, url: `http://127.0.0.1:${port}`, out: () => out };
}

/** A port the OS just handed out and released, so no other test's server holds it. */
async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
let running: ChildProcess[] = [];
afterEach(() => {
  for (const p of running) p.kill('SIGKILL');
  running = [];
});

describe('nothing accepted is lost', () => {
  it('keeps every question answered with 201 when the process is killed the instant after', async () => {
    const dataDir = tempDataDir();
    const first = await spawnServer(dataDir, await freePort());
    running.push(first.proc);
    expect(first.out()).toContain('created account "admin"');
    const netizen = new Client(first.url);
    const accepted: number[] = [];
    // Fire a burst, and kill -9 as soon as the last 201 arrives: no graceful close, no flush.
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => netizen.post('/api/interviews/demo/questions', { content: `崩溃前提交的问题 ${i}` })),
    );
    for (const r of replies) if (r.status === 201) accepted.push(r.body.id);
    first.proc.kill('SIGKILL');
    await new Promise((resolve) => first.proc.once('exit', resolve));
    expect(accepted).toHaveLength(40);

    const second = await spawnServer(dataDir, await freePort());
    running.push(second.proc);
    // The first start's admin is kept: no second account, no new password printed.
    expect(second.out()).not.toContain('created account');
    const admin = new Client(second.url);
    await admin.login('admin', ADMIN_PASSWORD);
    const stored = (await admin.get('/api/studio/interviews/1/questions')).body.map((q: any) => q.id);
    expect(stored).toEqual(expect.arrayContaining(accepted));
  });

  it('keeps questions, decisions, accounts and sessions across a restart', async () => {
    const dataDir = tempDataDir();
    let server: TestServer = await startServer({}, dataDir);
    const staff = await staffClients(server.url);
    const q = await new Client(server.url).post('/api/interviews/demo/questions', { content: '重启后还在吗' });
    await staff.reviewer.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'rejected', reason: '测试原因' });
    await server.close();

    server = await startServer({}, dataDir);
    try {
      const reviewer = new Client(server.url);
      reviewer.cookie = staff.reviewer.cookie;
      expect((await reviewer.get('/api/auth/me')).status).toBe(200);
      const ticket = await new Client(server.url).get(`/api/questions/by-ticket/${q.body.ticket}`);
      expect(ticket.body).toMatchObject({ status: 'not_published', reason: '测试原因' });
      const admin = new Client(server.url);
      await admin.login('admin', ADMIN_PASSWORD);
      expect((await admin.get('/api/studio/users')).body).toHaveLength(5);
      expect((await admin.get(`/api/studio/audit?entity=question&entityId=${q.body.id}`)).body.map((e: any) => e.action)).toEqual([
        'question.submit',
        'question.rejected',
      ]);
    } finally {
      await server.close();
    }
  });
});

describe('a dropped connection misses nothing', () => {
  it('replays to a viewer what was published while its connection was down', async () => {
    const server = await startServer();
    try {
      const staff = await staffClients(server.url);
      const viewer = ioClient(`${server.url}/viewer`, { auth: { interview: 'demo' }, transports: ['websocket'], reconnectionDelay: 100 });
      await new Promise((resolve) => viewer.once('connect', () => resolve(undefined)));
      // Recovery needs at least one packet with an offset to resume from.
      const warm = await new Client(server.url).post('/api/interviews/demo/questions', { content: '预热问题' });
      const warmed = new Promise((resolve) => viewer.once('question', resolve));
      await staff.reviewer.post(`/api/studio/questions/${warm.body.id}/transition`, { to: 'approved' });
      await warmed;

      const received: any[] = [];
      viewer.on('question', (q) => received.push(q));
      const q = await new Client(server.url).post('/api/interviews/demo/questions', { content: '断线期间通过的问题' });
      viewer.io.engine.close(); // the network drops
      await staff.reviewer.post(`/api/studio/questions/${q.body.id}/transition`, { to: 'approved' });
      await new Promise((resolve) => viewer.once('connect', () => resolve(undefined)));
      await new Promise((r) => setTimeout(r, 200));
      expect(viewer.recovered).toBe(true);
      expect(received.map((x) => x.id)).toContain(q.body.id);
      viewer.close();
    } finally {
      await server.close();
    }
  });
});
