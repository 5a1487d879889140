import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import type { Program } from '../../shared/media.js';
import type { RecordingProblem, RecordingStatus, RecordingStopReason } from '../../shared/schemas/recording.js';
import { recordAudit, type Actor } from '../audit/log.js';
import type { Db } from '../db/index.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import type { InterviewService } from '../interviews/service.js';
import type { RoomRegistry } from '../media/registry.js';
import type { BroadcastRoom } from '../media/room.js';
import { ParticipantCapture, type OpenTap } from './capture.js';
import { captureManifest, type CaptureManifest } from './manifest.js';
import { PortPairs } from './ports.js';
import { RecordingStore } from './store.js';

export interface RecordingOptions {
  root: string;
  /** Refuse to start below this many free bytes. */
  minFreeBytes: number;
  /** Warn below this. */
  lowFreeBytes: number;
  /** Stop by itself below this, keeping what was written. */
  stopFreeBytes: number;
  minPort: number;
  maxPort: number;
}

/** How often the disk is checked and the status pushed while recording. */
const TICK_MS = 5000;
/** A restart of a recorder counts as a problem in the status for this long. */
const RESTART_PROBLEM_MS = 20_000;
/** How long a change on stage settles before the recorders follow it. */
const RECONCILE_DELAY_MS = 400;

interface Live {
  room: BroadcastRoom | null;
  captures: Map<string, ParticipantCapture>;
  lastProgram: string | null;
  /** Reconciliations run one after another: two at once would start two recorders for one person. */
  chain: Promise<void>;
  pending: ReturnType<typeof setTimeout> | null;
}

/**
 * The capture of broadcasts (录制): while an interview's recording is on, every participant on stage (not the
 * green room) is recorded raw through a media tap and ffmpeg, and every change of what is on air is written
 * to the timeline. State lives in the database, so a restart picks a live recording up again as soon as its
 * room and producers come back.
 */
export class RecordingService extends EventEmitter<{ status: [RecordingStatus] }> {
  readonly store: RecordingStore;
  private readonly live = new Map<number, Live>();
  private readonly ports: PortPairs;
  private tick: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly bus: DomainBus,
    private readonly interviews: InterviewService,
    private readonly rooms: RoomRegistry,
    private readonly openTap: OpenTap,
    private readonly options: RecordingOptions,
    private readonly log: FastifyBaseLogger,
  ) {
    super();
    this.store = new RecordingStore(db, options.root);
    this.ports = new PortPairs(options.minPort, options.maxPort);
    rooms.on('open', (room) => {
      const l = this.live.get(room.interviewId);
      if (l) this.attach(l, room);
    });
    bus.on('interview:changed', (i) => {
      if (i.status === 'live') void this.autoStart(i.id).catch((err: unknown) => this.log.error({ err, interviewId: i.id }, 'recording did not start'));
    });
    bus.on('interview:ended', (i) => void this.finish(i.id).catch((err: unknown) => this.log.error({ err, interviewId: i.id }, 'recording did not finish')));
  }

  /**
   * After a start: spans a crash left open are closed at the last media written, segments cut by it are
   * listed, live interviews with recording on record again, and ended ones are completed.
   */
  async boot(): Promise<void> {
    fs.mkdirSync(this.options.root, { recursive: true });
    for (const { interviewId, active } of await this.store.unfinished()) {
      for (const dir of this.store.runDirs(interviewId)) await this.store.ingestRun(interviewId, dir, false);
      const open = (await this.store.spans(interviewId)).find((s) => s.endMs === null);
      if (open) await this.store.closeSpan(interviewId, Math.max(open.startMs, (await this.store.lastMediaEnd(interviewId)) ?? open.startMs));
      const interview = await this.interviews.getById(interviewId).catch(() => null);
      if (interview?.status === 'live' && active) await this.begin(interviewId);
      else if (interview?.status === 'ended') await this.finish(interviewId);
      else if (active) await this.store.save(interviewId, { active: false });
    }
    this.tick = setInterval(() => void this.onTick(), TICK_MS);
    this.tick.unref();
  }

  async status(interviewId: number): Promise<RecordingStatus> {
    const s = await this.store.settings(interviewId);
    const spans = await this.store.spans(interviewId);
    const now = Date.now();
    const open = spans.find((x) => x.endMs === null);
    const l = this.live.get(interviewId);
    // Only recorders whose tap is open: one still starting records nothing yet.
    const captures = [...(l?.captures.values() ?? [])].filter((c) => c.kinds.length > 0);
    const free = freeBytes(this.options.root);
    const lowDisk = free < this.options.lowFreeBytes;
    const problems: RecordingProblem[] = [];
    if (s.active) {
      if (captures.some((c) => c.lastRestartMs !== null && now - c.lastRestartMs < RESTART_PROBLEM_MS)) problems.push('capture_restarting');
      if (captures.length === 0) problems.push('no_media');
    }
    if (lowDisk) problems.push('disk_low');
    return {
      interviewId,
      whenLive: s.whenLive,
      recording: s.active,
      since: open ? new Date(open.startMs).toISOString() : null,
      elapsedMs: Math.round(spans.reduce((sum, x) => sum + Math.max(0, (x.endMs ?? now) - x.startMs), 0)),
      bytes: await this.store.bytes(interviewId),
      health: !s.active ? 'idle' : problems.length ? 'problem' : 'ok',
      problems,
      freeBytes: free,
      lowDisk,
      stoppedReason: s.active ? null : s.stoppedReason,
      participants: captures.map((c) => ({ participantId: c.participantId, name: c.name, kinds: c.kinds })),
    };
  }

  /** The director's switch: record by itself when the broadcast goes live, or not. */
  async setWhenLive(interviewId: number, whenLive: boolean, actor: Actor): Promise<RecordingStatus> {
    await this.interviews.getById(interviewId);
    await this.store.save(interviewId, { whenLive });
    await recordAudit(this.db, { actor, action: 'recording.settings', entity: 'interview', entityId: interviewId, after: { whenLive } });
    return this.announce(interviewId);
  }

  /** Starts recording a live broadcast (409 when it is not live or the disk is too full). */
  async start(interviewId: number, actor: Actor): Promise<RecordingStatus> {
    const interview = await this.interviews.getById(interviewId);
    if (interview.status !== 'live') throw new DomainError('conflict', 'interview', 'recording_not_live');
    if (!(await this.store.settings(interviewId)).active) {
      this.assertDisk();
      await this.begin(interviewId);
      await recordAudit(this.db, { actor, action: 'recording.start', entity: 'interview', entityId: interviewId });
    }
    return this.announce(interviewId);
  }

  /** Stops recording; what was written stays. */
  async stop(interviewId: number, actor: Actor | null, reason: RecordingStopReason = 'operator'): Promise<RecordingStatus> {
    await this.interviews.getById(interviewId);
    if ((await this.store.settings(interviewId)).active) {
      await this.end(interviewId, reason);
      if (actor) await recordAudit(this.db, { actor, action: 'recording.stop', entity: 'interview', entityId: interviewId, reason });
    }
    return this.announce(interviewId);
  }

  /** The capture manifest (server/recording/manifest.ts), after listing whatever is still unlisted on disk. */
  async manifest(interviewId: number): Promise<CaptureManifest> {
    // A run ffmpeg still writes keeps its newest file for later; every other run is listed whole.
    const writing = new Set([...(this.live.get(interviewId)?.captures.values() ?? [])].flatMap((c) => c.runDirs));
    for (const dir of this.store.runDirs(interviewId)) await this.store.ingestRun(interviewId, dir, writing.has(dir));
    return captureManifest(this.db, this.options.root, interviewId);
  }

  /** The recorders of a live interview, for tests and the benchmark (pids of the ffmpeg processes). */
  capturesOf(interviewId: number): ParticipantCapture[] {
    return [...(this.live.get(interviewId)?.captures.values() ?? [])];
  }

  /** Stops every recorder (the server shuts down): the spans close, the state stays on for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.tick) clearInterval(this.tick);
    const ids = [...this.live.keys()];
    const at = Date.now();
    await Promise.all(ids.map((id) => this.detach(id)));
    for (const id of ids) await this.store.closeSpan(id, at);
  }

  private async autoStart(interviewId: number): Promise<void> {
    const s = await this.store.settings(interviewId);
    // Only the broadcast's own start (or a reopen) starts it: not a director's stop, nor a full disk.
    if (this.closed || s.active || !s.whenLive || s.stoppedReason === 'operator' || s.stoppedReason === 'disk_full') return;
    if (freeBytes(this.options.root) < this.options.minFreeBytes) {
      this.log.error({ interviewId }, 'not recording: too little free disk space');
      await this.store.save(interviewId, { stoppedReason: 'disk_full' });
      await this.announce(interviewId);
      return;
    }
    await this.begin(interviewId);
    await this.announce(interviewId);
  }

  private async begin(interviewId: number): Promise<void> {
    await this.store.save(interviewId, { active: true, stoppedReason: null, completedAt: null });
    await this.store.openSpan(interviewId, Date.now());
    if (!this.live.has(interviewId)) {
      const l: Live = { room: null, captures: new Map(), lastProgram: null, chain: Promise.resolve(), pending: null };
      this.live.set(interviewId, l);
      const room = await this.rooms.peek(interviewId).catch(() => undefined);
      if (room && !room.isClosed) this.attach(l, room);
    }
  }

  private async end(interviewId: number, reason: RecordingStopReason): Promise<void> {
    // The span ends when the stop is asked for; ffmpeg then takes a moment to close its segment.
    const at = Date.now();
    await this.detach(interviewId);
    await this.store.closeSpan(interviewId, at);
    await this.store.save(interviewId, { active: false, stoppedReason: reason });
  }

  /** The broadcast ended: stop, list everything, and say the capture is complete (the composer starts). */
  private async finish(interviewId: number): Promise<void> {
    const s = await this.store.settings(interviewId);
    if (s.active) await this.end(interviewId, 'ended');
    else if (!(await this.store.spans(interviewId)).length) return;
    if (s.completedAt && !s.active) return;
    for (const dir of this.store.runDirs(interviewId)) await this.store.ingestRun(interviewId, dir, false);
    await this.store.save(interviewId, { completedAt: new Date().toISOString() });
    await this.announce(interviewId);
    this.bus.emit('recording:complete', { interviewId });
  }

  private attach(l: Live, room: BroadcastRoom): void {
    if (l.room === room) return;
    l.room = room;
    const onParticipants = () => this.reconcile(room.interviewId);
    const onProgram = (p: Program) => void this.noteProgram(room.interviewId, p);
    room.on('participants', onParticipants);
    room.on('program', onProgram);
    room.once('close', (reason) => {
      room.off('participants', onParticipants);
      room.off('program', onProgram);
      if (l.room === room) l.room = null;
      // Viewers see nothing until the room is rebuilt (or ever again, when it ended).
      void this.noteProgram(room.interviewId, { live: false, layout: 'single', slots: [] });
      this.reconcile(room.interviewId);
      if (reason !== 'ended') this.log.info({ interviewId: room.interviewId, reason }, 'recording waits for the room to come back');
    });
    void this.noteProgram(room.interviewId, room.program());
    this.reconcile(room.interviewId);
  }

  /** Starts a recorder for each person on stage who publishes, and stops those who left or republished. */
  private reconcile(interviewId: number): void {
    const l = this.live.get(interviewId);
    if (!l || l.pending) return;
    // A person publishes camera and microphone a moment apart: wait for both rather than record twice.
    l.pending = setTimeout(() => {
      l.pending = null;
      this.reconcileNow(interviewId);
    }, RECONCILE_DELAY_MS);
    l.pending.unref();
  }

  private reconcileNow(interviewId: number): void {
    const l = this.live.get(interviewId);
    if (!l) return;
    l.chain = l.chain
      .then(async () => {
        const room = l.room && !l.room.isClosed ? l.room : null;
        const want = new Map<string, { name: string; producerIds: string[] }>();
        for (const p of room?.participants() ?? []) {
          if (p.state !== 'stage' || !p.connected) continue;
          const ids = [p.producers.microphone?.id, p.producers.camera?.id].filter((x): x is string => !!x);
          if (ids.length) want.set(p.id, { name: p.name, producerIds: ids });
        }
        for (const [id, c] of l.captures) {
          const w = want.get(id);
          const same = w && w.producerIds.length === c.producerIds.length && w.producerIds.every((x) => c.producerIds.includes(x));
          if (!same) {
            l.captures.delete(id);
            await c.stop();
          }
        }
        if (this.live.get(interviewId) !== l || !room) return;
        for (const [id, w] of want) {
          if (l.captures.has(id)) continue;
          const c = new ParticipantCapture(interviewId, id, w.name, room, this.store, this.ports, this.openTap, this.log);
          l.captures.set(id, c);
          if (!(await c.start())) l.captures.delete(id);
          else void c.ended.then(() => {
            if (l.captures.get(id) === c) {
              l.captures.delete(id);
              this.reconcile(interviewId);
            }
          });
        }
        await this.announce(interviewId);
      })
      .catch((err: unknown) => this.log.error({ err, interviewId }, 'recording reconcile failed'));
  }

  private async noteProgram(interviewId: number, p: Program): Promise<void> {
    const l = this.live.get(interviewId);
    if (!l) return;
    const slots = p.live ? p.slots.map((s) => ({ participantId: s.participantId, name: s.name, title: s.title })) : [];
    const key = JSON.stringify([p.layout, slots]);
    if (key === l.lastProgram) return;
    l.lastProgram = key;
    await this.store.addProgramChange(interviewId, Date.now(), p.layout, slots).catch((err: unknown) => this.log.error({ err }, 'timeline write failed'));
  }

  private async detach(interviewId: number): Promise<void> {
    const l = this.live.get(interviewId);
    if (!l) return;
    this.live.delete(interviewId);
    if (l.pending) clearTimeout(l.pending);
    await l.chain;
    await Promise.all([...l.captures.values()].map((c) => c.stop()));
    l.captures.clear();
  }

  private assertDisk(): void {
    const free = freeBytes(this.options.root);
    if (free < this.options.minFreeBytes) {
      throw new DomainError('conflict', 'disk', 'recording_disk_low', { freeMb: Math.floor(free / 2 ** 20), needMb: Math.ceil(this.options.minFreeBytes / 2 ** 20) });
    }
  }

  private async onTick(): Promise<void> {
    for (const id of [...this.live.keys()]) {
      try {
        if (freeBytes(this.options.root) < this.options.stopFreeBytes) {
          this.log.error({ interviewId: id }, 'recording stopped: the disk is full');
          await this.end(id, 'disk_full');
        }
        await this.announce(id);
      } catch (err) {
        this.log.error({ err, interviewId: id }, 'recording tick failed');
      }
    }
  }

  private async announce(interviewId: number): Promise<RecordingStatus> {
    const s = await this.status(interviewId);
    this.emit('status', s);
    return s;
  }
}

/** Free bytes for an unprivileged writer on the disk holding `dir`. */
export function freeBytes(dir: string): number {
  fs.mkdirSync(dir, { recursive: true });
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
}
