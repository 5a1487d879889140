import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import {
  CuePublic,
  ErrorBody,
  LiveTextPublic,
  FOLLOW_MAX_TICKETS,
  InterviewPublic,
  PROTOCOL_VERSION,
  QuestionPublic,
  TicketView,
  type ViewerClientEvents,
  type ViewerServerEvents,
} from './contract.js';

/** What a page wants to hear from the `/viewer` namespace, already validated; each is optional. */
export interface ViewerHandlers {
  question?(q: QuestionPublic): void;
  removed?(id: number): void;
  interview?(i: InterviewPublic): void;
  viewers?(count: number): void;
  /** The latest view of a question followed by ticket: pushed as it changed, or the answer to following it. */
  mine?(view: TicketView): void;
  /** A caption cue began, changed, became final or was corrected (same id). */
  cue?(c: CuePublic): void;
  cueRemoved?(id: number): void;
  /** A live-text entry (图文直播) was published or corrected (same id). */
  liveText?(e: LiveTextPublic): void;
  liveTextRemoved?(id: number): void;
  /** The question on air, or null: sent on join and whenever it changes. */
  onAir?(q: QuestionPublic | null): void;
  /** The server opens no question of this interview with that ticket. */
  refused?(ticket: string): void;
  /** `missedEvents` is true after a reconnection the server could not replay. */
  online?(missedEvents: boolean): void;
  offline?(): void;
  /** The server speaks another version of the events (this page is stale): only a reload helps. */
  outdated?(): void;
}

export interface ViewerConnection {
  /** Follows these tickets' questions from now on, through every reconnection. */
  follow(tickets: readonly string[]): void;
  close(): void;
}

const Removed = z.object({ id: z.number().int() });
const Viewers = z.object({ count: z.number().int().nonnegative() });
const FollowAck = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.array(TicketView.nullable()) }),
  z.object({ ok: z.literal(false), error: ErrorBody }),
]);

/**
 * Joins one interview's live channel on the page's own origin. Types do not validate: every payload is
 * parsed, and one that does not match is dropped. `ticketsOnly` is the asker's page: it hears only the
 * questions it follows and is not counted as a viewer.
 */
export function connectViewer(slug: string, handlers: ViewerHandlers, options: { ticketsOnly?: boolean } = {}): ViewerConnection {
  const socket: Socket<ViewerServerEvents, ViewerClientEvents> = io('/viewer', {
    auth: { interview: slug, protocol: PROTOCOL_VERSION, ...(options.ticketsOnly && { ticketsOnly: true }) },
    // The netizen flow is cookieless; a stray session cookie must not ride along.
    withCredentials: false,
  });

  function accept<T>(schema: z.ZodType<T>, deliver: ((value: T) => void) | undefined) {
    return (payload: unknown) => {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) console.warn('fangtan: dropped an invalid socket payload', parsed.error.issues);
      else deliver?.(parsed.data);
    };
  }

  socket.on('question', accept(QuestionPublic, handlers.question));
  socket.on('question:removed', accept(Removed, (p) => handlers.removed?.(p.id)));
  socket.on('interview', accept(InterviewPublic, handlers.interview));
  socket.on('viewers', accept(Viewers, (p) => handlers.viewers?.(p.count)));
  socket.on('cue', accept(CuePublic, handlers.cue));
  socket.on('cue:removed', accept(Removed, (p) => handlers.cueRemoved?.(p.id)));
  socket.on('livetext', accept(LiveTextPublic, handlers.liveText));
  socket.on('livetext:removed', accept(Removed, (p) => handlers.liveTextRemoved?.(p.id)));
  socket.on('onair', accept(QuestionPublic.nullable(), handlers.onAir));

  const followed = new Set<string>();
  // Questions pushed while a follow is on its way: its answer was read no later than the push, so the
  // push wins for those.
  const pushedDuring = new Set<Set<number>>();
  socket.on(
    'question:mine',
    accept(TicketView, (view) => {
      for (const ids of pushedDuring) ids.add(view.id);
      handlers.mine?.(view);
    }),
  );

  function sendFollow(tickets: string[]): void {
    for (let i = 0; i < tickets.length; i += FOLLOW_MAX_TICKETS) {
      const batch = tickets.slice(i, i + FOLLOW_MAX_TICKETS);
      const pushed = new Set<number>();
      pushedDuring.add(pushed);
      socket.emit('follow', { tickets: batch }, (answer: unknown) => {
        pushedDuring.delete(pushed);
        const parsed = FollowAck.safeParse(answer);
        if (!parsed.success || !parsed.data.ok) {
          console.warn('fangtan: following questions failed', parsed.success ? parsed.data : parsed.error.issues);
          return;
        }
        parsed.data.data.forEach((view, n) => {
          if (!view) handlers.refused?.(batch[n]!);
          else if (!pushed.has(view.id)) handlers.mine?.(view);
        });
      });
    }
  }

  let connectedBefore = false;
  socket.on('connect', () => {
    // After a short drop the server replays what was missed (connection state recovery); only a
    // fresh session needs a new snapshot. That also spares the server a stampede of GETs when
    // thousands of phones reconnect at once.
    handlers.online?.(connectedBefore && !socket.recovered);
    connectedBefore = true;
    // Following again is harmless and answers with the current status, which covers a fresh session,
    // tickets added while offline and a follow whose answer the drop swallowed.
    if (followed.size > 0) sendFollow([...followed]);
  });
  socket.on('disconnect', () => handlers.offline?.());
  // The client retries lost transports itself; meanwhile the page keeps what it loaded over HTTP.
  // A refused handshake is not retried, and a refusal for another protocol version never would succeed.
  socket.on('connect_error', (err) => (err.message === 'protocol_version' ? handlers.outdated?.() : handlers.offline?.()));

  return {
    follow(tickets) {
      const fresh = tickets.filter((t) => !followed.has(t));
      for (const t of fresh) followed.add(t);
      if (socket.connected && fresh.length > 0) sendFollow(fresh);
    },
    close() {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
