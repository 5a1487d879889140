import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { ErrorBody, PROTOCOL_VERSION, ProgramSchema, type Ack, type MediaClientEvents, type MediaServerEvents } from '../contract.js';

/**
 * The viewer's side of the `/media` namespace: a receive-only handshake, requests with typed answers,
 * and the `program` event parsed before anyone reads it.
 */
export type MediaSocket = Socket<MediaServerEvents, MediaClientEvents>;

// A request the server has not answered by then is treated as lost; the caller retries or rebuilds.
const REQUEST_TIMEOUT_MS = 10_000;

export { ProgramSchema };

const AckSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorBody }),
]);

/** The server refused a request (`code` is its error code), or it never answered (`timeout`). */
export class MediaRequestError extends Error {
  constructor(
    readonly event: string,
    readonly code: string,
    message: string,
  ) {
    super(`${event}: ${code} ${message}`);
    this.name = 'MediaRequestError';
  }
}

type Payload<E extends keyof MediaClientEvents> = Parameters<MediaClientEvents[E]>[0];
type AckData<E extends keyof MediaClientEvents> =
  Parameters<MediaClientEvents[E]>[1] extends (r: Ack<infer T>) => void ? T : never;

/**
 * The media socket of one interview on the page's own origin. The first one shares the `/viewer`
 * socket's connection (and so connects at once); later ones get their own and wait for `connect()`.
 */
export function openMediaSocket(slug: string): MediaSocket {
  return io('/media', {
    auth: { as: 'viewer', interview: slug, protocol: PROTOCOL_VERSION },
    // The netizen flow is cookieless, as on `/viewer`.
    withCredentials: false,
    autoConnect: false,
  });
}

/** Sends one request and resolves with its data; a refusal or a timeout rejects with MediaRequestError. */
export async function request<E extends keyof MediaClientEvents>(
  socket: MediaSocket,
  event: E,
  payload: Payload<E>,
): Promise<AckData<E>> {
  // The event map types each ack; one untyped call here spares every caller the generic gymnastics.
  const untyped = socket as unknown as Socket;
  let raw: unknown;
  try {
    raw = await untyped.timeout(REQUEST_TIMEOUT_MS).emitWithAck(event, payload);
  } catch {
    throw new MediaRequestError(event, 'timeout', 'no answer');
  }
  const ack = AckSchema.safeParse(raw);
  if (!ack.success) throw new MediaRequestError(event, 'invalid', 'malformed answer');
  if (!ack.data.ok) throw new MediaRequestError(event, ack.data.error.error, ack.data.error.message);
  return ack.data.data as AckData<E>;
}
