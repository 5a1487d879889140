import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import {
  InterviewPublic,
  PROTOCOL_VERSION,
  QuestionPublic,
  type ViewerClientEvents,
  type ViewerServerEvents,
} from './contract.js';

/** What the interview page wants to hear from the `/viewer` namespace, already validated. */
export interface ViewerHandlers {
  question(q: QuestionPublic): void;
  removed(id: number): void;
  interview(i: InterviewPublic): void;
  viewers(count: number): void;
  /** `missedEvents` is true after a reconnection the server could not replay. */
  online(missedEvents: boolean): void;
  offline(): void;
  /** The server speaks another version of the events (this page is stale): only a reload helps. */
  outdated(): void;
}

const Removed = z.object({ id: z.number().int() });
const Viewers = z.object({ count: z.number().int().nonnegative() });

/**
 * Joins one interview's live channel on the page's own origin and returns a function that leaves it.
 * Types do not validate: every payload is parsed, and one that does not match is dropped.
 */
export function connectViewer(slug: string, handlers: ViewerHandlers): () => void {
  const socket: Socket<ViewerServerEvents, ViewerClientEvents> = io('/viewer', {
    auth: { interview: slug, protocol: PROTOCOL_VERSION },
    // The netizen flow is cookieless; a stray session cookie must not ride along.
    withCredentials: false,
  });

  function accept<T>(schema: z.ZodType<T>, deliver: (value: T) => void) {
    return (payload: unknown) => {
      const parsed = schema.safeParse(payload);
      if (parsed.success) deliver(parsed.data);
      else console.warn('fangtan: dropped an invalid socket payload', parsed.error.issues);
    };
  }

  socket.on('question', accept(QuestionPublic, handlers.question));
  socket.on('question:removed', accept(Removed, (p) => handlers.removed(p.id)));
  socket.on('interview', accept(InterviewPublic, handlers.interview));
  socket.on('viewers', accept(Viewers, (p) => handlers.viewers(p.count)));

  let connectedBefore = false;
  socket.on('connect', () => {
    // After a short drop the server replays what was missed (connection state recovery); only a
    // fresh session needs a new snapshot. That also spares the server a stampede of GETs when
    // thousands of phones reconnect at once.
    handlers.online(connectedBefore && !socket.recovered);
    connectedBefore = true;
  });
  socket.on('disconnect', () => handlers.offline());
  // The client retries lost transports itself; meanwhile the page keeps what it loaded over HTTP.
  // A refused handshake is not retried, and a refusal for another protocol version never would succeed.
  socket.on('connect_error', (err) => (err.message === 'protocol_version' ? handlers.outdated() : handlers.offline()));

  return () => {
    socket.removeAllListeners();
    socket.disconnect();
  };
}
