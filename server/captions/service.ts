import type {
  CaptionHolder,
  CaptionLine,
  CaptionsDesk,
  CaptionSend,
  CaptionCorrect,
  CuePublic,
  CueStaff,
  Speaker,
  SpeakerOption,
} from '../../shared/schemas/caption.js';
import type { Guest } from '../../shared/schemas/interview.js';
import { recordAudit } from '../audit/log.js';
import type { Db } from '../db/index.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import type { StaffActor } from '../questions/service.js';
import { toCuePublic, toCueStaff } from './mapping.js';
import { cueStore, type Writer } from './store.js';
import type { CaptionTracks } from './tracks.js';

/** A caption editor at the desk: the audit actor plus the name their cues carry. */
export type DeskActor = StaffActor & { id: number; displayName: string };

/** A holder who disconnected keeps the track this long (a reload, a network blip) before their text is sent for them. */
export const HOLDER_GRACE_MS = 5000;
/** Partials of one line closer than this are merged: the desk sends at most every 150 ms, a burst is noise. */
export const PARTIAL_GAP_MS = 100;
/** Cues a desk gets on join, to correct the last ones. */
const DESK_RECENT = 100;
/** Final cues per track a late viewer gets at once. */
export const VIEWER_RECENT_PER_TRACK = 20;

/** A line being typed: its row exists (id, seq), its text lives here until it is sent. */
interface OpenLine {
  cue: CueStaff;
  key: string;
  clockZero: number;
  lastEmit: number;
  timer?: NodeJS.Timeout;
}
interface Holder {
  userId: number;
  name: string;
  since: string;
}

const trackKey = (interviewId: number, track: string) => `${interviewId}|${track}`;
const writerKey = (interviewId: number, track: string, w: Writer) => `${trackKey(interviewId, track)}|${w.kind === 'user' ? `u${w.userId}` : `t${w.tokenId}`}`;
const deskWriter = (a: DeskActor): Writer => ({ kind: 'user', userId: a.id, name: a.displayName });

/**
 * Live captions (字幕): lines typed at the desk or posted by an ingest, from the first partial to a final
 * cue on disk, corrections and withdrawals (audited), and who holds each track (one typist at a time).
 * Announces every change on the bus after it committed; the realtime module fans it out.
 */
export class CaptionService {
  private readonly lines = new Map<number, OpenLine>();
  private readonly openBy = new Map<string, number>();
  /** A line whose row is being written: later partials of the same writer wait for its id. */
  private readonly beginning = new Map<string, Promise<number>>();
  private readonly holders = new Map<string, Holder>();
  private readonly presence = new Map<string, number>();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  /** Where a failure nobody awaits goes (a release after the grace, the close at the end): the app's log. */
  onBackgroundError: (err: unknown) => void = () => undefined;

  constructor(
    private readonly db: Db,
    private readonly bus: DomainBus,
    readonly tracks: CaptionTracks,
    private readonly holderGraceMs = HOLDER_GRACE_MS,
  ) {
    // The broadcast is over: what is still being typed is kept as sent, and nobody holds a track.
    bus.on('interview:ended', (i) => void this.closeInterview(i.id).catch((err: unknown) => this.onBackgroundError(err)));
  }

  /** At start: lines a stopped process left open are abandoned (their text was in its memory). */
  async recover(): Promise<void> {
    await cueStore.abandonOpen(this.db);
  }

  /** Everything a desk shows when it opens an interview. */
  async desk(interviewId: number): Promise<CaptionsDesk> {
    const interview = await this.interview(interviewId);
    const rows = await this.db
      .selectFrom('caption_cues')
      .selectAll()
      .where('interview_id', '=', interviewId)
      .where('state', '=', 'final')
      .orderBy('id', 'desc')
      .limit(DESK_RECENT)
      .execute();
    const open = this.openLines(interviewId).map((l) => ({ ...l.cue }));
    const cues = [...rows.reverse().map(toCueStaff), ...open].sort((a, b) => a.id - b.id);
    const holders = [...this.holders.entries()]
      .filter(([k]) => k.startsWith(`${interviewId}|`))
      .map(([k, h]) => this.holderView(interviewId, k.split('|')[1]!, h));
    return {
      tracks: await this.tracks.list(interviewId),
      speakers: await this.speakers(JSON.parse(interview.guests) as Guest[]),
      cues,
      holders,
      broadcastStartedAt: interview.broadcast_started_at,
    };
  }

  /** A partial from the desk: begins the typist's line on this track, updates it, or (empty) abandons it. */
  async line(input: CaptionLine, actor: DeskActor): Promise<{ id: number | null }> {
    const writer = deskWriter(actor);
    const key = writerKey(input.interviewId, input.track, writer);
    const id = await this.openId(key);
    if (id === undefined && !input.text.trim()) return { id: null };
    const clockZero = await this.liveClock(input.interviewId, input.track);
    this.claim(input.interviewId, input.track, actor);
    return { id: await this.partial(key, input.interviewId, input.track, writer, input.text, input.speaker, clockZero) };
  }

  /** Enter at the desk: the typist's line becomes final, on disk before this resolves. */
  async send(input: CaptionSend, actor: DeskActor): Promise<CueStaff> {
    const writer = deskWriter(actor);
    const clockZero = await this.liveClock(input.interviewId, input.track);
    this.claim(input.interviewId, input.track, actor);
    const [cue] = await this.finals(input.interviewId, input.track, writer, [{ text: input.text, speaker: input.speaker }], clockZero);
    return cue!;
  }

  /** Replaces a final cue's text (and speaker): viewers get the same id, revised. Audited. */
  async correct(input: CaptionCorrect, actor: StaffActor): Promise<CueStaff> {
    const now = new Date().toISOString();
    const after = await this.db.transaction().execute(async (trx) => {
      const row = await cueStore.get(trx, input.id);
      if (!row || row.state !== 'final') throw new DomainError('not_found', 'id');
      const before = toCueStaff(row);
      const speaker = input.speaker === undefined ? before.speaker : input.speaker;
      const updated = await trx
        .updateTable('caption_cues')
        .set({ text: input.text, speaker_name: speaker?.name ?? null, speaker_title: speaker?.title ?? '', revised: 1, updated_at: now })
        .where('id', '=', input.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const cue = toCueStaff(updated);
      await recordAudit(trx, { actor, action: 'caption.correct', entity: 'caption', entityId: cue.id, before, after: cue, at: now });
      return cue;
    });
    this.bus.emit('caption:changed', after);
    return after;
  }

  /** Withdraws a final cue: viewers drop it. Audited. */
  async withdraw(id: number, actor: StaffActor): Promise<{ id: number }> {
    const now = new Date().toISOString();
    const before = await this.db.transaction().execute(async (trx) => {
      const row = await cueStore.get(trx, id);
      if (!row || row.state !== 'final') throw new DomainError('not_found', 'id');
      await cueStore.setState(trx, id, 'withdrawn');
      const cue = toCueStaff(row);
      await recordAudit(trx, { actor, action: 'caption.withdraw', entity: 'caption', entityId: id, before: cue, at: now });
      return cue;
    });
    this.bus.emit('caption:removed', { interviewId: before.interviewId, id, track: before.track });
    return { id };
  }

  /** 接手: the actor holds the track; the previous holder's unsent text is first sent as a final in their name. */
  async takeover(interviewId: number, track: string, actor: DeskActor): Promise<CaptionHolder> {
    await this.interview(interviewId);
    await this.tracks.assertTrack(interviewId, track);
    const k = trackKey(interviewId, track);
    const previous = this.holders.get(k);
    if (previous && previous.userId !== actor.id) {
      this.holders.delete(k);
      await this.closeLine(writerKey(interviewId, track, { kind: 'user', userId: previous.userId, name: previous.name }));
    }
    return this.claim(interviewId, track, actor);
  }

  /** A desk socket of this user opened the interview (a reconnect within the grace keeps their track). */
  deskOpened(interviewId: number, userId: number): void {
    const k = `${interviewId}|${userId}`;
    this.presence.set(k, (this.presence.get(k) ?? 0) + 1);
    clearTimeout(this.graceTimers.get(k));
    this.graceTimers.delete(k);
  }

  /** A desk socket closed; when the user's last one did, their tracks are released after the grace. */
  deskClosed(interviewId: number, userId: number): void {
    const k = `${interviewId}|${userId}`;
    const left = (this.presence.get(k) ?? 1) - 1;
    if (left > 0) return void this.presence.set(k, left);
    this.presence.delete(k);
    const timer = setTimeout(() => {
      this.graceTimers.delete(k);
      void this.release(interviewId, userId).catch((err: unknown) => this.onBackgroundError(err));
    }, this.holderGraceMs);
    timer.unref();
    this.graceTimers.set(k, timer);
  }

  /** Posts from an ingest token: finals go to disk in one commit; a partial begins or updates its line. */
  async ingest(grant: { tokenId: number; interviewId: number; track: string; label: string }, posts: IngestPost[]): Promise<CueStaff[]> {
    const clockZero = await this.liveClock(grant.interviewId, grant.track);
    const writer: Writer = { kind: 'token', tokenId: grant.tokenId, name: grant.label || `ingest #${grant.tokenId}` };
    const finals = posts.filter((p) => p.final);
    const stored = await this.finals(grant.interviewId, grant.track, writer, finals, clockZero);
    const partial = posts.find((p) => !p.final);
    if (partial) {
      const key = writerKey(grant.interviewId, grant.track, writer);
      const id = await this.partial(key, grant.interviewId, grant.track, writer, partial.text, partial.speaker ?? null, clockZero);
      if (id !== null) stored.push({ ...this.lines.get(id)!.cue });
    }
    return stored;
  }

  /** Every final cue of a track, as the public sees it. */
  async publicFinals(interviewId: number, track: string): Promise<CuePublic[]> {
    await this.tracks.assertTrack(interviewId, track);
    return (await cueStore.finals(this.db, interviewId, track)).map((r) => toCuePublic(toCueStaff(r)));
  }

  /** What a viewer gets on connect: the last finals of every track, then the lines being typed. */
  async recentForViewers(interviewId: number): Promise<CuePublic[]> {
    const tracks = new Set((await this.tracks.list(interviewId)).map((t) => t.lang));
    const finals = (await cueStore.recentFinals(this.db, interviewId, VIEWER_RECENT_PER_TRACK)).map(toCueStaff);
    const open = this.openLines(interviewId).map((l) => l.cue);
    return [...finals, ...open].filter((c) => tracks.has(c.track)).map(toCuePublic);
  }

  // --- lines ---

  /** Writes finals for one writer: the open line (if any) takes the first text, the rest are new rows. */
  private async finals(interviewId: number, track: string, writer: Writer, posts: Array<{ text: string; speaker?: Speaker | null; at?: Date }>, clockZero: number): Promise<CueStaff[]> {
    if (posts.length === 0) return [];
    const key = writerKey(interviewId, track, writer);
    const openId = await this.openId(key);
    const open = openId === undefined ? undefined : this.detach(openId);
    const now = new Date();
    const rows = await this.db.transaction().execute(async (trx) => {
      const out = [];
      for (const [i, p] of posts.entries()) {
        const speaker = p.speaker === undefined ? (open?.cue.speaker ?? null) : p.speaker;
        if (i === 0 && open) out.push(await cueStore.finalize(trx, open.cue.id, p.text, speaker, now, open.clockZero));
        else out.push(await cueStore.insert(trx, { interviewId, track, writer, text: p.text, speaker, state: 'final', at: p.at ?? now, sentAt: now, clockZero }));
      }
      return out;
    });
    const cues = rows.map(toCueStaff);
    for (const c of cues) this.bus.emit('caption:changed', c);
    return cues;
  }

  /** A partial for one writer's line: begins it (row written), updates it (memory), or abandons it (empty). */
  private async partial(key: string, interviewId: number, track: string, writer: Writer, text: string, speaker: Speaker | null, clockZero: number): Promise<number | null> {
    const id = await this.openId(key);
    if (id === undefined) {
      if (!text.trim()) return null;
      const begun = cueStore.insert(this.db, { interviewId, track, writer, text, speaker, state: 'open', at: new Date(), clockZero }).then((row) => {
        const line: OpenLine = { cue: toCueStaff(row), key, clockZero, lastEmit: Date.now() };
        this.lines.set(row.id, line);
        this.openBy.set(key, row.id);
        this.bus.emit('caption:changed', { ...line.cue });
        return row.id;
      });
      this.beginning.set(key, begun);
      try {
        return await begun;
      } finally {
        this.beginning.delete(key);
      }
    }
    if (!text.trim()) {
      await this.abandon(id);
      return null;
    }
    const line = this.lines.get(id)!;
    if (line.cue.text === text && sameSpeaker(line.cue.speaker, speaker)) return id;
    line.cue = { ...line.cue, text, speaker };
    this.schedulePartial(line);
    return id;
  }

  /** Sends the line's latest text now, or once PARTIAL_GAP_MS has passed since the last one went out. */
  private schedulePartial(line: OpenLine): void {
    if (line.timer) return;
    const wait = line.lastEmit + PARTIAL_GAP_MS - Date.now();
    const emit = () => {
      line.timer = undefined;
      if (!this.lines.has(line.cue.id)) return;
      line.lastEmit = Date.now();
      this.bus.emit('caption:changed', { ...line.cue });
    };
    if (wait <= 0) emit();
    else line.timer = setTimeout(emit, wait);
  }

  /** The open line's id for a writer, waiting for its row if it is being written. */
  private async openId(key: string): Promise<number | undefined> {
    const pending = this.beginning.get(key);
    if (pending) await pending.catch(() => undefined);
    return this.openBy.get(key);
  }

  /** Takes a line out of memory (it is being sent or dropped); later partials begin a new one. */
  private detach(id: number): OpenLine | undefined {
    const line = this.lines.get(id);
    if (!line) return undefined;
    clearTimeout(line.timer);
    this.lines.delete(id);
    this.openBy.delete(line.key);
    return line;
  }

  private async abandon(id: number): Promise<void> {
    const line = this.detach(id);
    if (!line) return;
    await cueStore.setState(this.db, id, 'abandoned');
    this.bus.emit('caption:removed', { interviewId: line.cue.interviewId, id, track: line.cue.track });
  }

  /** A writer's open line is kept: sent as final with its text, or dropped when it has none. */
  private async closeLine(key: string): Promise<void> {
    const id = await this.openId(key);
    if (id === undefined) return;
    const line = this.lines.get(id)!;
    if (!line.cue.text.trim()) return this.abandon(id);
    this.detach(id);
    const row = await cueStore.finalize(this.db, id, line.cue.text.trim(), line.cue.speaker, new Date(), line.clockZero);
    this.bus.emit('caption:changed', toCueStaff(row));
  }

  private openLines(interviewId: number): OpenLine[] {
    return [...this.lines.values()].filter((l) => l.cue.interviewId === interviewId);
  }

  // --- holders ---

  /** The actor holds the track (taking it if free); another typist's track is refused until a takeover. */
  private claim(interviewId: number, track: string, actor: DeskActor): CaptionHolder {
    const k = trackKey(interviewId, track);
    const current = this.holders.get(k);
    if (current && current.userId !== actor.id) throw new DomainError('track_held', 'track');
    if (current) return this.holderView(interviewId, track, current);
    const holder = { userId: actor.id, name: actor.displayName, since: new Date().toISOString() };
    this.holders.set(k, holder);
    const view = this.holderView(interviewId, track, holder);
    this.bus.emit('caption:holder', { interviewId, track, holder: view });
    return view;
  }

  private holderView(interviewId: number, track: string, h: Holder): CaptionHolder {
    const id = this.openBy.get(writerKey(interviewId, track, { kind: 'user', userId: h.userId, name: h.name }));
    const line = id === undefined ? undefined : this.lines.get(id);
    return { track, userId: h.userId, name: h.name, lineId: line?.cue.id ?? null, text: line?.cue.text ?? '', speaker: line?.cue.speaker ?? null, since: h.since };
  }

  /** A holder gone for good: their unsent text is kept as final and their tracks are free. */
  private async release(interviewId: number, userId: number): Promise<void> {
    for (const [k, h] of [...this.holders.entries()]) {
      if (h.userId !== userId || !k.startsWith(`${interviewId}|`)) continue;
      const track = k.split('|')[1]!;
      this.holders.delete(k);
      await this.closeLine(writerKey(interviewId, track, { kind: 'user', userId, name: h.name }));
      this.bus.emit('caption:holder', { interviewId, track, holder: null });
    }
  }

  private async closeInterview(interviewId: number): Promise<void> {
    for (const l of this.openLines(interviewId)) await this.closeLine(l.key);
    for (const k of [...this.holders.keys()]) {
      if (!k.startsWith(`${interviewId}|`)) continue;
      this.holders.delete(k);
      this.bus.emit('caption:holder', { interviewId, track: k.split('|')[1]!, holder: null });
    }
  }

  // --- interview ---

  private async interview(id: number) {
    const row = await this.db.selectFrom('interviews').select(['id', 'status', 'guests', 'broadcast_started_at']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'interview');
    return row;
  }

  /** The broadcast clock's zero of a live interview with this track; 409 not_live otherwise. */
  private async liveClock(interviewId: number, track: string): Promise<number> {
    const i = await this.interview(interviewId);
    if (i.status !== 'live') throw new DomainError('not_live', 'interview');
    await this.tracks.assertTrack(interviewId, track);
    return Date.parse(i.broadcast_started_at ?? new Date().toISOString());
  }

  /** The host entry (each host account, or 主持人 when there is none), then the guests with 职务. */
  private async speakers(guests: Guest[]): Promise<SpeakerOption[]> {
    const hosts = await this.db.selectFrom('users').select('display_name').where('role', '=', 'host').where('active', '=', 1).orderBy('id').execute();
    const hostOptions: SpeakerOption[] = hosts.length
      ? hosts.map((h) => ({ name: h.display_name, title: '主持人', role: 'host' }))
      : [{ name: '主持人', title: '', role: 'host' }];
    return [...hostOptions, ...guests.map((g) => ({ name: g.name, title: g.title, role: 'guest' as const }))];
  }
}

/** One post to the ingest: a final line (text/plain blocks carry the captioner's time) or a partial. */
export interface IngestPost {
  text: string;
  speaker?: Speaker;
  final: boolean;
  at?: Date;
}

function sameSpeaker(a: Speaker | null, b: Speaker | null): boolean {
  return a?.name === b?.name && (a?.title ?? '') === (b?.title ?? '');
}
