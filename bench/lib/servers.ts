// Starts and stops the servers under test as child processes on a free loopback port.
//
// fangtan is started as `node --import tsx server/server.ts`: the same code and the same tsx loader as
// `npx tsx server/server.ts`, minus the npx and tsx-CLI wrapper processes, so the child's pid *is* the
// server and /proc/<pid> figures (RSS, CPU) are the server's own.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT_DIR = path.join(REPO, 'bench/out'); // git-ignored: profiles and scratch files
export const ADMIN_PASSWORD = 'admin-password-1';

export interface RunningServer {
  pid: number;
  base: string; // http://127.0.0.1:PORT
  /** Lines the process wrote to stderr (e.g. the inspector's address). */
  stderr: string[];
  stop(): Promise<void>;
}

/** A port that was free a moment ago (the kernel picks it; closed again before the server binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function launch(args: string[], env: Record<string, string>, ready: RegExp, cleanup: () => void): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  let stdout = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.push(...d.split('\n').filter(Boolean)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in 30 s:\n${stdout}\n${stderr.join('\n')}`)), 30_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (ready.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before ready:\n${stdout}\n${stderr.join('\n')}`));
    });
  });
  const port = /http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1];
  return {
    pid: child.pid!,
    base: `http://127.0.0.1:${port}`,
    stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM'); // fangtan closes gracefully (and writes a CPU profile if asked to)
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(killer);
      }
      cleanup();
    },
  };
}

export interface FangtanOptions {
  /** Extra environment, e.g. { DB_SYNCHRONOUS: 'FULL' }. */
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof', ...] or ['--inspect=127.0.0.1:0']. */
  nodeArgs?: string[];
}

/** fangtan itself, on a fresh data directory, configured as the brief says. */
export async function startFangtan(opts: FangtanOptions = {}): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangtan-bench-'));
  const env = {
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    QUESTION_RATE_MAX: '100000000',
    ...opts.env,
  };
  return launch([...(opts.nodeArgs ?? []), '--import', 'tsx', 'server/server.ts'], env, /fangtan is running: .*\n/, () =>
    fs.rmSync(dataDir, { recursive: true, force: true }),
  );
}

/** The ceiling: bare node:http + better-sqlite3 (bench/lib/ceiling-server.ts). */
export async function startCeiling(synchronous: 'NORMAL' | 'FULL' = 'NORMAL'): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangtan-ceiling-'));
  const env = { DATA_DIR: dataDir, PORT: String(await freePort()), DB_SYNCHRONOUS: synchronous };
  return launch(['--import', 'tsx', 'bench/lib/ceiling-server.ts'], env, /ceiling ready: .*\n/, () =>
    fs.rmSync(dataDir, { recursive: true, force: true }),
  );
}

/** The caption fan-out ceiling: a bare Socket.IO server (bench/lib/bare-io.ts). */
export async function startBareIo(): Promise<RunningServer> {
  return launch(['--import', 'tsx', 'bench/lib/bare-io.ts'], { PORT: String(await freePort()) }, /bare socket.io ready: .*\n/, () => {});
}

/** The replay-serving ceiling: a bare Fastify + @fastify/static on `root` (bench/lib/bare-static.ts). */
export async function startBareStatic(root: string): Promise<RunningServer> {
  return launch(['--import', 'tsx', 'bench/lib/bare-static.ts'], { PORT: String(await freePort()), ROOT: root }, /bare static ready: .*\n/, () => {});
}
