// The caption editor of the benchmarks: a socket.io-client on `/captions` with an editor's session cookie,
// as the caption desk holds it (shared/events.ts CaptionsClientEvents), and its counterpart on the bare
// Socket.IO ceiling. Also the staff set-up it needs on a fresh fangtan: an `editor` account and the demo
// interview on air.
import { io, type Socket } from 'socket.io-client';
import type { Speaker } from '../../shared/schemas/caption.js';
import { ADMIN_PASSWORD } from './servers.js';

const EDITOR = { username: 'captioner', displayName: '字幕员', password: 'captioner-password-1' };
const ACK_TIMEOUT_MS = 15_000;

export interface Editor {
  /** Where the cues go: fangtan's caption path, or the bare broadcast. */
  name: 'fangtan' | 'bare';
  speaker: Speaker | null;
  /** Enter: a final cue; resolves when the server acks it (fangtan: once committed to SQLite). */
  send(text: string): Promise<void>;
  /** A partial of the open line (fangtan only). */
  line(text: string): Promise<void>;
  close(): void;
}

interface StaffSession {
  cookie: string;
  csrf: string;
}

async function login(base: string, username: string, password: string): Promise<StaffSession> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('fangtan_session='));
  if (!cookie) throw new Error('login set no fangtan_session cookie');
  return { cookie, csrf: csrfToken };
}

async function api<T>(base: string, s: StaffSession, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(new Error(`${socket.io.opts.path ?? ''} connect: ${err.message}`)));
  });
}

type AckBody = { ok: true; data: unknown } | { ok: false; error: { error: string; message: string } };

/** Emits with an ack; rejects on a refusal (`{ ok: false }`) or when no ack comes. */
function emitAck<T>(socket: Socket, event: string, payload: object): Promise<T> {
  return new Promise((resolve, reject) => {
    socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (err: Error | null, r: AckBody) => {
      if (err) reject(new Error(`${event}: no ack in ${ACK_TIMEOUT_MS} ms`));
      else if (!r.ok) reject(new Error(`${event} refused: ${r.error.error} ${r.error.message}`));
      else resolve(r.data as T);
    });
  });
}

/**
 * On a fresh fangtan: the demo interview goes live, an `editor` account is made, and its socket opens the
 * interview's caption desk (`join`). The speaker is the demo's guest, as the desk's Alt+2 would pick.
 */
export async function fangtanEditor(base: string): Promise<Editor> {
  const admin = await login(base, 'admin', ADMIN_PASSWORD);
  const list = await api<Array<{ id: number; slug: string; status: string }>>(base, admin, 'GET', '/api/studio/interviews');
  const demo = list.find((i) => i.slug === 'demo');
  if (!demo) throw new Error('no demo interview');
  if (demo.status !== 'live') await api(base, admin, 'PATCH', `/api/studio/interviews/${demo.id}`, { status: 'live' });
  await api(base, admin, 'POST', '/api/studio/users', { ...EDITOR, role: 'editor', mustChangePassword: false });
  const editor = await login(base, EDITOR.username, EDITOR.password);
  const socket = io(`${base}/captions`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie: editor.cookie },
    auth: { protocol: 1 },
  });
  await connected(socket);
  const desk = await emitAck<{ speakers: Array<Speaker & { role: string }> }>(socket, 'join', { interviewId: demo.id });
  const guest = desk.speakers.find((s) => s.role === 'guest') ?? desk.speakers[0];
  const speaker = guest ? { name: guest.name, title: guest.title } : null;
  const cue = (text: string) => ({ interviewId: demo.id, track: 'zh-CN', text, speaker });
  return {
    name: 'fangtan',
    speaker,
    send: async (text) => void (await emitAck(socket, 'send', cue(text))),
    line: async (text) => void (await emitAck(socket, 'line', cue(text))),
    close: () => socket.close(),
  };
}

/** The same editor against the bare Socket.IO ceiling (bench/lib/bare-io.ts). */
export async function bareEditor(base: string, speaker: Speaker | null): Promise<Editor> {
  const socket = io(`${base}/captions`, { transports: ['websocket'], forceNew: true, reconnection: false });
  await connected(socket);
  return {
    name: 'bare',
    speaker,
    send: async (text) => void (await emitAck(socket, 'send', { text, speaker, final: true })),
    line: async (text) => void (await emitAck(socket, 'send', { text, speaker, final: false })),
    close: () => socket.close(),
  };
}
