import { z } from 'zod';
import type { Ack } from './errors.js';
import type { ChatHistory, ChatMessage } from './schemas/chat.js';
import type {
  CaptionCorrect,
  CaptionHolder,
  CaptionLine,
  CaptionsDesk,
  CaptionSend,
  CaptionTakeover,
  CaptionTrackPublic,
  CaptionWithdraw,
  CaptionsJoin,
  CuePublic,
  CueStaff,
} from './schemas/caption.js';
import type { LiveTextPublic } from './schemas/livetext.js';
import type { InterviewPublic, InterviewStaff } from './schemas/interview.js';
import type { QuestionPublic, QuestionStaff, TicketView } from './schemas/question.js';
import type { RecordingStatus } from './schemas/recording.js';

/**
 * Bumped when an event's shape changes incompatibly. Clients send it in every handshake (`auth.protocol`)
 * and the server refuses another version with `protocol_version`, so a page cached in a portal or a
 * browser tab left open over an upgrade says "reload" instead of misreading events.
 */
export const PROTOCOL_VERSION = 1;

/**
 * Whether a handshake's stated version is this one. Clients built before the check stated none: they
 * speak version 1, so they keep working until the first incompatible change, and are refused after it.
 */
export function speaksProtocol(stated: unknown): boolean {
  return (stated ?? 1) === PROTOCOL_VERSION;
}

/**
 * `/viewer` namespace. Handshake: `auth: { interview: slug, protocol }`. The asker's own ticket page adds
 * `ticketsOnly: true`: it hears only the questions it follows and is not counted as a viewer.
 */
export const ViewerHandshake = z.object({ interview: z.string().min(1).max(64), ticketsOnly: z.boolean().optional() });

/** Most tickets one viewer socket may follow: as many as a browser remembers (我的提问). */
export const FOLLOW_MAX_TICKETS = 100;
/** The tickets (回执) whose questions a viewer socket wants pushed to it as they change. */
export const ViewerFollow = z.object({ tickets: z.array(z.string().max(1000)).min(1).max(FOLLOW_MAX_TICKETS) });

export interface ViewerServerEvents {
  /** A public question appeared or changed. */
  question: (q: QuestionPublic) => void;
  /** A question left the public list (e.g. a reviewer withdrew an approval or merged it). */
  'question:removed': (p: { id: number }) => void;
  /** The interview's public fields or status changed. */
  interview: (i: InterviewPublic) => void;
  /** How many viewers are connected to this interview. */
  viewers: (p: { count: number }) => void;
  /** The asker's own question, followed by ticket, changed (or the question it was merged with did). */
  'question:mine': (q: TicketView) => void;
  /**
   * A caption cue: a partial while typed (`final: false`), then final; a correction re-sends the same id.
   * A socket that joins late gets the last cues of every track at once, then the live ones.
   */
  cue: (c: CuePublic) => void;
  /** A cue was withdrawn (or a partial abandoned): drop it. */
  'cue:removed': (p: { id: number }) => void;
  /** A live-text entry was published or corrected (same id). */
  livetext: (e: LiveTextPublic) => void;
  /** A published live-text entry was withdrawn. */
  'livetext:removed': (p: { id: number }) => void;
  /** The question on air (public, masked wording), or null when none is; sent on join as well. */
  onair: (q: QuestionPublic | null) => void;
}
export interface ViewerClientEvents {
  /**
   * Follow these tickets' questions; the ack lists each one's view in the same order, or null for a
   * ticket refused (unknown, malformed or of another interview: the same null, so it says nothing more).
   */
  follow: (p: z.input<typeof ViewerFollow>, ack: (r: Ack<Array<TicketView | null>>) => void) => void;
}

/**
 * `/studio` namespace. Authenticated by the staff session cookie. It only listens: every staff action
 * (moderate, edit, order the queue) has one door, its HTTP route, and the socket hears the result.
 */
export const StudioJoin = z.object({ interviewId: z.number().int().positive() });

export interface StudioServerEvents {
  /** A question was submitted or changed (every status, staff fields). */
  question: (q: QuestionStaff) => void;
  interview: (i: InterviewStaff) => void;
  viewers: (p: { interviewId: number; count: number }) => void;
  /** The joined interview's recording status changed (and every few seconds while it records). */
  recording: (s: RecordingStatus) => void;
}

export interface StudioClientEvents {
  /** Subscribe to one interview's questions; the ack carries all of them. */
  join: (p: z.input<typeof StudioJoin>, ack: (r: Ack<QuestionStaff[]>) => void) => void;
}

/**
 * `/crew` namespace: the crew back channel (内部沟通), staff only, authenticated by the session cookie. It
 * only listens: a message is posted over HTTP (`POST /api/studio/interviews/:id/chat`, its one door) and
 * every socket that joined the interview hears it as `chat`.
 */
export const CrewJoin = z.object({ interviewId: z.number().int().positive() });

export interface CrewServerEvents {
  /** A message was posted to the chat of an interview this socket joined. */
  chat: (m: ChatMessage) => void;
  /** The followed interview's chat stopped (the broadcast ended) or started again (reopened) taking messages. */
  'chat:writable': (p: { interviewId: number; writable: boolean }) => void;
}

export interface CrewClientEvents {
  /** Follow one interview's chat (leaving the one followed before); the ack carries the latest page. */
  join: (p: z.input<typeof CrewJoin>, ack: (r: Ack<ChatHistory>) => void) => void;
}

/**
 * `/captions` namespace: the caption desk (字幕编辑). Authenticated by the staff session cookie; only
 * CAPTIONERS connect (a liaison never). Payloads are the schemas of shared/schemas/caption.ts. One typist
 * holds a track at a time: the first `line` or `send` on a free track takes it, a `line`/`send` on a track
 * another holds is refused (`track_held`) until `takeover`. Every cue change is also sent to the interview's
 * viewers (`cue`, `cue:removed` on /viewer, public view).
 */
export interface CaptionsClientEvents {
  /** Open an interview's desk: tracks, speakers, recent cues (staff view) and who holds each track. */
  join: (p: z.input<typeof CaptionsJoin>, ack: (r: Ack<CaptionsDesk>) => void) => void;
  /**
   * A partial of the line being typed: begins the line (its id is fixed now) or updates it; not written
   * beyond the line's row. An empty text abandons the open line. Partials closer than ~100 ms are dropped
   * (still acked with the id).
   */
  line: (p: z.input<typeof CaptionLine>, ack: (r: Ack<{ id: number | null }>) => void) => void;
  /** Enter: the line becomes a final cue; acked with the stored cue only once it is committed to disk. */
  send: (p: z.input<typeof CaptionSend>, ack: (r: Ack<CueStaff>) => void) => void;
  /** Correct a final cue (same id, `revised: true`); audited. */
  correct: (p: z.input<typeof CaptionCorrect>, ack: (r: Ack<CueStaff>) => void) => void;
  /** Withdraw a cue; audited. */
  withdraw: (p: z.input<typeof CaptionWithdraw>, ack: (r: Ack<{ id: number }>) => void) => void;
  /** 接手: take a track over; the previous holder's unsent text is first sent as a final cue in their name. */
  takeover: (p: z.input<typeof CaptionTakeover>, ack: (r: Ack<CaptionHolder>) => void) => void;
}

export interface CaptionsServerEvents {
  /** A cue began, changed (partial text), became final, or was corrected (same id). Staff view. */
  cue: (c: CueStaff) => void;
  /** A cue was withdrawn or a partial abandoned. */
  'cue:removed': (p: { interviewId: number; id: number }) => void;
  /** Who holds a track changed (null: nobody). Partial text itself arrives as `cue` with `final: false`. */
  holder: (p: { interviewId: number; track: string; holder: CaptionHolder | null }) => void;
  /** The interview's track list changed. */
  tracks: (p: { interviewId: number; tracks: CaptionTrackPublic[] }) => void;
}

/**
 * What one fangtan process tells the others (`serverSideEmit`), once several run behind a Socket.IO adapter
 * (Redis): a process hears only its own domain bus, and each of these must reach sockets held by every
 * process. Today one process runs and these go over the in-process bus only; they are declared now so
 * every namespace is typed for them and the adapter can be added without retyping each one. Ids only:
 * each process reads the current state itself, so a late or repeated message does no harm.
 */
export interface InterServerEvents {
  /** A guest's invitation was revoked: its media sockets close and its peer leaves the room. */
  'invite:revoked': (p: { interviewId: number; inviteId: number }) => void;
  /** A staff account's role, activity, password or sessions changed: its open sockets are re-checked. */
  'staff:access-changed': (p: { userId: number }) => void;
  /** The broadcast ended: every process drops its media sockets for it and closes its room. */
  'interview:ended': (p: { interviewId: number }) => void;
  /** A crew chat message was stored: every process sends it to its `/crew` sockets of that interview. */
  'chat:posted': (p: { interviewId: number; messageId: number }) => void;
  /** A caption cue changed (began, partial, final, corrected): every process fans it out to its sockets. */
  'caption:changed': (p: { interviewId: number; id: number }) => void;
  /** A caption cue was withdrawn or abandoned. */
  'caption:removed': (p: { interviewId: number; id: number }) => void;
  /** A live-text entry changed (posted, approved, corrected, withdrawn): every process re-reads it for its viewers. */
  'livetext:changed': (p: { interviewId: number; id: number }) => void;
  /** The question on air changed: every process tells its viewers (`onair`). */
  'onair:changed': (p: { interviewId: number }) => void;
}
