import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type CaptionsClientEvents,
  type CaptionsServerEvents,
  type CrewClientEvents,
  type CrewServerEvents,
  type StudioClientEvents,
  type StudioServerEvents,
} from '../../../shared/events.js';

export type StudioSocket = Socket<StudioServerEvents, StudioClientEvents>;

/**
 * Opens the `/studio` namespace on this origin. The session cookie authenticates it; the handshake also says
 * which protocol version and UI language this client speaks, so acks can come back in that language.
 */
export function connectStudio(language: string): StudioSocket {
  return io('/studio', {
    path: '/socket.io',
    withCredentials: true,
    auth: { protocol: PROTOCOL_VERSION, language },
  });
}

export type CrewSocket = Socket<CrewServerEvents, CrewClientEvents>;

/**
 * Opens the `/crew` namespace (the crew back channel), authenticated like `/studio` by the session cookie.
 * Namespaces share one connection, whose options are those of the first socket a page opens: behind a
 * `/media` socket opened first (autoConnect off) this one does not connect by itself, so the caller checks
 * `active` and connects it.
 */
export function connectCrew(language: string): CrewSocket {
  return io('/crew', {
    path: '/socket.io',
    withCredentials: true,
    auth: { protocol: PROTOCOL_VERSION, language },
  });
}

export type CaptionsSocket = Socket<CaptionsServerEvents, CaptionsClientEvents>;

/** Opens the `/captions` namespace (the caption desk) on this origin, authenticated like `/studio`. */
export function connectCaptions(language: string): CaptionsSocket {
  return io('/captions', {
    path: '/socket.io',
    withCredentials: true,
    auth: { protocol: PROTOCOL_VERSION, language },
  });
}

/** How long a staff socket waits before trying again after a refusal Socket.IO does not retry itself. */
const RETRY_MS = 5000;

/** What `keepConnecting` needs of a socket, whatever its event maps. */
interface Reconnectable {
  readonly active: boolean;
  connect(): unknown;
  on(event: 'disconnect', fn: (reason: Socket.DisconnectReason) => void): unknown;
  on(event: 'connect_error', fn: (err: Error) => void): unknown;
}

/**
 * The reconnect rule of every staff page's socket. Socket.IO retries a network drop by itself, but not a
 * disconnect by the server (e.g. the session ended) nor a refused handshake (no valid session yet): those are
 * retried every RETRY_MS until stopped, so the page comes back by itself after the user signs in again. A page
 * built for another protocol version is refused for good (`refused`: say "reload" instead of retrying).
 * Returns the function that cancels a pending retry (call it when the page stops).
 */
export function keepConnecting(socket: Reconnectable, on: { offline(): void; refused(): void }): () => void {
  let retry: ReturnType<typeof setTimeout> | undefined;
  const retryLater = () => {
    clearTimeout(retry);
    retry = setTimeout(() => socket.connect(), RETRY_MS);
  };
  socket.on('disconnect', (reason) => {
    on.offline();
    if (reason === 'io server disconnect') retryLater();
  });
  socket.on('connect_error', (err) => {
    on.offline();
    if (err.message === 'protocol_version') return on.refused();
    if (!socket.active) retryLater();
  });
  return () => clearTimeout(retry);
}
