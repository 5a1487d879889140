import type { z } from 'zod';
import { ErrorBody } from '../../../shared/errors.js';

/** A failed API call, carrying the server's error body (or a synthesised one for network failures). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    /** The answer as it came, for an error that carries more than ErrorBody (a plan import's bad rows). */
    readonly raw?: unknown,
  ) {
    super(body.message || body.error);
    this.name = 'ApiError';
  }
}

/** What every request needs from the outside: the UI language and the session's CSRF token. */
export interface ApiContext {
  language: () => string;
  csrfToken: () => string | null;
  /** Called when the server says the session is gone, so the app can send the user to the login page. */
  onUnauthorized: () => void;
  /** Called when the server says this account must change its password first, so the app can ask for it. */
  onPasswordChangeRequired: () => void;
}

let context: ApiContext = { language: () => 'zh-CN', csrfToken: () => null, onUnauthorized: () => {}, onPasswordChangeRequired: () => {} };

/** Wires the API client to the session and i18n state; called once at start-up. */
export function configureApi(c: ApiContext): void {
  context = c;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Calls the server and parses the answer with `schema`, so a drift between server and studio shows up as a
 * clear error here rather than as `undefined` deep inside a component.
 */
export async function request<S extends z.ZodType>(method: Method, path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
  const res = await send(method, path, body);
  const json: unknown = await res.json();
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    console.error('unexpected response', path, parsed.error);
    throw new ApiError(res.status, { error: 'internal', message: '' });
  }
  return parsed.data;
}

/**
 * Like `request`, with a file as the body instead of JSON (a live-text photo: the server reads the image
 * itself, with its type in Content-Type, so no multipart form is needed).
 */
export async function requestFile<S extends z.ZodType>(method: Method, path: string, schema: S, file: Blob, type: string): Promise<z.infer<S>> {
  const res = await send(method, path, undefined, { file, type });
  const parsed = schema.safeParse(await res.json());
  if (!parsed.success) {
    console.error('unexpected response', path, parsed.error);
    throw new ApiError(res.status, { error: 'internal', message: '' });
  }
  return parsed.data;
}

/** Like `request`, for answers without a body (204). */
export async function requestVoid(method: Method, path: string, body?: unknown): Promise<void> {
  await send(method, path, body);
}

async function send(method: Method, path: string, body: unknown, raw?: { file: Blob; type: string }): Promise<Response> {
  const headers: Record<string, string> = { 'accept-language': context.language(), accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (raw) headers['content-type'] = raw.type;
  const token = context.csrfToken();
  if (method !== 'GET' && token) headers['x-csrf-token'] = token;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: raw ? raw.file : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    // No answer at all: the server is down or the network is gone. Status 0 lets the UI say so.
    throw new ApiError(0, { error: 'internal', message: '' });
  }
  if (res.ok) return res;
  const { body: err, raw: answer } = await errorBody(res);
  // A 401 on the login call itself means bad credentials, not an expired session.
  if (res.status === 401 && path !== '/api/auth/login') context.onUnauthorized();
  if (err.error === 'password_change_required') context.onPasswordChangeRequired();
  throw new ApiError(res.status, err, answer);
}

async function errorBody(res: Response): Promise<{ body: ErrorBody; raw?: unknown }> {
  try {
    const raw: unknown = await res.json();
    const parsed = ErrorBody.safeParse(raw);
    if (parsed.success) return { body: parsed.data, raw };
  } catch {
    // Not JSON (a proxy's HTML page, say): fall through to a generic error.
  }
  return { body: { error: res.status === 404 ? 'not_found' : res.status === 429 ? 'rate_limited' : 'internal', message: '' } };
}
