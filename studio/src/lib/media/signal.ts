import { io, type Socket } from 'socket.io-client';
import type { Ack, ErrorBody } from '../../../../shared/errors.js';
import { ErrorBody as ErrorBodySchema } from '../../../../shared/errors.js';
import { PROTOCOL_VERSION } from '../../../../shared/events.js';
import type { MediaClientEvents, MediaServerEvents } from '../../../../shared/media.js';

/** The `/media` socket as the studio and the guest page see it. */
export type MediaSocket = Socket<MediaServerEvents, MediaClientEvents>;

/** Who connects: staff by session cookie for one interview, or a remote guest by invitation token. */
export type MediaAuth = { as: 'staff'; interviewId: number } | { as: 'guest'; invite: string };

/** A refused media request or handshake, carrying the server's error body (code first, message second). */
export class MediaError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message || body.error);
    this.name = 'MediaError';
  }
}

type RequestName = keyof MediaClientEvents;
type PayloadOf<E extends RequestName> = Parameters<MediaClientEvents[E]>[0];
type DataOf<E extends RequestName> = Parameters<MediaClientEvents[E]>[1] extends (r: Ack<infer T>) => void ? T : never;

// Long enough for a transport to be created on a busy worker, short enough that a dead server shows.
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Opens `/media` on this origin without connecting yet, so callers can attach their handlers first. The
 * cookie rides along for staff; the UI language is sent too, as on `/studio`, so acks can be localised.
 */
export function openMediaSocket(auth: MediaAuth, language: string): MediaSocket {
  return io('/media', {
    path: '/socket.io',
    withCredentials: true,
    autoConnect: false,
    auth: { ...auth, language, protocol: PROTOCOL_VERSION },
  });
}

/** Sends one request and resolves with its ack's data; a refusal or a timeout rejects with a MediaError. */
export function ask<E extends RequestName>(socket: MediaSocket, event: E, payload: PayloadOf<E>): Promise<DataOf<E>> {
  // socket.io's typed `timeout().emit` rewrites every ack signature; one loose view keeps this helper simple.
  const loose = socket as unknown as {
    timeout(ms: number): { emit(ev: string, p: unknown, cb: (err: Error | null, r?: Ack<unknown>) => void): void };
  };
  return new Promise((resolve, reject) => {
    loose.timeout(REQUEST_TIMEOUT_MS).emit(event, payload, (err, r) => {
      if (err || !r) return reject(new MediaError({ error: 'internal', message: err?.message ?? '' }));
      if (r.ok) return resolve(r.data as DataOf<E>);
      const body = ErrorBodySchema.safeParse(r.error);
      reject(new MediaError(body.success ? body.data : { error: 'internal', message: '' }));
    });
  });
}

/** The error code behind a refused handshake: the server names it in the error's message. */
export function handshakeError(err: Error): MediaError {
  const code = ErrorBodySchema.shape.error.safeParse(err.message);
  return new MediaError({ error: code.success ? code.data : 'internal', message: '' });
}
