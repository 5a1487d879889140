import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { io as ioClient, type Socket } from 'socket.io-client';
import { buildApp } from '../../server/app.js';
import { firstStart, type FirstStart } from '../../server/bootstrap.js';
import { loadConfig, type Config } from '../../server/config.js';
import { openDatabase, type OpenedDb } from '../../server/db/index.js';
import { createDomain, type Domain } from '../../server/domain.js';

export const ADMIN_PASSWORD = 'admin-password-1';

export interface TestServer {
  app: FastifyInstance;
  domain: Domain;
  database: OpenedDb;
  config: Config;
  url: string;
  dataDir: string;
  /** What the first start created (e.g. the admin's generated password when ADMIN_PASSWORD was ''). */
  first: FirstStart;
  close(): Promise<void>;
}

/** A fresh data folder under the OS temp dir. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fangtan-test-'));
}

/**
 * Starts the real app on a loopback port over a real SQLite file (a new one unless dataDir is given).
 * `ADMIN_PASSWORD: ''` starts without one, as an operator who lets the first start generate it.
 */
export async function startServer(env: Record<string, string> = {}, dataDir = tempDataDir()): Promise<TestServer> {
  const merged: Record<string, string | undefined> = {
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    QUESTION_RATE_MAX: '1000',
    LOGIN_RATE_MAX: '1000',
    MEDIA_WORKERS: '1',
    ...env,
  };
  if (merged.ADMIN_PASSWORD === '') delete merged.ADMIN_PASSWORD;
  const config = loadConfig(merged);
  const database = await openDatabase(config.DATA_DIR, config.DB_SYNCHRONOUS);
  const domain = await createDomain(database.db, config);
  const first = await firstStart(domain, config);
  const app = await buildApp(domain, config);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    domain,
    database,
    config,
    url: address,
    dataDir,
    first,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A tiny JSON client that keeps a staff session's cookie and CSRF token, like the studio does. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(
    readonly base: string,
    readonly lang = 'zh-CN',
  ) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const res = await fetch(this.base + url, {
      method,
      headers: {
        'accept-language': this.lang,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(this.cookie && { cookie: this.cookie }),
        ...(this.csrf && { 'x-csrf-token': this.csrf }),
        ...headers,
      },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  get = <T = any>(url: string) => this.request<T>('GET', url);
  post = <T = any>(url: string, body?: unknown) => this.request<T>('POST', url, body);
  patch = <T = any>(url: string, body?: unknown) => this.request<T>('PATCH', url, body);
  put = <T = any>(url: string, body?: unknown) => this.request<T>('PUT', url, body);
  /** Sends a file as the body, as the studio does (no multipart): its bytes under their content type. */
  upload = <T = any>(url: string, bytes: Buffer, type: string) => this.request<T>('POST', url, bytes, { 'content-type': type });

  async login(username: string, password: string): Promise<void> {
    const r = await this.post('/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    this.csrf = r.body.csrfToken;
  }
}

/**
 * Logs in as admin and creates one account per role, returning a signed-in client for each. The accounts
 * skip the forced change at first login, as an admin may tick off for a password agreed with its holder.
 */
export async function staffClients(base: string): Promise<Record<'admin' | 'host' | 'director' | 'reviewer' | 'editor', Client>> {
  const admin = new Client(base);
  await admin.login('admin', ADMIN_PASSWORD);
  const out = { admin } as Record<'admin' | 'host' | 'director' | 'reviewer' | 'editor', Client>;
  for (const role of ['host', 'director', 'reviewer', 'editor'] as const) {
    const r = await admin.post('/api/studio/users', {
      username: `${role}1`,
      displayName: role,
      role,
      password: `${role}-password-1`,
      mustChangePassword: false,
    });
    if (r.status !== 201) throw new Error(`create ${role}: ${JSON.stringify(r.body)}`);
    const c = new Client(base);
    await c.login(`${role}1`, `${role}-password-1`);
    out[role] = c;
  }
  return out;
}

/** A connected viewer socket for an interview. */
export async function viewerSocket(base: string, slug: string): Promise<Socket> {
  const socket = ioClient(`${base}/viewer`, { auth: { interview: slug }, transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves with the next `event` payload that satisfies `match`, or rejects after a timeout. */
export function nextEvent<T>(socket: Socket, event: string, match: (p: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (p: T) => {
      if (!match(p)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(p);
    };
    socket.on(event, handler);
  });
}
