import type { FastifyBaseLogger } from 'fastify';
import type { BroadcastRoom } from '../media/room.js';
import type { RecordingTap, TapPorts } from '../media/recordingTap.js';
import { TrackClock } from './clock.js';
import { SEGMENT_SECONDS, startCaptureProcess, udpListening, type CaptureProcess } from './ffmpeg.js';
import type { PortPairs } from './ports.js';
import type { RecordingStore } from './store.js';

export type OpenTap = (room: BroadcastRoom, participantId: string, ports: TapPorts) => Promise<RecordingTap | null>;

/** How long to wait before starting ffmpeg again after it died, so a broken setup does not spin. */
const RESTART_DELAY_MS = 1000;
/** How often closed segments are probed and listed while recording. */
const INGEST_EVERY_MS = 3000;
/** How often each track clock's anchors are saved beside its segments (what a crash may lose of them). */
const ANCHORS_EVERY_MS = 2000;

type Kind = 'audio' | 'video';

/**
 * Records one stage participant in one room: a tap of their current producers, each track into its own
 * ffmpeg after another (a run), dated by its track clock. When an ffmpeg dies it starts again (a new run of
 * that track) as long as the tap lives; when the tap ends (they left, republished, their worker died), the
 * capture ends and the recorder decides what comes next.
 */
export class ParticipantCapture {
  private tap: RecordingTap | null = null;
  private readonly procs = new Map<Kind, CaptureProcess>();
  private readonly clocks = new Map<Kind, TrackClock>();
  private ports: number[] = [];
  private anchorTimer: ReturnType<typeof setInterval> | null = null;
  private stopping = false;
  private keyTimer: ReturnType<typeof setTimeout> | null = null;
  private ingestTimer: ReturnType<typeof setInterval> | null = null;
  /** Wall ms of the last restart of ffmpeg (for the status: a problem for a while after). */
  lastRestartMs: number | null = null;
  readonly ended: Promise<void>;
  private endResolve: () => void = () => undefined;

  constructor(
    readonly interviewId: number,
    readonly participantId: string,
    readonly name: string,
    private readonly room: BroadcastRoom,
    private readonly store: RecordingStore,
    private readonly portPairs: PortPairs,
    private readonly openTap: OpenTap,
    private readonly log: FastifyBaseLogger,
  ) {
    this.ended = new Promise((r) => (this.endResolve = r));
  }

  /** The current tap (the benchmark traces its key frames). */
  get currentTap(): RecordingTap | null {
    return this.tap;
  }

  get producerIds(): string[] {
    return this.tap?.producerIds ?? [];
  }

  get kinds(): Array<'audio' | 'video'> {
    return this.tap?.kinds ?? [];
  }

  /** The folders the running ffmpegs write into. */
  get runDirs(): string[] {
    return [...this.procs.values()].map((p) => p.dir);
  }

  /** The pids of the running ffmpegs, one per track (the benchmark reads their CPU time). */
  get pids(): number[] {
    return [...this.procs.values()].flatMap((p) => (p.pid === undefined ? [] : [p.pid]));
  }

  /** The pid of the running ffmpeg of the picture, else of the sound (tests kill it to check the restart). */
  get pid(): number | undefined {
    return (this.procs.get('video') ?? this.procs.get('audio'))?.pid;
  }

  /** Opens the tap and the first run; false when the participant publishes nothing. */
  async start(): Promise<boolean> {
    const audio = await this.portPairs.take();
    const video = await this.portPairs.take();
    this.ports = [audio, video];
    const tap = await this.openTap(this.room, this.participantId, { audio, video }).catch((err: unknown) => {
      this.log.warn({ err, participantId: this.participantId }, 'could not tap a participant for recording');
      return null;
    });
    if (!tap) {
      this.release();
      return false;
    }
    this.tap = tap;
    void tap.ended.then(() => this.stop());
    await tap.onRtp((kind, ts, wallMs) => this.clocks.get(kind)?.observe(ts, wallMs)).catch((err: unknown) => {
      this.log.warn({ err, participantId: this.participantId }, 'could not trace the recorded packets');
    });
    await Promise.all(tap.kinds.map((kind) => this.run(kind)));
    this.scheduleKeyFrames();
    this.ingestTimer = setInterval(() => void this.ingest(true), INGEST_EVERY_MS);
    this.ingestTimer.unref();
    this.anchorTimer = setInterval(() => this.saveAnchors(), ANCHORS_EVERY_MS);
    this.anchorTimer.unref();
    return true;
  }

  private saveAnchors(): void {
    for (const [kind, proc] of this.procs) {
      const clock = this.clocks.get(kind);
      if (clock?.started) proc.setAnchors(clock.anchors());
    }
  }

  private async run(kind: Kind): Promise<void> {
    const tap = this.tap;
    if (!tap || this.stopping) return;
    const startedMs = Date.now();
    const dir = `${this.store.runDir(this.interviewId, this.participantId, startedMs)}-${kind}`;
    const port = kind === 'audio' ? this.ports[0]! : this.ports[1]!;
    // Held back until this ffmpeg listens: its time 0 is then the first packet the new clock sees. (A new tap is
    // paused already; after a restart the packets flowed to the dead ffmpeg's port.)
    await tap.pause(kind).catch(() => undefined);
    this.clocks.delete(kind);
    const proc = startCaptureProcess({ dir, sdp: tap.sdpOf(kind), info: { participantId: this.participantId, startedMs, kinds: [kind] }, rtcpPorts: [port + 1] });
    this.procs.set(kind, proc);
    void proc.exited.then(async ({ code, signal, stderr }) => {
      if (this.procs.get(kind) === proc) {
        const clock = this.clocks.get(kind);
        if (clock?.started) proc.setAnchors(clock.anchors());
      }
      await this.store.ingestRun(this.interviewId, dir, false).catch((err: unknown) => this.log.error({ err }, 'recording ingest failed'));
      if (this.stopping || this.procs.get(kind) !== proc) return;
      this.log.warn({ participantId: this.participantId, kind, code, signal, stderr: stderr.slice(-600) }, 'recording ffmpeg exited; starting it again');
      this.lastRestartMs = Date.now();
      setTimeout(() => void this.run(kind), RESTART_DELAY_MS).unref();
    });
    if (!(await udpListening([port, port + 1]))) this.log.warn({ participantId: this.participantId, kind }, 'recording ffmpeg is not listening yet');
    this.clocks.set(kind, new TrackClock(tap.clockRateOf(kind)));
    // Resumed only now: a key frame sent before ffmpeg listens is lost, and without one it cannot start.
    await tap.resume(kind).catch(() => undefined);
    if (kind !== 'video') return;
    // Until ffmpeg has found the picture's parameters it needs a key frame, and the first requests can be
    // lost (the browser's transport may still be connecting after a reconnect): ask again until it has one.
    let probed = false;
    void proc.origin.then(() => (probed = true));
    const ask = setInterval(() => {
      if (probed || this.stopping || this.procs.get(kind) !== proc) return clearInterval(ask);
      void tap.requestKeyFrame().catch(() => undefined);
    }, 700);
    ask.unref();
  }

  /**
   * A key frame just after every wall-clock multiple of the segment length: ffmpeg cuts there (it may only
   * cut on a key frame), and browsers send none unasked, so segments stay ~10 s and line up across people.
   */
  private scheduleKeyFrames(): void {
    const period = SEGMENT_SECONDS * 1000;
    const wait = period - (Date.now() % period) + 20;
    this.keyTimer = setTimeout(() => {
      void this.tap?.requestKeyFrame().catch(() => undefined);
      if (!this.stopping) this.scheduleKeyFrames();
    }, wait);
    this.keyTimer.unref();
  }

  /** Lists the segments closed so far. */
  async ingest(open: boolean): Promise<void> {
    for (const dir of this.runDirs) await this.store.ingestRun(this.interviewId, dir, open).catch((err: unknown) => this.log.error({ err }, 'recording ingest failed'));
  }

  /** Finishes the open segment, closes the tap, lists every segment. */
  async stop(): Promise<void> {
    if (this.stopping) return this.ended;
    this.stopping = true;
    if (this.keyTimer) clearTimeout(this.keyTimer);
    if (this.ingestTimer) clearInterval(this.ingestTimer);
    if (this.anchorTimer) clearInterval(this.anchorTimer);
    const procs = [...this.procs.values()];
    await Promise.all(procs.map((p) => p.stop()));
    this.saveAnchors();
    for (const proc of procs) await this.store.ingestRun(this.interviewId, proc.dir, false).catch((err: unknown) => this.log.error({ err }, 'recording ingest failed'));
    this.tap?.close();
    this.release();
    this.endResolve();
  }

  private release(): void {
    for (const p of this.ports) this.portPairs.release(p);
    this.ports = [];
  }
}
