import { SvelteMap } from 'svelte/reactivity';
import type { ErrorBody } from '../../../../shared/errors.js';
import {
  CaptionHolder,
  CaptionsDesk,
  CaptionTrackPublic,
  CueStaff,
  PRIMARY_CAPTION_TRACK,
  type Speaker,
  type SpeakerOption,
} from '../../../../shared/schemas/caption.js';
import { describeBody, type ErrorText } from '../../lib/errors.js';
import { i18n } from '../../lib/i18n/index.svelte.js';
import type { LiveStatus } from '../../lib/question-board.svelte.js';
import { connectCaptions, keepConnecting, type CaptionsSocket } from '../../lib/socket.js';
import { PartialSender } from './partial-sender.js';

/** How long an ack may take before the desk says the line did not get through (the text goes back in the box). */
const ACK_TIMEOUT_MS = 10_000;
/** The desk lists this many of the track's last cues: enough to spot and correct a slip. */
export const RECENT_CUES = 30;

/** A line sent with Enter whose ack has not come back yet: shown as 发送中, never as sent. */
export interface PendingLine {
  key: number;
  track: string;
  text: string;
  speaker: Speaker | null;
}

const storageKey = (interviewId: number) => `fangtan.studio.captionTrack.${interviewId}`;

/** An error body as one line of text in the UI language. */
export function errorLine(body: ErrorBody, status?: number): string {
  const { title, detail }: ErrorText = describeBody(body, status);
  return detail ? `${title} ${detail}` : title;
}

/**
 * One interview's caption desk (字幕台) over the `/captions` socket: tracks, speakers, the recent cues and who
 * holds each track. Everything comes from the join ack, so a reload or a reconnect shows the server's state,
 * including this typist's unsent line; later events upsert by id.
 */
export class CaptionDesk {
  readonly interviewId: number;
  readonly userId: number;
  live = $state<LiveStatus>('connecting');
  liveError = $state('');
  joined = $state(false);
  tracks = $state<CaptionTrackPublic[]>([]);
  speakers = $state<SpeakerOption[]>([]);
  broadcastStartedAt = $state<string | null>(null);
  readonly cues = new SvelteMap<number, CueStaff>();
  readonly holders = new SvelteMap<string, CaptionHolder>();

  /** The track being typed into. */
  track = $state<string>(PRIMARY_CAPTION_TRACK);
  /** Index into `speakers`, or null for no speaker. */
  speakerIndex = $state<number | null>(null);
  /** The text in the box: the line being typed. */
  draft = $state('');
  pending = $state<PendingLine[]>([]);
  /** Why the last line or partial was refused, in the UI language; '' when it was not. */
  sendError = $state('');
  /** The last line this desk sent that reached the disk, for the screen reader's status message. */
  lastSent = $state<{ seq: number; key: number } | null>(null);
  /** Who took this track over from this typist (接手), until they type again or take it back. */
  takenOverBy = $state<string | null>(null);

  readonly speaker = $derived(this.speakerIndex === null ? null : (this.speakers[this.speakerIndex] ?? null));
  readonly holder = $derived(this.holders.get(this.track) ?? null);
  /** Someone else holds this track: typing is refused until 接手. */
  readonly heldByOther = $derived.by(() => this.holder !== null && this.holder.userId !== this.userId);
  /** The final cues of the current track, newest first. */
  readonly recent = $derived(
    [...this.cues.values()]
      .filter((c) => c.track === this.track && c.final)
      .sort((a, b) => b.seq - a.seq)
      .slice(0, RECENT_CUES),
  );

  #socket: CaptionsSocket | null = null;
  /** Cancels the pending reconnect, if any (socket.ts keepConnecting). */
  #stopRetrying: () => void = () => {};
  #nextKey = 0;
  /** The id of this typist's open line (from the partials' acks), to recognise it when the server sends it. */
  #openLine: number | null = null;
  readonly #partials = new PartialSender((text) => this.#emitLine(text));

  constructor(interviewId: number, userId: number) {
    this.interviewId = interviewId;
    this.userId = userId;
    try {
      this.track = localStorage.getItem(storageKey(interviewId)) ?? PRIMARY_CAPTION_TRACK;
    } catch {
      // No storage: the primary track, which is where most typing happens anyway.
    }
  }

  /** What the holder of `track` has typed and not sent yet (their open partial). */
  typingOf(holder: CaptionHolder): string {
    const line = holder.lineId === null ? undefined : this.cues.get(holder.lineId);
    return line && !line.final ? line.text : holder.text;
  }

  start(): void {
    const socket = connectCaptions(i18n.lang);
    this.#socket = socket;
    socket.on('connect', () => this.#join(socket));
    this.#stopRetrying = keepConnecting(socket, {
      offline: () => (this.live = 'offline'),
      refused: () => this.#refused({ error: 'protocol_version', message: '' }),
    });
    socket.on('cue', (raw) => {
      const parsed = CueStaff.safeParse(raw);
      if (!parsed.success || parsed.data.interviewId !== this.interviewId) return;
      this.#upsert(parsed.data);
      this.#sentForMe(parsed.data);
    });
    socket.on('cue:removed', (p) => {
      if (p.interviewId === this.interviewId) this.cues.delete(p.id);
    });
    socket.on('holder', (p) => {
      if (p.interviewId !== this.interviewId) return;
      const parsed = CaptionHolder.nullable().safeParse(p.holder);
      if (!parsed.success) return;
      const wasMine = this.holders.get(p.track)?.userId === this.userId;
      if (parsed.data) this.holders.set(p.track, parsed.data);
      else this.holders.delete(p.track);
      if (wasMine && parsed.data && parsed.data.userId !== this.userId && p.track === this.track) {
        // Taken over: nothing more goes out from this box until this typist takes the track back.
        this.#partials.cancel();
        this.takenOverBy = parsed.data.name;
      } else if (parsed.data?.userId === this.userId) {
        this.takenOverBy = null;
      }
    });
    socket.on('tracks', (p) => {
      const parsed = CaptionTrackPublic.array().safeParse(p.tracks);
      if (parsed.success && p.interviewId === this.interviewId) this.tracks = parsed.data;
    });
  }

  stop(): void {
    this.#stopRetrying();
    this.#partials.cancel();
    this.#socket?.disconnect();
    this.#socket = null;
  }

  /** Picks the n-th speaker (1-based, as Alt+n), or none for 0; out-of-range numbers do nothing. */
  pickSpeaker(n: number): boolean {
    if (n === 0) this.speakerIndex = null;
    else if (n <= this.speakers.length) this.speakerIndex = n - 1;
    else return false;
    // Viewers see the speaker change on the open line at once.
    if (this.draft) this.#partials.update(this.draft);
    return true;
  }

  chooseTrack(lang: string): void {
    if (lang === this.track) return;
    // The open line on the old track is abandoned there; its text stays in the box for the new one.
    this.#partials.cancel();
    if (this.draft && this.holder?.userId === this.userId) this.#emitLine('');
    this.track = lang;
    try {
      localStorage.setItem(storageKey(this.interviewId), lang);
    } catch {
      // Not remembered past this page.
    }
    if (this.draft) this.#partials.update(this.draft);
  }

  /** The box changed (not during IME composition: pinyin letters are not words yet). */
  type(text: string): void {
    this.draft = text;
    if (this.heldByOther) return;
    this.#partials.update(text);
  }

  /**
   * Enter: the line goes out as a final cue. The box is free for the next line at once; the line shows as
   * sending until its ack says it is on disk, and comes back into the box with the reason if refused.
   */
  send(): void {
    const text = this.draft.trim();
    const socket = this.#socket;
    if (!text || !socket) return;
    // Offline, Socket.IO would hold the line and deliver it on reconnect, after the text was already back in
    // the box: the typist could send it twice. Say so instead and keep the text where it is.
    if (!socket.connected) {
      this.sendError = errorLine({ error: 'internal', message: '' }, 0);
      return;
    }
    this.#partials.cancel();
    this.#openLine = null;
    const line: PendingLine = { key: ++this.#nextKey, track: this.track, text, speaker: this.#speakerPayload() };
    const finalBefore = new Set([...this.cues.values()].filter((c) => c.final).map((c) => c.id));
    this.pending = [...this.pending, line];
    this.draft = '';
    this.sendError = '';
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emit('send', { interviewId: this.interviewId, track: line.track, text, speaker: line.speaker }, (err, ack) => {
        this.pending = this.pending.filter((p) => p.key !== line.key);
        if (!err && ack.ok) {
          this.lastSent = { seq: ack.data.seq, key: line.key };
          return this.#upsert(ack.data);
        }
        // No ack in time (the connection dropped): if the desk has meanwhile heard the line as final, it is
        // on disk, and putting it back in the box would invite a second copy.
        if (err && this.#landed(line, finalBefore)) return;
        this.sendError = errorLine(err ? { error: 'request_timeout', message: '' } : ack.ok ? { error: 'internal', message: '' } : ack.error);
        // Nothing typed is lost: the refused line goes back in front of whatever was typed since.
        this.draft = this.draft ? `${text}${this.draft}` : text;
        if (this.track === line.track) this.#partials.update(this.draft);
      });
  }

  /** Replaces a final cue's text; resolves with the reason when refused, '' when saved. */
  correct(id: number, text: string): Promise<string> {
    return this.#request((socket, done) =>
      socket.timeout(ACK_TIMEOUT_MS).emit('correct', { id, text }, (err, ack) => {
        if (!err && ack.ok) this.#upsert(ack.data);
        done(err, ack);
      }),
    );
  }

  /** Withdraws a cue from viewers; resolves with the reason when refused, '' when done. */
  withdraw(id: number): Promise<string> {
    return this.#request((socket, done) =>
      socket.timeout(ACK_TIMEOUT_MS).emit('withdraw', { id }, (err, ack) => {
        if (!err && ack.ok) this.cues.delete(id);
        done(err, ack);
      }),
    );
  }

  /** 接手: this typist holds the current track; the previous holder's unsent text is sent in their name. */
  takeover(): Promise<string> {
    const track = this.track;
    return this.#request((socket, done) =>
      socket.timeout(ACK_TIMEOUT_MS).emit('takeover', { interviewId: this.interviewId, track }, (err, ack) => {
        if (!err && ack.ok) this.holders.set(track, ack.data);
        done(err, ack);
      }),
    );
  }

  #request(
    emit: (socket: CaptionsSocket, done: (err: Error | null, ack: { ok: true } | { ok: false; error: ErrorBody }) => void) => void,
  ): Promise<string> {
    const socket = this.#socket;
    if (!socket) return Promise.resolve(errorLine({ error: 'internal', message: '' }));
    return new Promise((resolve) =>
      emit(socket, (err, ack) => {
        if (err) return resolve(errorLine({ error: 'request_timeout', message: '' }));
        resolve(ack.ok ? '' : errorLine(ack.error));
      }),
    );
  }

  #landed(line: PendingLine, finalBefore: ReadonlySet<number>): boolean {
    return [...this.cues.values()].some(
      (c) => c.final && !finalBefore.has(c.id) && c.track === line.track && c.text === line.text && c.author.userId === this.userId,
    );
  }

  #speakerPayload(): Speaker | null {
    const s = this.speaker;
    return s ? { name: s.name, title: s.title } : null;
  }

  #emitLine(text: string): void {
    // A partial is only worth its moment: never queued for a reconnect (the join sends the box's text anew).
    if (!this.#socket?.connected) return;
    const payload = { interviewId: this.interviewId, track: this.track, text, speaker: this.#speakerPayload() };
    this.#socket?.emit('line', payload, (ack) => {
      // A refused partial says why once; the next accepted one clears it.
      this.sendError = ack.ok ? '' : errorLine(ack.error);
      if (ack.ok) this.#openLine = ack.data.id;
    });
  }

  #join(socket: CaptionsSocket): void {
    this.live = 'connecting';
    socket.emit('join', { interviewId: this.interviewId }, (ack) => {
      if (!ack.ok) return this.#refused(ack.error);
      const parsed = CaptionsDesk.safeParse(ack.data);
      if (!parsed.success) return this.#refused({ error: 'internal', message: '' });
      this.live = 'online';
      this.liveError = '';
      this.#apply(parsed.data);
    });
  }

  /** Takes the server's state as it is, and puts this typist's own unsent line back in the box. */
  #apply(desk: CaptionsDesk): void {
    this.tracks = desk.tracks;
    this.speakers = desk.speakers;
    this.broadcastStartedAt = desk.broadcastStartedAt;
    this.cues.clear();
    for (const c of desk.cues) this.cues.set(c.id, c);
    this.holders.clear();
    for (const h of desk.holders) this.holders.set(h.track, h);
    if (!desk.tracks.some((tr) => tr.lang === this.track)) this.track = PRIMARY_CAPTION_TRACK;
    const mine = desk.holders.find((h) => h.userId === this.userId && h.text);
    if (mine && !this.draft) {
      this.track = mine.track;
      this.draft = this.typingOf(mine);
      this.#openLine = mine.lineId;
      const i = mine.speaker ? desk.speakers.findIndex((s) => s.name === mine.speaker?.name && s.title === mine.speaker.title) : -1;
      this.speakerIndex = i < 0 ? null : i;
    } else if (this.draft) {
      const h = this.holders.get(this.track);
      // Typed while offline: viewers get the box's text now, unless a colleague took the track meanwhile.
      if (!h || h.userId === this.userId) this.#partials.update(this.draft);
    }
    this.joined = true;
  }

  #upsert(c: CueStaff): void {
    const old = this.cues.get(c.id);
    // A late partial of a line never undoes the line's final (events and acks can cross).
    if (old?.final && !c.final) return;
    this.cues.set(c.id, c);
  }

  /**
   * The server sent this typist's open line for them (a colleague took the track over, or the connection
   * dropped for a while): that text has gone out, so only what was typed after it stays in the box.
   */
  #sentForMe(c: CueStaff): void {
    if (!c.final || c.id !== this.#openLine || c.author.userId !== this.userId) return;
    this.#openLine = null;
    const draft = this.draft.trimStart();
    if (draft.startsWith(c.text)) this.draft = draft.slice(c.text.length).trimStart();
  }

  #refused(error: ErrorBody): void {
    this.live = 'offline';
    this.liveError = errorLine(error);
  }
}
