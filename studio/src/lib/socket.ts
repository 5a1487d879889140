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
